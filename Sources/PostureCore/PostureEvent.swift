/// The posture states of `posture` events (see shared spec, section 3).
public enum PostureState: String, Sendable, Equatable, CaseIterable {
    case upright, slouched, reclined, leaning, unknown
}

/// The activity states of `activity` events.
public enum ActivityState: String, Sendable, Equatable, CaseIterable {
    case sitting, standing, walking, lying, unknown
}

/// One event of the pipeline or the daemon: when, and what with its typed values.
///
/// Consumers switch over `payload`; `EventJSONCodec` is the one place that turns it into a JSON
/// line (and back), with the field names, their order and the fraction digits of the spec.
public struct PostureEvent: Equatable, Sendable {
    /// Seconds since the start of the trace (replay) or since the Unix epoch (daemon).
    public var timeSeconds: Double
    public var payload: EventPayload

    public init(timeSeconds: Double, payload: EventPayload) {
        self.timeSeconds = timeSeconds
        self.payload = payload
    }

    /// The JSON `"event"` name, derived from the payload's case.
    public var name: String { payload.name }

    /// The event as one line of JSON (no trailing newline); see `EventJSONCodec.encode`.
    public func jsonLine(timeFractionDigits: Int = 3) -> String {
        EventJSONCodec.encode(self, timeFractionDigits: timeFractionDigits)
    }

    /// The fields after `t` and `event`, in output order (for tests and generic displays).
    public var fields: [(key: String, value: EventValue)] { EventJSONCodec.fields(of: payload) }

    /// One field's value as written to JSON, by its key.
    public subscript(key: String) -> EventValue? {
        fields.first(where: { $0.key == key })?.value
    }
}

/// What happened, with its values (spec section 3 plus the pipeline's and daemon's additions;
/// the README's event table lists them all).
public enum EventPayload: Equatable, Sendable {
    /// An upright reference was taken.
    case calibrated(up: Vector3, source: CalibrationSource)
    case posture(PostureState)
    case slouchAlert(slouchedSeconds: Double)
    case activity(ActivityState)
    case sittingNudge(sittingSeconds: Double)
    /// A stretch position was reached and is held still; the exercise and side as recognised so
    /// far (nil before recognition ran, e.g. decoded from an older line).
    case holdStart(pitchDegrees: Double, rollDegrees: Double, exercise: ExerciseRecognition? = nil)
    case holdEnd(HoldEndSummary)
    /// Ballistic, oscillating motion during a stretch.
    case bounce(frequencyHz: Double, amplitudeDegrees: Double, axis: BounceAxis)
    /// A sudden movement during a stretch; the peak angular speed.
    case jerk(peakDegreesPerSecond: Double)
    /// The sensor, bus or a file misbehaved; `kind` is a short machine-readable word.
    case fault(kind: String, detail: String)
    case stretchStart(reason: StretchStartReason)
    case stretchEnd(durationSeconds: Double, holds: Int, holdsTargetMet: Int)
    /// A repetition of a dynamic exercise; `count` is the number so far in the series.
    case repetition(count: Int, exercise: String)
    /// No breathing movement for this long during a hold.
    case breathHeld(heldSeconds: Double)
    /// A quick self-twist; the number so far today.
    case twist(countToday: Int)
    /// Samples arrive again after a sensor fault lasting `downSeconds` (daemon only).
    case sensorRecovered(downSeconds: Double)
    /// A guided routine asks for its next step (daemon only).
    case routineStep(RoutineStepStart)
    /// A guided routine is over: its totals (daemon only).
    case routineEnd(RoutineEndSummary)
    /// A one-sided stretch was held on one side more often than on the other: `side` is still to do.
    case otherSideDue(exercise: Exercise, side: ExerciseSide)
    /// `count` deep breaths were taken in the hold (the 3-breath rule).
    case deepBreaths(count: Int, exercise: Exercise)
    /// A deep stretch started straight after a long sitting bout without walking: warm up first.
    case warmUpCue(sittingSeconds: Double, walkedSeconds: Double, exercise: Exercise)
    /// At the end of a stretch session, per one-sided exercise held: left against right.
    case sideBalance(SideBalance)
    /// A slouch corrected soon after its alert, and the positive tap (daemon only).
    case slouchCorrected(SlouchCorrection)
    /// An alert that did not vibrate, and why (daemon only).
    case alertWithheld(AlertWithheld)

    /// The JSON `"event"` name.
    public var name: String {
        switch self {
        case .calibrated: EventName.calibrated
        case .posture: EventName.posture
        case .slouchAlert: EventName.slouchAlert
        case .activity: EventName.activity
        case .sittingNudge: EventName.sittingNudge
        case .holdStart: EventName.holdStart
        case .holdEnd: EventName.holdEnd
        case .bounce: EventName.bounce
        case .jerk: EventName.jerk
        case .fault: EventName.fault
        case .stretchStart: EventName.stretchStart
        case .stretchEnd: EventName.stretchEnd
        case .repetition: EventName.repetition
        case .breathHeld: EventName.breathHeld
        case .twist: EventName.twist
        case .sensorRecovered: EventName.sensorRecovered
        case .routineStep: EventName.routineStep
        case .routineEnd: EventName.routineEnd
        case .otherSideDue: EventName.otherSideDue
        case .deepBreaths: EventName.deepBreaths
        case .warmUpCue: EventName.warmUpCue
        case .sideBalance: EventName.sideBalance
        case .slouchCorrected: EventName.slouchCorrected
        case .alertWithheld: EventName.alertWithheld
        }
    }
}

