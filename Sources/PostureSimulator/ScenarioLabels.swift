import Foundation

/// What the simulated person physically did, from the generator's own timeline.
///
/// Labels are independent of the pipeline's thresholds: the scorer derives what the pipeline
/// should have reported from them and the configuration. All times are seconds from the trace
/// start (rounded to 0.1 ms like the trace; angles to 0.01°). The file beside a trace `X.csv`
/// is `X.labels.json`.
///
/// Conventions:
/// - Angles are relative to the wearer's upright (the posture at the `calibrate` markers, exactly
///   0/0): pitch + = forward flexion, − = extension; roll + = bend to the wearer's right.
/// - `postures` and `activities` tile [0, durationSeconds] without gaps; a boundary is the midpoint
///   (in time, and so in angle) of the transition between two states. A posture's state is the
///   category of the held trunk angles: pitch ≥ 15° slouched, pitch ≤ −10° reclined, |roll| ≥ 10°
///   leaning, else upright — also during stretches (a forward fold is "slouched", lying on the back
///   "reclined", cat-cow alternates). Brief distractors (< 5 s) do not change the posture.
/// - Held spans (`slouchEpisodes`, `holds`) run from the moment the trunk reaches the position
///   to the moment it starts leaving it (the transitions are outside).
/// - `distractors` kinds: reach, cough, turn, pickup, fidget, and hover (a span of holds near
///   15° in the hover scenario; its levels ≥ 15° are also slouch episodes, with their angle).
/// - `jerks` include the snaps of jerky holds (counted in that hold's `jerks`) and every quick
///   self-twist (whose times are also in `twists`); `t` is the time of the peak true trunk rate.
/// - `bounces` are whole cycles of a sinusoid on the stretched angle, ramped in and out over one
///   cycle; `amplitudeDegrees` is the steady peak amplitude.
/// - `breathing` tiles the scenario: about 12-18/min normally, 5-10/min (deeper) during holds,
///   0 while the breath is held.
public struct ScenarioLabels: Codable, Equatable, Sendable {
    public var scenario: String
    public var seed: UInt64
    public var durationSeconds: Double
    public var sampleRateHz: Double
    /// The forward axis of the simulated mounting, as the config writes it ("+x", ...).
    public var forwardAxis: String
    /// Times of the `calibrate` markers in the trace (wearer upright and still at each).
    public var calibrations: [Double]
    /// Times of `stretch` markers.
    public var stretchMarkers: [Double]
    /// Trunk posture relative to the wearer's upright, piecewise (covers the whole scenario).
    public var postures: [PostureInterval]
    /// Slouch episodes: forward flexion held clearly beyond 15° (pitchDegrees is the held angle).
    public var slouchEpisodes: [SlouchEpisode]
    /// Brief events that are NOT slouching: reach to the desk, cough, turn to someone, pick up something.
    public var distractors: [Distractor]
    public var activities: [ActivityInterval]
    /// Stretch holds: the trunk reached a position away from upright and stayed there.
    public var holds: [HoldLabel]
    /// Bouncing episodes (oscillation of the trunk angle) inside stretches.
    public var bounces: [BounceLabel]
    /// Sudden, fast movements inside stretches (snap into/out of a position, a jolt).
    public var jerks: [JerkLabel]
    /// Dynamic repetitions (cat-cow, pelvic tilts): each repetition's time.
    public var repetitions: [RepetitionLabel]
    /// Breathing: rate during holds, and breath-held spans.
    public var breathing: [BreathingLabel]
    /// Quick self-twists (to make the back crack).
    public var twists: [Double]
    /// The sensor-shift scenario's slip or bad calibration (absent on every other day).
    public var sensorShift: SensorShiftLabel? = nil
    /// A guided routine the wearer followed (routine scenarios only): when it was started,
    /// the skip presses, and the summary it should end with.
    public var routine: RoutineLabel? = nil

    public init(
        scenario: String, seed: UInt64, durationSeconds: Double, sampleRateHz: Double, forwardAxis: String,
        calibrations: [Double] = [], stretchMarkers: [Double] = [], postures: [PostureInterval] = [],
        slouchEpisodes: [SlouchEpisode] = [], distractors: [Distractor] = [], activities: [ActivityInterval] = [],
        holds: [HoldLabel] = [], bounces: [BounceLabel] = [], jerks: [JerkLabel] = [],
        repetitions: [RepetitionLabel] = [], breathing: [BreathingLabel] = [], twists: [Double] = []
    ) {
        self.scenario = scenario
        self.seed = seed
        self.durationSeconds = durationSeconds
        self.sampleRateHz = sampleRateHz
        self.forwardAxis = forwardAxis
        self.calibrations = calibrations
        self.stretchMarkers = stretchMarkers
        self.postures = postures
        self.slouchEpisodes = slouchEpisodes
        self.distractors = distractors
        self.activities = activities
        self.holds = holds
        self.bounces = bounces
        self.jerks = jerks
        self.repetitions = repetitions
        self.breathing = breathing
        self.twists = twists
    }
}

