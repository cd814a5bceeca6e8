import PostureCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the simulated chip "feels" at time `t` (seconds on the mock bus clock):
/// specific force in g and angular rate in degrees per second, in sensor axes.
public protocol MotionSource: AnyObject {
    func motion(atSeconds t: Double) -> (accelG: Vector3, gyroDegreesPerSecond: Vector3)
}

/// Replays recorded samples (a posture-trace), linearly interpolated, optionally looped.
/// Time 0 on the bus is the first sample of the trace.
public final class TraceMotionSource: MotionSource {
    private let times: [Double]
    private let accel: [FloatVector3]
    private let gyro: [FloatVector3]
    public let loops: Bool
    private let periodSeconds: Double

    /// `samples` must be non-empty with non-decreasing times (as a valid trace is).
    public convenience init?(samples: [IMUSample], loops: Bool = true) {
        var collected = TraceMotionSamples()
        collected.reserveCapacity(samples.count)
        for s in samples { collected.append(s) }
        self.init(collected, loops: loops)
    }

    /// From samples collected one at a time (a streamed trace); nil when there are none.
    public init?(_ samples: TraceMotionSamples, loops: Bool = true) {
        guard let t0 = samples.times.first, let last = samples.times.last else { return nil }
        var times = samples.times
        for i in times.indices { times[i] -= t0 }
        self.times = times
        accel = samples.accel
        gyro = samples.gyro
        self.loops = loops
        // One nominal step after the last sample before the loop starts again.
        let span = last - t0
        let step = times.count > 1 ? span / Double(times.count - 1) : 0.01
        periodSeconds = span + max(step, 1e-3)
    }

    public var durationSeconds: Double { periodSeconds }

    public func motion(atSeconds t: Double) -> (accelG: Vector3, gyroDegreesPerSecond: Vector3) {
        var local = t
        if loops {
            local = fmod(t, periodSeconds)
            if local < 0 { local += periodSeconds }
        }
        guard let lastTime = times.last else { return (Vector3(0, 0, 1), .zero) }
        if local <= 0 { return (accel[0].vector, gyro[0].vector) }
        if local >= lastTime { return (accel[accel.count - 1].vector, gyro[gyro.count - 1].vector) }
        // Binary search for the last sample at or before `local`.
        var lo = 0, hi = times.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if times[mid] <= local { lo = mid } else { hi = mid }
        }
        let dt = times[hi] - times[lo]
        let f = dt > 0 ? (local - times[lo]) / dt : 0
        let a0 = accel[lo].vector, a1 = accel[hi].vector, g0 = gyro[lo].vector, g1 = gyro[hi].vector
        return (a0 + (a1 - a0) * f, g0 + (g1 - g0) * f)
    }
}

/// Samples for a `TraceMotionSource`, appended one at a time: a caller streaming a trace
/// file never holds a whole `[TraceRecord]` or `[IMUSample]` besides these arrays.
public struct TraceMotionSamples {
    fileprivate var times: [Double] = []
    fileprivate var accel: [FloatVector3] = []
    fileprivate var gyro: [FloatVector3] = []

    public init() {}

    public var count: Int { times.count }
    /// Time of the first sample, in the trace's own seconds.
    public var firstTimeSeconds: Double? { times.first }

    public mutating func reserveCapacity(_ n: Int) {
        times.reserveCapacity(n)
        accel.reserveCapacity(n)
        gyro.reserveCapacity(n)
    }

    public mutating func append(_ sample: IMUSample) {
        times.append(sample.timeSeconds)
        accel.append(FloatVector3(sample.accelG))
        gyro.append(FloatVector3(sample.gyroDegreesPerSecond))
    }
}

/// A vector kept in single precision: 12 bytes instead of 24 per axis triple, so the 770 s
/// demo trace takes 1.2 MB instead of 2.1 MB. Float's 24-bit mantissa (1e-7 relative) is far
/// finer than the simulated chips' 16-bit registers: a register differs by one LSB at most,
/// and only when a value sits on a rounding boundary.
struct FloatVector3 {
    var x, y, z: Float
    init(_ v: Vector3) { x = Float(v.x); y = Float(v.y); z = Float(v.z) }
    var vector: Vector3 { Vector3(Double(x), Double(y), Double(z)) }
}

/// Synthetic motion for trying things without a trace.
public final class GeneratedMotion: MotionSource {
    public enum Pattern: Equatable, Sendable {
        /// Held still, pitched forward and rolled (degrees).
        case still(pitchDegrees: Double, rollDegrees: Double)
        /// Turning steadily about a sensor axis (unit vector) at a constant rate.
        case rotation(axis: Vector3, degreesPerSecond: Double)
        /// Leaning forward to `amplitudeDegrees` and back, once every `periodSeconds` (slouch cycles).
        case pitchSweep(amplitudeDegrees: Double, periodSeconds: Double)
    }

    public let pattern: Pattern
    public init(_ pattern: Pattern) { self.pattern = pattern }

    /// Parses "still", "still:PITCH[:ROLL]", "rotate[:DPS]" (about x, so gravity turns
    /// through y and z), "sweep[:AMPLITUDE[:PERIOD]]".
    public static func parse(_ text: String) -> GeneratedMotion? {
        let parts = text.split(separator: ":").map(String.init)
        guard let head = parts.first else { return nil }
        let numbers = parts.dropFirst().map { Double($0) }
        if numbers.contains(where: { $0 == nil }) { return nil }
        let values = numbers.compactMap { $0 }
        switch head {
        case "still": return GeneratedMotion(.still(pitchDegrees: values.first ?? 0, rollDegrees: values.count > 1 ? values[1] : 0))
        case "rotate": return GeneratedMotion(.rotation(axis: .unitX, degreesPerSecond: values.first ?? 10))
        case "sweep":
            return GeneratedMotion(.pitchSweep(amplitudeDegrees: values.first ?? 30, periodSeconds: values.count > 1 ? max(0.1, values[1]) : 20))
        default: return nil
        }
    }

    static func up(pitchRadians p: Double, rollRadians r: Double) -> Vector3 {
        Vector3(-sin(p), cos(p) * sin(r), cos(p) * cos(r))
    }

    public func motion(atSeconds t: Double) -> (accelG: Vector3, gyroDegreesPerSecond: Vector3) {
        let rad = Double.pi / 180
        switch pattern {
        case .still(let pitch, let roll):
            return (Self.up(pitchRadians: pitch * rad, rollRadians: roll * rad), .zero)
        case .rotation(let axisIn, let rate):
            let axis = axisIn.normalized ?? .unitZ
            // Gravity seen from a turning body turns the other way (Rodrigues' formula).
            let theta = -rate * rad * t
            let v = Vector3.unitZ
            let rotated = v * cos(theta) + axis.cross(v) * sin(theta) + axis * (axis.dot(v) * (1 - cos(theta)))
            return (rotated, axis * rate)
        case .pitchSweep(let amplitude, let period):
            let w = 2 * Double.pi / period
            let pitch = amplitude * rad * (1 - cos(w * t)) / 2
            let pitchRate = amplitude * (w / 2) * sin(w * t)   // deg/s
            return (Self.up(pitchRadians: pitch, rollRadians: 0), Vector3(0, pitchRate, 0))
        }
    }
}

extension SplitMix64 {
    /// Standard normal (Box-Muller, one value per call): the mock chips' noise.
    mutating func gaussian() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

import PostureTrace

extension TraceMotionSource {
    /// The samples of a posture-trace (markers and ground truth are not used).
    public convenience init?(trace: Trace, loops: Bool = true) {
        self.init(samples: trace.records.map(\.sample), loops: loops)
    }
}