/// A released stretch hold. A struct, so per-exercise fields (`exercise`, `side`) can join
/// without touching every reader.
public struct HoldEndSummary: Equatable, Sendable {
    public var durationSeconds: Double
    public var targetMet: Bool
    /// Bounce cycles and jerks during the hold.
    public var bounces: Int
    public var jerks: Int
    /// The held angles relative to upright.
    public var pitchDegrees: Double
    public var rollDegrees: Double
    /// When the position was reached (the event's own clock).
    public var startSeconds: Double
    /// Measured during the hold when the breathing was regular enough (else nil, not written).
    public var breathsPerMinute: Double?
    /// The recognised exercise and side (nil: not recognised, e.g. an older line; not written).
    public var exercise: ExerciseRecognition?
    /// The exercise's angle (range of motion) from the rest position, degrees (with `exercise`).
    public var exerciseDegrees: Double?
    /// Deep breaths taken during the hold (with `exercise`).
    public var deepBreaths: Int?

    public init(durationSeconds: Double, targetMet: Bool, bounces: Int, jerks: Int, pitchDegrees: Double,
                rollDegrees: Double, startSeconds: Double, breathsPerMinute: Double? = nil,
                exercise: ExerciseRecognition? = nil, exerciseDegrees: Double? = nil, deepBreaths: Int? = nil) {
        self.exercise = exercise
        self.exerciseDegrees = exerciseDegrees
        self.deepBreaths = deepBreaths
        self.durationSeconds = durationSeconds
        self.targetMet = targetMet
        self.bounces = bounces
        self.jerks = jerks
        self.pitchDegrees = pitchDegrees
        self.rollDegrees = rollDegrees
        self.startSeconds = startSeconds
        self.breathsPerMinute = breathsPerMinute
    }
}

/// Who asked for a calibration. `requested` (button, marker, control command) writes no
/// `source` field; `automatic` writes `"source":"auto"`.
public enum CalibrationSource: String, Equatable, Sendable, CaseIterable {
    case requested
    case automatic = "auto"
}

/// The angle a bounce oscillates on.
public enum BounceAxis: String, Equatable, Sendable, CaseIterable {
    case pitch, roll, twist
}

/// Why a stretch session started.
public enum StretchStartReason: String, Equatable, Sendable, CaseIterable {
    case button
    /// Standing up after a sitting nudge.
    case afterNudge = "after_nudge"
}

/// The JSON `"event"` names (spec section 3, then the additions).
public enum EventName {
    public static let calibrated = "calibrated"
    public static let posture = "posture"
    public static let slouchAlert = "slouch_alert"
    public static let activity = "activity"
    public static let sittingNudge = "sitting_nudge"
    public static let holdStart = "hold_start"
    public static let holdEnd = "hold_end"
    public static let bounce = "bounce"
    public static let jerk = "jerk"
    public static let fault = "fault"
    public static let stretchStart = "stretch_start"
    public static let stretchEnd = "stretch_end"
    public static let repetition = "repetition"
    public static let breathHeld = "breath_held"
    public static let twist = "twist"
    public static let sensorRecovered = "sensor_recovered"
    public static let routineStep = "routine_step"
    public static let routineEnd = "routine_end"
    public static let otherSideDue = "other_side_due"
    public static let deepBreaths = "deep_breaths"
    public static let warmUpCue = "warm_up_cue"
    public static let sideBalance = "side_balance"
    public static let slouchCorrected = "slouch_corrected"
    public static let alertWithheld = "alert_withheld"
}

extension PostureEvent {
    public static func calibrated(at t: Double, up: Vector3, source: CalibrationSource = .requested) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .calibrated(up: up, source: source))
    }
    public static func posture(at t: Double, state: PostureState) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .posture(state))
    }
    public static func slouchAlert(at t: Double, slouchedSeconds: Double) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .slouchAlert(slouchedSeconds: slouchedSeconds))
    }
    public static func activity(at t: Double, state: ActivityState) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .activity(state))
    }
    public static func sittingNudge(at t: Double, sittingSeconds: Double) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .sittingNudge(sittingSeconds: sittingSeconds))
    }
    public static func fault(at t: Double, kind: String, detail: String) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .fault(kind: kind, detail: detail))
    }
    public static func sensorRecovered(at t: Double, downSeconds: Double) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .sensorRecovered(downSeconds: downSeconds))
    }
}