/// A span of one trunk posture relative to the wearer's upright.
public struct PostureInterval: Codable, Equatable, Sendable {
    public var start: Double
    public var end: Double
    /// "upright" | "slouched" | "reclined" | "leaning".
    public var state: String

    public init(start: Double, end: Double, state: String) {
        self.start = start; self.end = end; self.state = state
    }
}

/// Forward flexion held clearly beyond 15°; `pitchDegrees` is the held angle (positive = forward).
public struct SlouchEpisode: Codable, Equatable, Sendable {
    public var start: Double
    public var end: Double
    public var pitchDegrees: Double

    public init(start: Double, end: Double, pitchDegrees: Double) {
        self.start = start; self.end = end; self.pitchDegrees = pitchDegrees
    }
}

/// A brief event that is not slouching: "reach", "cough", "turn", "pickup", "fidget".
public struct Distractor: Codable, Equatable, Sendable {
    public var start: Double
    public var end: Double
    public var kind: String

    public init(start: Double, end: Double, kind: String) {
        self.start = start; self.end = end; self.kind = kind
    }
}

/// A span of one activity: "sitting" | "standing" | "walking" | "lying".
public struct ActivityInterval: Codable, Equatable, Sendable {
    public var start: Double
    public var end: Double
    public var state: String

    public init(start: Double, end: Double, state: String) {
        self.start = start; self.end = end; self.state = state
    }
}

/// A stretch hold: `start` = the trunk reached the position, `end` = it starts leaving it.
public struct HoldLabel: Codable, Equatable, Sendable {
    public var start: Double
    public var end: Double
    /// Held flexion relative to upright (positive = forward, negative = extension).
    public var pitchDegrees: Double
    /// Held lateral bend relative to upright (positive = to the right).
    public var rollDegrees: Double
    /// The stretch's name, e.g. "standing-back-extension", "side-bend-left", "forward-fold".
    public var stretch: String
    /// "smooth" | "bouncing" | "jerky".
    public var style: String
    /// Number of bounce cycles inside the hold.
    public var bounces: Int
    /// Number of jerks attributed to this hold (snapping into or out of it).
    public var jerks: Int
    /// The spec's exercise name (section 5) and side (`left`, `right`, `none`); nil = not labelled
    /// (older files) or, for the side, not scored (the trunk barely shows it).
    public var exercise: String?
    public var side: String?

    public init(start: Double, end: Double, pitchDegrees: Double, rollDegrees: Double, stretch: String,
                style: String, bounces: Int = 0, jerks: Int = 0, exercise: String? = nil, side: String? = nil) {
        self.exercise = exercise; self.side = side
        self.start = start; self.end = end
        self.pitchDegrees = pitchDegrees; self.rollDegrees = rollDegrees
        self.stretch = stretch; self.style = style
        self.bounces = bounces; self.jerks = jerks
    }
}

/// An oscillation of the trunk angle superimposed on a hold.
public struct BounceLabel: Codable, Equatable, Sendable {
    public var start: Double
    public var end: Double
    public var frequencyHz: Double
    /// Peak amplitude of the oscillation (half of peak-to-peak).
    public var amplitudeDegrees: Double

    public init(start: Double, end: Double, frequencyHz: Double, amplitudeDegrees: Double) {
        self.start = start; self.end = end; self.frequencyHz = frequencyHz; self.amplitudeDegrees = amplitudeDegrees
    }
}

/// A sudden fast movement; `t` is the time of peak angular rate.
public struct JerkLabel: Codable, Equatable, Sendable {
    public var t: Double
    /// Peak true trunk angular rate magnitude during the movement.
    public var peakDegreesPerSecond: Double

    public init(t: Double, peakDegreesPerSecond: Double) {
        self.t = t; self.peakDegreesPerSecond = peakDegreesPerSecond
    }
}

/// One repetition of a dynamic exercise ("cat-cow", "pelvic-tilt"); `t` = the repetition's turning point.
public struct RepetitionLabel: Codable, Equatable, Sendable {
    public var t: Double
    public var exercise: String

    public init(t: Double, exercise: String) {
        self.t = t; self.exercise = exercise
    }
}

/// Breathing over a span; `ratePerMinute` 0 means the breath is held.
public struct BreathingLabel: Codable, Equatable, Sendable {
    public var start: Double
    public var end: Double
    public var ratePerMinute: Double

