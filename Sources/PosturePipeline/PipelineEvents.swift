import PostureCore

/// The names of the events the pipeline adds to the spec's list (see the README's event table).
public enum PipelineEventName {
    public static let stretchStart = EventName.stretchStart
    public static let stretchEnd = EventName.stretchEnd
    public static let repetition = EventName.repetition
    public static let breathHeld = EventName.breathHeld
    public static let twist = EventName.twist
    public static let otherSideDue = EventName.otherSideDue
    public static let deepBreaths = EventName.deepBreaths
    public static let warmUpCue = EventName.warmUpCue
    public static let sideBalance = EventName.sideBalance
    public static let recalibrationSuggested = EventName.recalibrationSuggested
}

/// The pipeline's constructors of its events (the payloads are in `EventPayload`).
extension PostureEvent {
    static func holdStart(at t: Double, pitch: Double, roll: Double, exercise: ExerciseRecognition) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .holdStart(pitchDegrees: pitch, rollDegrees: roll, exercise: exercise))
    }

    static func holdEnd(at t: Double, hold: HoldSummary, targetMet: Bool, bounces: Int, jerks: Int,
                        breathsPerMinute: Double?, exercise: ExerciseRecognition, exerciseDegrees: Double?,
                        deepBreaths: Int) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .holdEnd(HoldEndSummary(
            durationSeconds: hold.durationSeconds, targetMet: targetMet, bounces: bounces, jerks: jerks,
            pitchDegrees: hold.pitchDegrees, rollDegrees: hold.rollDegrees, startSeconds: hold.startTime,
            breathsPerMinute: breathsPerMinute, exercise: exercise, exerciseDegrees: exerciseDegrees,
            deepBreaths: deepBreaths)))
    }

    static func bounce(at t: Double, frequencyHz: Double, amplitudeDegrees: Double, axis: BounceAxis) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .bounce(frequencyHz: frequencyHz, amplitudeDegrees: amplitudeDegrees, axis: axis))
    }

    /// `peak` is the peak angular speed in degrees per second (also written as `peak_deg_s`).
    static func jerk(at t: Double, peakDegreesPerSecond: Double) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .jerk(peakDegreesPerSecond: peakDegreesPerSecond))
    }

    static func stretchStart(at t: Double, reason: StretchStartReason) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .stretchStart(reason: reason))
    }

    static func stretchEnd(at t: Double, durationSeconds: Double, holds: Int, targetMet: Int) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .stretchEnd(durationSeconds: durationSeconds, holds: holds, holdsTargetMet: targetMet))
    }

    static func repetition(at t: Double, count: Int, exercise: String) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .repetition(count: count, exercise: exercise))
    }

    static func breathHeld(at t: Double, heldSeconds: Double) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .breathHeld(heldSeconds: heldSeconds))
    }

    static func twist(at t: Double, countToday: Int) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .twist(countToday: countToday))
    }

    static func autoCalibrated(at t: Double, up: Vector3) -> PostureEvent {
        .calibrated(at: t, up: up, source: .automatic)
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
    /// The hold in progress as named at its start (nil when not holding): what a guided routine
    /// waits for ("the sensor sees step X being done").
    public var holdExercise: ExerciseRecognition? = nil
    /// Current sitting bout (0 when not sitting).
    public var sittingSeconds: Double
    /// Slouched time in the current episode (0 when not slouching).
    public var slouchedSeconds: Double
    public var gyroBiasDegreesPerSecond: Vector3
    /// The standing `recalibration_suggested`, until the next calibration.
    public var recalibration: StandingRecalibration? = nil
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
