import Foundation
import PostureCore
import PostureTrace

/// Ground truth per sample that the trace format has no column for (used by tests and tools).
public struct SampleTruth: Equatable, Sendable {
    /// Trunk angles relative to the wearer's upright, including breathing, sway and bounces.
    public var pitchDegrees: Double
    public var rollDegrees: Double
    public var yawDegrees: Double
    /// The true trunk angular rate in sensor axes, before any sensor error.
    public var gyroDegreesPerSecond: Vector3
    /// The sensor's gyro bias at this sample.
    public var gyroBiasDegreesPerSecond: Vector3
}

/// A generated scenario: the trace (with metadata rate_hz, sensor, mounting, source and the
/// ground-truth columns true_up_* and moving filled in), its labels, and per-sample truth.
public struct SimulatedScenario: Sendable {
    public var kind: ScenarioKind
    public var trace: Trace
    public var labels: ScenarioLabels
    /// Parallel to `trace.records`.
    public var truth: [SampleTruth]
    public var mounting: SensorMounting
    public var options: SimulationOptions

    /// The trace as posture-trace v1 text (ground-truth columns when `options.includeTruth`).
    public func traceText() -> String {
        traceWriter().text(trace)
    }

    public func traceWriter() -> TraceWriter {
        TraceWriter(metadata: trace.metadata, includeMarker: true, includeTruth: options.includeTruth,
                    includeMoving: options.includeTruth)
    }
}

/// Builds scenarios: the scenario script → trunk track → sampled, error-laden IMU readings.
public enum ScenarioSimulator {
    public static let standardGravity = 9.80665
    /// Half-width of the central differences for angular rate and acceleration.
    static let differenceStepSeconds = 0.002

    public static func generate(_ kind: ScenarioKind, seed: UInt64, options base: SimulationOptions = .init()) -> SimulatedScenario {
        let root = SeededRandom(seed: seed)
        var options = base
        if kind.isHard {
            var vary = root.derived(6)
            options.varyForHardScenario(random: &vary)
        }
        var builder = ScenarioBuilder(kind: kind, seed: seed, options: options, random: root.derived(1))
        builder.script(kind, options: options)
        let duration = builder.t
        var motionExtras = root.derived(2)
        addSway(&builder.track, duration: duration, random: &motionExtras)
        addBreathing(&builder, duration: duration, random: &motionExtras)
        builder.setPosture("end", at: duration)
        builder.setActivity("end", at: duration)
        builder.track.finish(durationSeconds: duration)
        var labels = builder.labels
        labels.durationSeconds = duration
        measureJerks(builder.jerkWindows, track: builder.track, labels: &labels)

        var mountRandom = root.derived(3)
        let mounting = SensorMounting(options: options, random: &mountRandom)
        var sampler = Sampler(track: builder.track, mounting: mounting,
                              errors: SensorErrorModel(options: options, random: root.derived(4)),
                              timing: root.derived(5), options: options)
        sampler.shift = builder.mountingShift
        let output = sampler.run(duration: duration, markers: builder.markers, movingSpans: builder.movingSpans)
        labels.calibrations = output.markerTimes.filter { $0.action == .calibrate }.map(\.time)
        labels.stretchMarkers = output.markerTimes.filter { $0.action == .stretch }.map(\.time)
        labels.roundForOutput()

        let metadata: [(key: String, value: String)] = [
            ("rate_hz", decimal(options.sampleRateHz)),
            ("sensor", "simulated"),
            ("mounting", mounting.description),
            ("source", "posture simulate \(kind.rawValue) seed \(seed)"),
        ]
        return SimulatedScenario(kind: kind, trace: Trace(metadata: metadata, records: output.records), labels: labels,
                                 truth: output.truth, mounting: mounting, options: options)
    }

