import PostureCore

/// Events the pipeline adds to the spec's list (see the README's event table).
public enum PipelineEventName {
    public static let stretchStart = "stretch_start"
    public static let stretchEnd = "stretch_end"
    public static let repetition = "repetition"
    public static let breathHeld = "breath_held"
    public static let twist = "twist"
}

extension PostureEvent {
    static func holdStart(at t: Double, pitch: Double, roll: Double) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: EventName.holdStart, fields: [
            ("pitch_deg", .number(pitch, fractionDigits: 1)), ("roll_deg", .number(roll, fractionDigits: 1)),
        ])
    }

    static func holdEnd(at t: Double, hold: HoldSummary, targetMet: Bool, bounces: Int, jerks: Int,
                        breathsPerMinute: Double?) -> PostureEvent {
        var fields: [(key: String, value: EventValue)] = [
            ("duration_s", .number(hold.durationSeconds, fractionDigits: 1)),
            ("target_met", .bool(targetMet)),
            ("bounces", .integer(bounces)),
            ("jerks", .integer(jerks)),
            ("pitch_deg", .number(hold.pitchDegrees, fractionDigits: 1)),
            ("roll_deg", .number(hold.rollDegrees, fractionDigits: 1)),
            ("start_t", .number(hold.startTime, fractionDigits: 3)),
        ]
        if let b = breathsPerMinute { fields.append(("breaths_per_min", .number(b, fractionDigits: 1))) }
        return PostureEvent(timeSeconds: t, name: EventName.holdEnd, fields: fields)
    }

    static func bounce(at t: Double, frequencyHz: Double, amplitudeDegrees: Double, axis: String) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: EventName.bounce, fields: [
            ("frequency_hz", .number(frequencyHz, fractionDigits: 2)),
            ("amplitude_deg", .number(amplitudeDegrees, fractionDigits: 1)),
            ("axis", .string(axis)),
        ])
    }

    /// `peak` is the peak angular speed in degrees per second (also as `peak_deg_s`).
    static func jerk(at t: Double, peakDegreesPerSecond: Double) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: EventName.jerk, fields: [
            ("peak", .number(peakDegreesPerSecond, fractionDigits: 1)),
            ("peak_deg_s", .number(peakDegreesPerSecond, fractionDigits: 1)),
        ])
    }

    static func stretchStart(at t: Double, reason: String) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: PipelineEventName.stretchStart, fields: [("reason", .string(reason))])
    }

    static func stretchEnd(at t: Double, durationSeconds: Double, holds: Int, targetMet: Int) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: PipelineEventName.stretchEnd, fields: [
            ("duration_s", .number(durationSeconds, fractionDigits: 1)),
            ("holds", .integer(holds)), ("holds_target_met", .integer(targetMet)),
        ])
    }

    static func repetition(at t: Double, count: Int, exercise: String) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: PipelineEventName.repetition, fields: [
            ("count", .integer(count)), ("exercise", .string(exercise)),
        ])
    }

    static func breathHeld(at t: Double, heldSeconds: Double) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: PipelineEventName.breathHeld, fields: [
            ("held_s", .number(heldSeconds, fractionDigits: 1)),
        ])
    }

    static func twist(at t: Double, countToday: Int) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: PipelineEventName.twist, fields: [("count_today", .integer(countToday))])
    }

    static func autoCalibrated(at t: Double, up: Vector3) -> PostureEvent {
        var e = PostureEvent.calibrated(at: t, up: up)
        e.fields.append(("source", .string("auto")))
        return e
    }
}

/// Running totals since the pipeline started, for `posture stats` and `posture status`.
public struct PipelineCounters: Equatable, Sendable {
    public var slouchAlerts = 0
    public var slouchedSeconds = 0.0
    public var sittingNudges = 0
    public var stretchSessions = 0
    public var holds = 0
    public var holdsTargetMet = 0
    public var bounces = 0
    public var jerks = 0
    public var repetitions = 0
    public var breathHeldWarnings = 0
    public var twistsToday = 0
    public init() {}
}

/// What `posture status` shows beyond the sample state.
public struct PipelineSnapshot: Equatable, Sendable {
    public var state: SampleState
    public var counters: PipelineCounters
    public var inStretchSession: Bool
    public var holding: Bool
    /// Current sitting bout (0 when not sitting).
    public var sittingSeconds: Double
    /// Slouched time in the current episode (0 when not slouching).
    public var slouchedSeconds: Double
    public var gyroBiasDegreesPerSecond: Vector3
}

/// Learns the upright reference from a still, stable period (optional, off by default).
struct AutoReference: Sendable {
    private var anchor: Vector3?
    private var sum = Vector3.zero
    private var since = 0.0

    /// Returns the learned reference when the period is complete.
    mutating func update(up: Vector3, still: Bool, t: Double, settings: CalibrationSettings) -> Vector3? {
        guard still else { anchor = nil; return nil }
        if let a = anchor, a.angleDegrees(to: up) <= settings.autoStableDegrees {
            sum += up
            if t - since >= settings.autoStableSeconds { anchor = nil; return sum.normalized }
            return nil
        }
        anchor = up
        sum = up
        since = t
        return nil
    }
}
