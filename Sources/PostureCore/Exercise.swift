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