    static func decimal(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    /// Small postural sway: a few slow sinusoids per angle over the whole scenario.
    static func addSway(_ track: inout TrunkTrack, duration: Double, random: inout SeededRandom) {
        for channel in [TrunkChannel.pitch, .roll, .yaw] {
            for _ in 0..<2 {
                track.add(ChannelOscillation(channel: channel, start: 0, end: duration,
                                             frequencyHz: random.uniform(0.02...0.2), amplitude: random.uniform(0.08...0.25),
                                             phaseRadians: random.uniform(0...6.28), taperSeconds: 3))
            }
        }
    }

    /// Breathing over the whole scenario: normal breathing, slow deep breathing during stretch
    /// holds, and no breathing while the breath is held. Every span is labelled.
    static func addBreathing(_ builder: inout ScenarioBuilder, duration: Double, random: inout SeededRandom) {
        // (start, end, deep?) spans with breath holds cut out.
        var special: [(start: Double, end: Double, held: Bool)] = []
        for deep in builder.deepBreathing.sorted(by: { $0.start < $1.start }) {
            var cursor = deep.start
            for hold in builder.breathHolds where hold.start >= deep.start && hold.end <= deep.end {
                if hold.start > cursor { special.append((cursor, hold.start, false)) }
                special.append((hold.start, hold.end, true))
                cursor = hold.end
            }
            if deep.end > cursor { special.append((cursor, deep.end, false)) }
        }
        var cursor = 0.0
        func breathe(_ start: Double, _ end: Double, rate: Double, amplitude: Double) {
            guard end > start else { return }
            builder.labels.breathing.append(BreathingLabel(start: start, end: end, ratePerMinute: rate))
            let f = rate / 60
            let taper = min(1.5, (end - start) / 4)
            builder.track.add(ChannelOscillation(channel: .pitch, start: start, end: end, frequencyHz: f,
                                                 amplitude: amplitude, phaseRadians: 0, taperSeconds: taper))
            // The chest wall moves the sensor back and up a few millimetres.
            builder.track.add(ChannelOscillation(channel: .hipX, start: start, end: end, frequencyHz: f,
                                                 amplitude: -amplitude * 0.002, phaseRadians: 0, taperSeconds: taper))
        }
        func normal(until end: Double) {
            while end > cursor {
                let chunk = min(end - cursor, random.uniform(30...90))
                let stop = end - (cursor + chunk) < 10 ? end : cursor + chunk
                breathe(cursor, stop, rate: random.uniform(12...18), amplitude: random.uniform(0.3...0.7))
                cursor = stop
            }
            cursor = max(cursor, end)
        }
        for span in special {
            normal(until: span.start)
            if span.held {
                builder.labels.breathing.append(BreathingLabel(start: span.start, end: span.end, ratePerMinute: 0))
            } else {
                breathe(span.start, span.end, rate: random.uniform(5...10), amplitude: random.uniform(1...2))
            }
            cursor = span.end
        }
        normal(until: duration)
    }

    /// Finds each jerk's peak angular rate (1 ms steps over its window) on the final track.
    static func measureJerks(_ windows: [JerkWindow], track: TrunkTrack, labels: inout ScenarioLabels) {
        let step = 0.001
        for w in windows {
            var best = (t: w.start, rate: 0.0)
            var time = w.start
            while time <= w.end {
                let rate = angularRate(track, at: time).norm * 180 / .pi
                if rate > best.rate { best = (time, rate) }
                time += step
            }
            let t = (best.t * 1000).rounded() / 1000
            labels.jerks.append(JerkLabel(t: t, peakDegreesPerSecond: (best.rate * 10).rounded() / 10))
            if w.isTwist { labels.twists.append(t) }
        }
        labels.jerks.sort { $0.t < $1.t }
    }

    /// Body angular velocity (rad/s, body axes) by a central difference of the orientation.
    static func angularRate(_ track: TrunkTrack, at t: Double) -> Vector3 {
        let h = differenceStepSeconds
        let a = track.values(at: t - h).orientation
        let b = track.values(at: t + h).orientation
        return (a.conjugate * b).rotationVector / (2 * h)
    }
}

/// Samples the track at the sensor's (jittered) sample times and applies the error model.
struct Sampler {
    let track: TrunkTrack
    let mounting: SensorMounting
    var errors: SensorErrorModel
    var timing: SeededRandom
    let options: SimulationOptions
    /// The board slipping on the trunk; samples before its start are computed as without it.
    var shift: MountingShift? = nil

    struct Output {
        var records: [TraceRecord]
        var truth: [SampleTruth]
        var markerTimes: [(time: Double, action: UserAction)]
    }

