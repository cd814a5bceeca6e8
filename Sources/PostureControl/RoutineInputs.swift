import PostureCoaching
import PostureCore

extension RoutineInput {
    /// What a routine runner hears of a pipeline event: the recognised `Exercise` and
    /// `ExerciseSide` (spec section 5) by their names; not recognised, `unknown` and `none`.
    /// The daemon and the routine replay of `posture score` both use this one mapping.
    public init?(event: PostureEvent) {
        switch event.payload {
        case .holdStart(_, _, let recognised):
            self = .holdStarted(exercise: (recognised ?? .unknown).exercise.rawValue)
        case .holdEnd(let h):
            let recognised = h.exercise ?? .unknown
            self = .holdEnded(exercise: recognised.exercise.rawValue, side: recognised.side.rawValue, durationSeconds: h.durationSeconds)
        case .repetition(let count, let exercise):
            // Older lines name repetitions "cat-cow"; the spec's names use "_".
            self = .repetition(exercise: exercise.replacingOccurrences(of: "-", with: "_"), count: count)
        case .bounce: self = .bounce
        case .jerk: self = .jerk
        default: return nil
        }
    }
}
