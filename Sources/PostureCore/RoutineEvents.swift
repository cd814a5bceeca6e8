/// `routine_step`: a guided routine asks for its next step (daemon only).
public struct RoutineStepStart: Equatable, Sendable {
    public var routine: String
    /// 1-based, of `steps`.
    public var step: Int
    public var steps: Int
    /// A name of the shared spec, section 5.
    public var exercise: String
    /// "left" or "right" for a two-sided step, "none" otherwise.
    public var side: String
    /// What the step asks for, as the configuration writes it ("knee_to_chest 2x20s per side").
    public var goal: String

    public init(routine: String, step: Int, steps: Int, exercise: String, side: String, goal: String) {
        self.routine = routine
        self.step = step
        self.steps = steps
        self.exercise = exercise
        self.side = side
        self.goal = goal
    }
}

/// `routine_end`: how a guided routine went (daemon only). Per-step detail is in
/// `posture routine status`; the event carries the totals.
public struct RoutineEndSummary: Equatable, Sendable {
    public var routine: String
    public var durationSeconds: Double
    public var steps: Int
    public var stepsDone: Int
    public var stepsSkipped: Int
    public var stepsTimedOut: Int
    public var holds: Int
    public var holdsTargetMet: Int
    public var holdSeconds: Double
    public var repetitions: Int
    public var bounces: Int
    public var jerks: Int
    /// Holds meeting the target on each side (two-sided steps).
    public var leftHolds: Int
    public var rightHolds: Int
    /// Holds and repetitions named `unknown` that were credited to the step being done.
    public var unconfirmed: Int
    /// Ended by `posture routine stop` (or another routine) before its last step.
    public var stopped: Bool

    public init(routine: String, durationSeconds: Double, steps: Int, stepsDone: Int, stepsSkipped: Int, stepsTimedOut: Int,
                holds: Int, holdsTargetMet: Int, holdSeconds: Double, repetitions: Int, bounces: Int, jerks: Int,
                leftHolds: Int, rightHolds: Int, unconfirmed: Int, stopped: Bool) {
        self.routine = routine
        self.durationSeconds = durationSeconds
        self.steps = steps
        self.stepsDone = stepsDone
        self.stepsSkipped = stepsSkipped
        self.stepsTimedOut = stepsTimedOut
        self.holds = holds
        self.holdsTargetMet = holdsTargetMet
        self.holdSeconds = holdSeconds
        self.repetitions = repetitions
        self.bounces = bounces
        self.jerks = jerks
        self.leftHolds = leftHolds
        self.rightHolds = rightHolds
        self.unconfirmed = unconfirmed
        self.stopped = stopped
    }
}

extension EventJSONCodec {
    static func fields(of s: RoutineStepStart) -> [(key: String, value: EventValue)] {
        [("routine", .string(s.routine)), ("step", .integer(s.step)), ("steps", .integer(s.steps)),
         ("exercise", .string(s.exercise)), ("side", .string(s.side)), ("goal", .string(s.goal))]
    }

    static func fields(of s: RoutineEndSummary) -> [(key: String, value: EventValue)] {
        [("routine", .string(s.routine)), ("duration_s", .number(s.durationSeconds, fractionDigits: 1)),
         ("steps", .integer(s.steps)), ("steps_done", .integer(s.stepsDone)), ("steps_skipped", .integer(s.stepsSkipped)),
         ("steps_timed_out", .integer(s.stepsTimedOut)), ("holds", .integer(s.holds)),
         ("holds_target_met", .integer(s.holdsTargetMet)), ("hold_s", .number(s.holdSeconds, fractionDigits: 1)),
         ("repetitions", .integer(s.repetitions)), ("bounces", .integer(s.bounces)), ("jerks", .integer(s.jerks)),
         ("left_holds", .integer(s.leftHolds)), ("right_holds", .integer(s.rightHolds)),
         ("unconfirmed", .integer(s.unconfirmed)), ("stopped", .bool(s.stopped))]
    }
}
