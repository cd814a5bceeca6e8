import PostureCore

/// Where a stretch starts from: what the wearer was doing and, lying, the rest position the
/// hold moves away from. Upright positions come from the activity; horizontal ones from the
/// rest position's pitch (face down: on all fours or prone; face up: supine).
enum ExerciseBase: Equatable, Sendable {
    case standing
    case sitting
    /// Upright, but sitting or standing is not known (e.g. just up from lying).
    case upright
    /// Trunk horizontal, chest down (on all fours, or lying prone).
    case faceDown(pitchDegrees: Double, rollDegrees: Double)
    /// Lying on the back.
    case faceUp(pitchDegrees: Double, rollDegrees: Double)
    /// Anything else (lying on a side, not settled yet): nothing is named.
    case other

    /// A horizontal rest position is at least this far from upright.
    static let horizontalDegrees = 55.0

    init(activity: ActivityState, lyingRest: (pitch: Double, roll: Double)?) {
        switch activity {
        case .standing, .walking: self = .standing
        case .sitting: self = .sitting
        case .unknown: self = .upright
        case .lying:
            guard let rest = lyingRest, abs(rest.roll) < 35 else { self = .other; return }
            if rest.pitch >= Self.horizontalDegrees {
                self = .faceDown(pitchDegrees: rest.pitch, rollDegrees: rest.roll)
            } else if rest.pitch <= -Self.horizontalDegrees {
                self = .faceUp(pitchDegrees: rest.pitch, rollDegrees: rest.roll)
            } else {
                self = .other
            }
        }
    }
}

/// A held position: the trunk angles relative to the calibrated upright, and the twist from
/// the wearer's neutral facing.
struct HeldPosition: Sendable {
    var pitchDegrees: Double
    var rollDegrees: Double
    var yawDegrees: Double
}

/// Names a hold from the trunk's orientation relative to the calibrated upright (pitch and
/// roll of the gravity direction, the twist for turns) and the base it started from. The
/// bands are wide apart on purpose: between them the answer is `unknown` (a wrong name is
/// worse). Sides: roll + is a bend to the wearer's right, twist + a turn to the left.
enum ExerciseClassifier {
    static func recognise(_ p: HeldPosition, base: ExerciseBase) -> ExerciseRecognition {
        let pitch = p.pitchDegrees, roll = p.rollDegrees, yaw = p.yawDegrees
        func bend(_ r: Double) -> ExerciseSide { r > 0 ? .right : .left }
        switch base {
        case .standing, .sitting, .upright:
            let standing = base == .standing
            // Side bend: roll clearly dominant (seated or standing).
            if abs(roll) >= 12, abs(pitch) <= 0.5 * abs(roll), abs(yaw) < 20 {
                return ExerciseRecognition(exercise: .sideBend, side: bend(roll))
            }
            if base == .sitting, abs(yaw) >= 20, abs(pitch) < 20, abs(roll) < 15, abs(yaw) >= 2 * max(abs(pitch), abs(roll)) {
                return ExerciseRecognition(exercise: .seatedTwist, side: yaw > 0 ? .left : .right)
            }
            guard standing, abs(yaw) < 20 else { return .unknown }
            if pitch >= 40, abs(roll) < 20 { return ExerciseRecognition(exercise: .forwardFold, side: .none) }
            // Leaning back farther than one can alone (the trunk is carried): a partner lift.
            if pitch <= -38, abs(roll) < 15 { return ExerciseRecognition(exercise: .partnerLift, side: .none) }
            if pitch <= -8, pitch >= -33, abs(roll) < 10 { return ExerciseRecognition(exercise: .backExtension, side: .none) }
            return .unknown
        case .faceDown(let restPitch, let restRoll):
            let dp = pitch - restPitch, dr = roll - restRoll
            // Sitting back onto the heels folds the trunk head-down.
            if dp >= 15, pitch >= 100, abs(dr) < 15 { return ExerciseRecognition(exercise: .childsPose, side: .none) }
            // The chest lifted off the floor.
            if dp <= -12, pitch <= 82, pitch >= 20, abs(dr) < 15 { return ExerciseRecognition(exercise: .sphinx, side: .none) }
            // One shoulder lowered: the trunk rotates about its long axis, which shows as roll.
            if abs(dr) >= 15, abs(dp) < 25 { return ExerciseRecognition(exercise: .threadTheNeedle, side: bend(dr)) }
            return .unknown
        case .faceUp(let restPitch, let restRoll):
            let dp = pitch - restPitch, dr = roll - restRoll
            // The upper back curls up a little as a knee is pulled in; a clear roll shows the side.
            if dp >= 3, dp <= 30, abs(dr) < 10 {
                return ExerciseRecognition(exercise: .kneeToChest, side: abs(dr) >= 3 ? bend(dr) : .none)
            }
            return .unknown
        case .other:
            return .unknown
        }
    }

    /// The exercise's angle from the rest position (its range of motion), degrees.
    static func angleDegrees(of e: Exercise, _ p: HeldPosition, base: ExerciseBase) -> Double? {
        var restPitch = 0.0, restRoll = 0.0
        switch base {
        case .faceDown(let rp, let rr), .faceUp(let rp, let rr): restPitch = rp; restRoll = rr
        default: break
        }
        let dp = p.pitchDegrees - restPitch, dr = p.rollDegrees - restRoll
        switch e {
        case .sideBend, .threadTheNeedle: return abs(dr)
        case .seatedTwist: return abs(p.yawDegrees)
        case .forwardFold, .childsPose, .kneeToChest: return abs(dp)
        case .backExtension, .partnerLift, .sphinx: return abs(dp)
        case .catCow, .pelvicTilt, .unknown: return nil
        }
    }

    /// A series of pitch swings: large ones are cat-cow (on all fours, or seated), small ones
    /// pelvic tilts (lying on the back, or seated); anything else is not named.
    static func repetitionExercise(largeSwing: Bool, base: ExerciseBase) -> Exercise {
        switch base {
        case .faceDown: largeSwing ? .catCow : .unknown
        case .faceUp: largeSwing ? .unknown : .pelvicTilt
        case .standing, .sitting, .upright: largeSwing ? .catCow : .pelvicTilt
        case .other: .unknown
        }
    }

    /// Deep stretches that cold muscles should not go into (the warm-up cue).
    static func isDeep(_ e: Exercise) -> Bool {
        switch e {
        case .forwardFold, .backExtension, .sideBend, .partnerLift, .childsPose, .sphinx, .threadTheNeedle: true
        default: false
        }
    }
}
