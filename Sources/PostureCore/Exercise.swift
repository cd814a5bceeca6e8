/// The stretches the pipeline names (shared spec, section 5). The same names everywhere:
/// events, history, reports, routines. `unknown` is a valid answer; a wrong name is worse.
public enum Exercise: String, Equatable, Hashable, Sendable, CaseIterable {
    case backExtension = "back_extension"
    case sideBend = "side_bend"
    case forwardFold = "forward_fold"
    case seatedTwist = "seated_twist"
    case childsPose = "childs_pose"
    case catCow = "cat_cow"
    case kneeToChest = "knee_to_chest"
    case sphinx
    case pelvicTilt = "pelvic_tilt"
    case threadTheNeedle = "thread_the_needle"
    case partnerLift = "partner_lift"
    case unknown

    /// Done once per side (the guides ask for both sides).
    public var isOneSided: Bool {
        switch self {
        case .sideBend, .seatedTwist, .kneeToChest, .threadTheNeedle: true
        default: false
        }
    }
}

/// The wearer's side the trunk bends or turns towards (spec section 5).
public enum ExerciseSide: String, Equatable, Hashable, Sendable, CaseIterable {
    case left, right, none

    /// The other side (`none` stays `none`).
    public var opposite: ExerciseSide {
        switch self {
        case .left: .right
        case .right: .left
        case .none: .none
        }
    }
}

/// What was recognised of a stretch: the exercise and its side.
public struct ExerciseRecognition: Equatable, Sendable {
    public var exercise: Exercise
    public var side: ExerciseSide
    public static let unknown = ExerciseRecognition(exercise: .unknown, side: .none)

    public init(exercise: Exercise, side: ExerciseSide) {
        self.exercise = exercise
        self.side = side
    }
}

/// The left/right comparison of one exercise over a stretch session (`side_balance`):
/// holds, held time and the largest angle (range of motion) per side.
public struct SideBalance: Equatable, Sendable {
    public var exercise: Exercise
    public var leftHolds: Int
    public var rightHolds: Int
    public var leftSeconds: Double
    public var rightSeconds: Double
    /// The largest angle reached on each side (0 with no hold on that side).
    public var leftDegrees: Double
    public var rightDegrees: Double

    public init(exercise: Exercise, leftHolds: Int = 0, rightHolds: Int = 0, leftSeconds: Double = 0,
                rightSeconds: Double = 0, leftDegrees: Double = 0, rightDegrees: Double = 0) {
        self.exercise = exercise
        self.leftHolds = leftHolds
        self.rightHolds = rightHolds
        self.leftSeconds = leftSeconds
        self.rightSeconds = rightSeconds
        self.leftDegrees = leftDegrees
        self.rightDegrees = rightDegrees
    }

    /// Left minus right.
    public var secondsDifference: Double { leftSeconds - rightSeconds }
    public var degreesDifference: Double { leftDegrees - rightDegrees }
}

extension SideBalance {
    /// Left against right per one-sided exercise over any span of events (a day of the
    /// history, a week): from the `hold_end` events' exercise, side, duration and `exercise_deg`.
    /// In the order the exercises first appear.
    public static func summarize(_ events: [PostureEvent]) -> [SideBalance] {
        var out: [SideBalance] = []
        for e in events {
            guard case .holdEnd(let h) = e.payload, let r = h.exercise, r.exercise.isOneSided, r.side != .none else { continue }
            let i = out.firstIndex { $0.exercise == r.exercise } ?? {
                out.append(SideBalance(exercise: r.exercise))
                return out.count - 1
            }()
            let degrees = h.exerciseDegrees ?? 0
            if r.side == .left {
                out[i].leftHolds += 1
                out[i].leftSeconds += h.durationSeconds
                out[i].leftDegrees = max(out[i].leftDegrees, degrees)
            } else {
                out[i].rightHolds += 1
                out[i].rightSeconds += h.durationSeconds
                out[i].rightDegrees = max(out[i].rightDegrees, degrees)
            }
        }
        return out
    }
}
