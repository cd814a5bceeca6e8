/// One hold credited to a routine step.
public struct RoutineHold: Codable, Equatable, Sendable {
    public var seconds: Double
    /// "left", "right" for two-sided steps, else "none".
    public var side: String
    public var targetMet: Bool

    public init(seconds: Double, side: String, targetMet: Bool) {
        self.seconds = seconds
        self.side = side
        self.targetMet = targetMet
    }

    enum CodingKeys: String, CodingKey { case seconds = "s", side, targetMet = "target_met" }
}

public enum RoutineStepOutcome: String, Codable, Equatable, Sendable {
    case pending, active, done, skipped
    case timedOut = "timed_out"
    case stopped
}

/// How one step went: what was asked and what was seen.
public struct RoutineStepResult: Codable, Equatable, Sendable {
    public var exercise: String
    public var kind: RoutineStepKind
    public var count: Int
    public var holdSeconds: Double?
    public var bothSides: Bool
    public var outcome: RoutineStepOutcome = .pending
    public var holds: [RoutineHold] = []
    public var repetitions = 0
    public var bounces = 0
    public var jerks = 0
    /// Holds and repetitions named `unknown` credited to this step.
    public var unconfirmed = 0

    public init(step: RoutineStep) {
        exercise = step.exercise
        kind = step.kind
        count = step.count
        holdSeconds = step.holdSeconds
        bothSides = step.bothSides
    }

    /// Holds that met the target, on `side` (nil: all).
    public func holdsMet(side: String?) -> Int {
        holds.filter { $0.targetMet && (side == nil || $0.side == side) }.count
    }

    enum CodingKeys: String, CodingKey {
        case exercise, kind, count, holdSeconds = "hold_s", bothSides = "both_sides", outcome, holds, repetitions
        case bounces, jerks, unconfirmed
    }
}

/// The end of a routine (or its progress so far): `routine_end`, `posture routine status`.
public struct RoutineSummary: Codable, Equatable, Sendable {
    public var name: String
    public var durationSeconds: Double
    /// Ended by `posture routine stop` (or a new routine) rather than by its last step.
    public var stopped: Bool
    /// The step in progress (0-based), nil when over.
    public var currentStep: Int?
    public var currentSide: String?
    public var steps: [RoutineStepResult]

    public init(name: String, durationSeconds: Double, stopped: Bool, currentStep: Int?, currentSide: String?,
                steps: [RoutineStepResult]) {
        self.name = name
        self.durationSeconds = durationSeconds
        self.stopped = stopped
        self.currentStep = currentStep
        self.currentSide = currentSide
        self.steps = steps
    }

    public var stepsDone: Int { steps.filter { $0.outcome == .done }.count }
    public var stepsSkipped: Int { steps.filter { $0.outcome == .skipped }.count }
    public var stepsTimedOut: Int { steps.filter { $0.outcome == .timedOut }.count }
    public var holds: Int { steps.reduce(0) { $0 + $1.holds.count } }
    public var holdsTargetMet: Int { steps.reduce(0) { $0 + $1.holdsMet(side: nil) } }
    public var holdSeconds: Double { steps.reduce(0) { $0 + $1.holds.reduce(0) { $0 + $1.seconds } } }
    public var repetitions: Int { steps.reduce(0) { $0 + $1.repetitions } }
    public var bounces: Int { steps.reduce(0) { $0 + $1.bounces } }
    public var jerks: Int { steps.reduce(0) { $0 + $1.jerks } }
    public var leftHolds: Int { steps.reduce(0) { $0 + $1.holdsMet(side: "left") } }
    public var rightHolds: Int { steps.reduce(0) { $0 + $1.holdsMet(side: "right") } }
    public var unconfirmed: Int { steps.reduce(0) { $0 + $1.unconfirmed } }

    enum CodingKeys: String, CodingKey {
        case name, durationSeconds = "duration_s", stopped, currentStep = "current_step", currentSide = "current_side", steps
    }
}