    mutating func run(duration: Double, markers: [(time: Double, action: UserAction)],
                      movingSpans: [(start: Double, end: Double)]) -> Output {
        let period = 1 / options.sampleRateHz
        let count = Int((duration / period).rounded(.down))
        var records: [TraceRecord] = []
        var truth: [SampleTruth] = []
        records.reserveCapacity(count)
        truth.reserveCapacity(count)
        let sortedMarkers = markers.sorted { $0.time < $1.time }
        var nextMarker = 0
        var markerTimes: [(time: Double, action: UserAction)] = []
        let spans = mergeSpans(movingSpans)
        var spanIndex = 0
        var dropping = 0
        var lastTime = -Double.infinity
        let lever = options.leverArmMetres
        let h = ScenarioSimulator.differenceStepSeconds
        let g = ScenarioSimulator.standardGravity
        let worldUp = Vector3.unitZ
        let M = mounting.bodyToSensor

        for i in 0..<count {
            errors.advance(dtSeconds: period)
            // Lost samples (bus errors): a burst of 1-5, never one carrying a marker.
            if dropping > 0 { dropping -= 1; continue }
            if options.dropProbability > 0, timing.chance(options.dropProbability), i > 0 {
                dropping = timing.int(0...4)
                continue
            }
            var t = Double(i) * period
            if options.timestampJitterSeconds > 0 {
                let j = timing.gaussian() * options.timestampJitterSeconds
                t += min(0.4 * period, max(-0.4 * period, j))
            }
            // At the trace's 0.1 ms resolution, so the written file and this trace agree exactly.
            t = max((t * 10_000).rounded() / 10_000, lastTime, 0)
            lastTime = t

            let s0 = track.values(at: t - h), s1 = track.values(at: t), s2 = track.values(at: t + h)
            var q0 = s0.orientation, q1 = s1.orientation, q2 = s2.orientation
            let p0 = s0.hip + q0.rotate(lever), p1 = s1.hip + q1.rotate(lever), p2 = s2.hip + q2.rotate(lever)
            if let shift, t + h >= shift.start {
                // The sensor frame is the body frame turned by the pad's slip (the lever arm stays).
                q0 = q0 * shift.rotation(at: t - h)
                q1 = q1 * shift.rotation(at: t)
                q2 = q2 * shift.rotation(at: t + h)
            }
            let omegaBody = (q0.conjugate * q2).rotationVector / (2 * h)
            let accelWorld = (p2 - 2 * p1 + p0) / (h * h)
            let specificForceWorld = accelWorld / g + worldUp
            let trueGyro = M.apply(omegaBody) * (180 / .pi)
            let trueAccel = M.apply(q1.inverseRotate(specificForceWorld))
            let measured = errors.measure(gyroDegreesPerSecond: trueGyro, accelG: trueAccel)

            var marker: UserAction?
            if nextMarker < sortedMarkers.count, t >= sortedMarkers[nextMarker].time {
                marker = sortedMarkers[nextMarker].action
                markerTimes.append((t, sortedMarkers[nextMarker].action))
                nextMarker += 1
            }
            while spanIndex < spans.count, spans[spanIndex].end < t { spanIndex += 1 }
            let moving = spanIndex < spans.count && spans[spanIndex].start <= t

            records.append(TraceRecord(
                sample: IMUSample(timeSeconds: t, accelG: measured.accel, gyroDegreesPerSecond: measured.gyro),
                marker: marker, trueUp: M.apply(q1.inverseRotate(worldUp)), moving: moving))
            truth.append(SampleTruth(pitchDegrees: s1.pitch, rollDegrees: s1.roll, yawDegrees: s1.yaw,
                                     gyroDegreesPerSecond: trueGyro, gyroBiasDegreesPerSecond: errors.gyroBiasDegreesPerSecond))
        }
        return Output(records: records, truth: truth, markerTimes: markerTimes)
    }

    private func mergeSpans(_ spans: [(start: Double, end: Double)]) -> [(start: Double, end: Double)] {
        var merged: [(start: Double, end: Double)] = []
        for s in spans.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, s.start <= last.end {
                merged[merged.count - 1].end = max(last.end, s.end)
            } else {
                merged.append(s)
            }
        }
        return merged
    }
}
