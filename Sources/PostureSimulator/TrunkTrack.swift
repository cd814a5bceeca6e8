import Foundation
import PostureCore

/// How a transition blends from one value to the next (both start and end at rest).
public enum TransitionProfile: Sendable {
    /// Minimum-jerk (10s³ − 15s⁴ + 6s⁵): the smooth reaching movement people make; zero
    /// velocity and acceleration at both ends.
    case minimumJerk
    /// Raised cosine (½ − ½cos πs): smooth velocity, acceleration steps at the ends.
    case raisedCosine

    @inline(__always) func blend(_ s: Double) -> Double {
        switch self {
        case .minimumJerk: return s * s * s * (10 + s * (-15 + 6 * s))
        case .raisedCosine: return 0.5 - 0.5 * cos(.pi * s)
        }
    }

    /// Peak of d(blend)/ds: the peak rate is this × |Δ| / duration.
    var peakSlope: Double {
        switch self {
        case .minimumJerk: return 1.875
        case .raisedCosine: return .pi / 2
        }
    }
}

/// The kinematic channels of the trunk model.
public enum TrunkChannel: Int, CaseIterable, Sendable {
    /// Trunk angles relative to the wearer's upright, degrees.
    case pitch, roll, yaw
    /// The hip pivot's position in the world, metres (x = initial forward, y = left, z = up).
    case hipX, hipY, hipZ
}

/// One transition of one channel: holds `from` before `start`, `to` after `start + duration`.
struct ChannelMove: Sendable {
    var start: Double
    var duration: Double
    var from: Double
    var to: Double
    var profile: TransitionProfile
}

/// A sinusoid added to a channel over a span, tapered in and out so nothing steps.
public struct ChannelOscillation: Sendable {
    public var channel: TrunkChannel
    public var start: Double
    public var end: Double
    public var frequencyHz: Double
    public var amplitude: Double
    public var phaseRadians: Double
    public var taperSeconds: Double

    @inline(__always) func value(at t: Double) -> Double {
        guard t > start, t < end else { return 0 }
        var gain = 1.0
        if taperSeconds > 0 {
            let edge = min(t - start, end - t)
            if edge < taperSeconds { gain = 0.5 - 0.5 * cos(.pi * edge / taperSeconds) }
        }
        return gain * amplitude * sin(2 * .pi * frequencyHz * (t - start) + phaseRadians)
    }
}

/// The trunk's motion: piecewise-smooth transitions per channel plus oscillations.
/// Evaluable at any time, so sensor samples can land anywhere (jitter) and derivatives
/// come from the same function (consistent gyro and accelerometer).
public struct TrunkTrack: Sendable {
    private var moves: [[ChannelMove]] = Array(repeating: [], count: TrunkChannel.allCases.count)
    private var restValues: [Double] = Array(repeating: 0, count: TrunkChannel.allCases.count)
    public private(set) var oscillations: [ChannelOscillation] = []
    /// Oscillation indices touching each whole second, built by `finish()`.
    private var oscillationBuckets: [[Int32]] = []

    public init() {}

    /// The channel's value once all its scheduled moves have finished.
    public func finalValue(_ c: TrunkChannel) -> Double { moves[c.rawValue].last?.to ?? restValues[c.rawValue] }

    /// When the channel's last scheduled move ends.
    public func busyUntil(_ c: TrunkChannel) -> Double {
        guard let m = moves[c.rawValue].last else { return 0 }
        return m.start + m.duration
    }

    /// Schedules a move of one channel to `value`. A move requested while the previous one
    /// is still running starts when that one ends, so a channel never jumps.
    public mutating func move(_ c: TrunkChannel, to value: Double, at start: Double, duration: Double,
                              profile: TransitionProfile = .minimumJerk) {
        let begin = max(start, busyUntil(c))
        moves[c.rawValue].append(ChannelMove(start: begin, duration: max(duration, 1e-3), from: finalValue(c),
                                             to: value, profile: profile))
    }

    public mutating func add(_ o: ChannelOscillation) {
        guard o.end > o.start, o.amplitude != 0 else { return }
        oscillations.append(o)
    }

    /// Indexes the oscillations; call once after scheduling and before evaluating.
    public mutating func finish(durationSeconds: Double) {
        let count = Int(durationSeconds.rounded(.up)) + 2
        var buckets = Array(repeating: [Int32](), count: count)
        for (i, o) in oscillations.enumerated() {
            let a = max(0, Int(o.start.rounded(.down)))
            let b = min(count - 1, Int(o.end.rounded(.down)))
            if a <= b { for k in a...b { buckets[k].append(Int32(i)) } }
        }
        oscillationBuckets = buckets
    }

    /// The channel without oscillations (the "intended" position).
    public func baseValue(_ c: TrunkChannel, at t: Double) -> Double {
        let list = moves[c.rawValue]
        // Last move with start <= t (binary search: moves are in time order).
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid].start <= t { lo = mid + 1 } else { hi = mid }
        }
        if lo == 0 { return list.first?.from ?? restValues[c.rawValue] }
        let m = list[lo - 1]
        let s = (t - m.start) / m.duration
        if s >= 1 { return m.to }
        return m.from + (m.to - m.from) * m.profile.blend(s)
    }

    /// All channels at `t` (base + oscillations), written into a fixed-size tuple.
    public func values(at t: Double) -> TrunkState {
        var v = TrunkState(pitch: baseValue(.pitch, at: t), roll: baseValue(.roll, at: t), yaw: baseValue(.yaw, at: t),
                           hip: Vector3(baseValue(.hipX, at: t), baseValue(.hipY, at: t), baseValue(.hipZ, at: t)))
        let k = Int(t.rounded(.down))
        if k >= 0, k < oscillationBuckets.count {
            for i in oscillationBuckets[k] {
                let o = oscillations[Int(i)]
                let d = o.value(at: t)
                switch o.channel {
                case .pitch: v.pitch += d
                case .roll: v.roll += d
                case .yaw: v.yaw += d
                case .hipX: v.hip.x += d
                case .hipY: v.hip.y += d
                case .hipZ: v.hip.z += d
                }
            }
        }
        return v
    }
}

/// The trunk's pose at one instant.
public struct TrunkState: Sendable {
    public var pitch: Double
    public var roll: Double
    public var yaw: Double
    /// Hip pivot position in the world, metres.
    public var hip: Vector3

    /// Body → world.
    public var orientation: Quaternion { Quaternion(yawDegrees: yaw, pitchDegrees: pitch, rollDegrees: roll) }
}