    public init(start: Double, end: Double, ratePerMinute: Double) {
        self.start = start; self.end = end; self.ratePerMinute = ratePerMinute
    }
}

/// Reading or writing a `.labels.json` file failed.
public struct ScenarioLabelsError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path; self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

extension ScenarioLabels {
    /// The labels path beside a trace: `X.csv` → `X.labels.json` (any other name gets `.labels.json` appended).
    public static func labelsPath(forTracePath tracePath: String) -> String {
        if tracePath.hasSuffix(".csv.gz") {
            return String(tracePath.dropLast(7)) + ".labels.json"
        }
        if tracePath.hasSuffix(".csv") {
            return String(tracePath.dropLast(4)) + ".labels.json"
        }
        return tracePath + ".labels.json"
    }

    /// Pretty-printed JSON with sorted keys, so files diff cleanly.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public func write(to path: String) throws(ScenarioLabelsError) {
        let data: Data
        do {
            data = try jsonData()
        } catch {
            throw ScenarioLabelsError(path: path, message: "cannot encode labels: \(error)")
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ScenarioLabelsError(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    public static func load(path: String) throws(ScenarioLabelsError) -> ScenarioLabels {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ScenarioLabelsError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String = "<labels>") throws(ScenarioLabelsError) -> ScenarioLabels {
        do {
            return try JSONDecoder().decode(ScenarioLabels.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ScenarioLabelsError(path: path, message: "missing key '\(key.stringValue)' at \(describe(context))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ScenarioLabelsError(path: path, message: "wrong type at \(describe(context)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ScenarioLabelsError(path: path, message: "missing value at \(describe(context))")
        } catch let DecodingError.dataCorrupted(context) {
            throw ScenarioLabelsError(path: path, message: "not valid labels JSON at \(describe(context)): \(context.debugDescription)")
        } catch {
            throw ScenarioLabelsError(path: path, message: "not valid labels JSON: \(error)")
        }
    }

    private static func describe(_ context: DecodingError.Context) -> String {
        let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return p.isEmpty ? "top level" : p
    }
}

extension ScenarioLabels {
    /// Rounds to readable precision (times 0.1 ms like the trace, angles 0.01°, rates 0.001 Hz),
    /// far below any tolerance a scorer uses, so the JSON stays short and diffs cleanly.
    mutating func roundForOutput() {
        // Multiply-round-divide, exactly as the sample timestamps are rounded, so equal times stay equal.
        func r(_ x: Double, _ perUnit: Double) -> Double { (x * perUnit).rounded() / perUnit }
        func time(_ x: Double) -> Double { r(x, 10_000) }
        func angle(_ x: Double) -> Double { r(x, 100) }
        durationSeconds = time(durationSeconds)
        calibrations = calibrations.map(time)
        stretchMarkers = stretchMarkers.map(time)
        postures = postures.map { PostureInterval(start: time($0.start), end: time($0.end), state: $0.state) }
        slouchEpisodes = slouchEpisodes.map {
            SlouchEpisode(start: time($0.start), end: time($0.end), pitchDegrees: angle($0.pitchDegrees))
        }
        distractors = distractors.map { Distractor(start: time($0.start), end: time($0.end), kind: $0.kind) }
        activities = activities.map { ActivityInterval(start: time($0.start), end: time($0.end), state: $0.state) }
        holds = holds.map {
            HoldLabel(start: time($0.start), end: time($0.end), pitchDegrees: angle($0.pitchDegrees),
                      rollDegrees: angle($0.rollDegrees), stretch: $0.stretch, style: $0.style, bounces: $0.bounces,
                      jerks: $0.jerks, exercise: $0.exercise, side: $0.side)
        }
        bounces = bounces.map {
            BounceLabel(start: time($0.start), end: time($0.end), frequencyHz: r($0.frequencyHz, 1000),
                        amplitudeDegrees: angle($0.amplitudeDegrees))
        }
        jerks = jerks.map { JerkLabel(t: time($0.t), peakDegreesPerSecond: r($0.peakDegreesPerSecond, 10)) }
        repetitions = repetitions.map { RepetitionLabel(t: time($0.t), exercise: $0.exercise) }
        breathing = breathing.map { BreathingLabel(start: time($0.start), end: time($0.end), ratePerMinute: r($0.ratePerMinute, 100)) }
        twists = twists.map(time)
        if var s = sensorShift {
            s.start = time(s.start)
            s.end = time(s.end)
            s.pitchDegrees = angle(s.pitchDegrees)
            s.rollDegrees = angle(s.rollDegrees)
            sensorShift = s
        }
        routine?.round(time: time)
    }
}
