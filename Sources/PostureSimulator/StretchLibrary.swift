import Foundation
import PostureCore

/// The guides' stretches (shared spec section 5) as labelled holds and repetitions: standing,
/// seated, on all fours, prone and supine, both sides, with people varying in angles, hold
/// times, speeds and breathing. The `exercises` scenario; `posture score` names them.
extension ScenarioBuilder {
    /// A hold time around the exercise's target (some short of it, most beyond).
    mutating func holdSeconds(target: Double) -> Double {
        max(4, target * random.uniform(0.5...1.8))
    }

    /// A smooth hold (most people) or, now and then, a breath held in it.
    mutating func libraryHold(_ p: StretchPosition, target: Double) {
        stretchHold(p, holdSeconds: holdSeconds(target: target), style: .smooth, breathHold: random.chance(0.2))
        still(random.uniform(3...6))
    }

    /// Both sides in a random order; now and then the second side is skipped (the wearer forgets).
    mutating func bothSides(_ body: (inout ScenarioBuilder, Double) -> Void) {
        let first = random.sign()
        body(&self, first)
        if !random.chance(0.2) { body(&self, -first) }
    }

    /// The whole library from standing: standing, seated, all fours, prone, supine; ends standing.
    mutating func exerciseLibrary() {
        isStretching = true
        still(random.uniform(2...4))
        marker(.stretch)
        labels.stretchMarkers.append(t)
        still(random.uniform(2...4))
        standingExercises()
        sitDown()
        still(random.uniform(3...6))
        bothSides { b, side in
            // Twist + turns left; the trunk leans a little the other way.
            let p = StretchPosition(name: "seated-twist", pitch: b.random.uniform(2...8), roll: -side * b.random.uniform(2...6),
                                    yaw: b.neutral.yaw + side * b.random.uniform(30...60), bounceChannel: .yaw,
                                    exercise: .seatedTwist, side: side > 0 ? .left : .right)
            b.libraryHold(p, target: 20)
        }
        standUp()
        still(random.uniform(2...4))
        floorExercises()
        standUp()
        still(random.uniform(3...6))
        isStretching = false
    }

    private mutating func standingExercises() {
        var blocks = [0, 1, 2, 3]
        random.shuffle(&blocks)
        for block in blocks {
            switch block {
            case 0:
                for _ in 0..<random.int(2...4) {
                    let p = StretchPosition(name: "back-extension", pitch: -random.uniform(12...30), roll: random.uniform(-3...3),
                                            yaw: neutral.yaw, bounceChannel: .pitch, exercise: .backExtension, side: ExerciseSide.none)
                    libraryHold(p, target: 5)
                }
            case 1:
                bothSides { b, side in
                    let p = StretchPosition(name: "side-bend", pitch: b.random.uniform(-3...4), roll: side * b.random.uniform(18...35),
                                            yaw: b.neutral.yaw, bounceChannel: .roll, exercise: .sideBend, side: side < 0 ? .left : .right)
                    b.libraryHold(p, target: 15)
                }
            case 2:
                let p = StretchPosition(name: "forward-fold", pitch: random.uniform(55...90), roll: random.uniform(-4...4),
                                        yaw: neutral.yaw, bounceChannel: .pitch, exercise: .forwardFold, side: ExerciseSide.none)
                libraryHold(p, target: 15)
            default:
                // Back to back with a partner who bends forward: the wearer is carried leaning far back.
                guard random.chance(0.5) else { continue }
                let p = StretchPosition(name: "partner-lift", pitch: -random.uniform(40...52), roll: random.uniform(-3...3),
                                        yaw: neutral.yaw, bounceChannel: .pitch, exercise: .partnerLift, side: ExerciseSide.none)
                libraryHold(p, target: 20)
            }
        }
    }

    /// Kneel, all fours (cat-cow, thread the needle, child's pose), prone (sphinx), supine
    /// (knee-to-chest, pelvic tilts). Starts and ends standing.
    private mutating func floorExercises() {
        sitDown()  // kneeling down: the hips lower like sitting
        still(random.uniform(2...4))
        let base = allFours()
        still(random.uniform(5...8))
        let catCow = (flexion: random.uniform(14...18), arch: random.uniform(10...14))
        repetitions("cat_cow", count: random.int(8...14), flexionDegrees: (base + catCow.flexion)...(base + catCow.flexion + 6),
                    extensionDegrees: (base - catCow.arch - 5)...(base - catCow.arch), halfPeriodSeconds: 2...3.5)
        // `repetitions` ends upright-relative; back to the all-fours position.
        pose(pitch: base, roll: 0, yaw: neutral.yaw, seconds: random.uniform(1.5...2.5))
        still(random.uniform(5...8))
        bothSides { b, side in
            // One shoulder lowered: a rotation about the trunk's long axis (roll + = right shoulder down).
            let angle = side * b.random.uniform(20...35)
            let e = Self.eulerDegrees(Quaternion(yawDegrees: b.neutral.yaw, pitchDegrees: base, rollDegrees: 0)
                                      * Quaternion(axis: .unitZ, angleRadians: angle * .pi / 180))
            // The same facing as before, not one a full turn away.
            let yaw = e.yaw + 360 * ((b.neutral.yaw - e.yaw) / 360).rounded()
            let p = StretchPosition(name: "thread-the-needle", pitch: e.pitch, roll: e.roll, yaw: yaw, bounceChannel: .roll,
                                    exercise: .threadTheNeedle, side: side > 0 ? .right : .left)
            b.libraryHold(p, target: 20)
        }
        // Sitting back onto the heels, head down.
        let child = StretchPosition(name: "childs-pose", pitch: random.uniform(105...130), roll: random.uniform(-3...3),
                                    yaw: neutral.yaw, bounceChannel: .pitch, exercise: .childsPose, side: ExerciseSide.none)
        libraryHold(child, target: 30)
        kneelUp(hipRiseMetres: 0)
        // Down onto the front, then the chest lifted onto the forearms.
        lieProne()
        still(random.uniform(5...8))
        let sphinx = StretchPosition(name: "sphinx", pitch: neutral.pitch - random.uniform(15...25), roll: random.uniform(-3...3),
                                     yaw: neutral.yaw, bounceChannel: .pitch, exercise: .sphinx, side: ExerciseSide.none)
        libraryHold(sphinx, target: 30)
        kneelUp(hipRiseMetres: 0.3)
        sitDown()  // onto the mat: lower again
        lieBack()
        still(random.uniform(5...8))
        bothSides { b, side in
            // The upper back curls up and rolls a little towards the knee's side: about the trunk's
            // long axis (lying on the back, roll + = right shoulder down = a negative turn about it).
            let angle = side * b.random.uniform(5...9)
            let e = Self.eulerDegrees(Quaternion(yawDegrees: b.neutral.yaw, pitchDegrees: b.neutral.pitch + b.random.uniform(5...10),
                                                 rollDegrees: b.neutral.roll)
                                      * Quaternion(axis: .unitZ, angleRadians: -angle * .pi / 180))
            let yaw = e.yaw + 360 * ((b.neutral.yaw - e.yaw) / 360).rounded()
            let p = StretchPosition(name: "knee-to-chest", pitch: e.pitch, roll: e.roll, yaw: yaw, bounceChannel: .pitch,
                                    exercise: .kneeToChest, side: side > 0 ? .right : .left)
            b.libraryHold(p, target: 20)
        }
        let rest = neutral.pitch
        repetitions("pelvic_tilt", count: random.int(6...12), flexionDegrees: (rest + 4)...(rest + 7),
                    extensionDegrees: (rest - 6)...(rest - 3), halfPeriodSeconds: 1.5...2.5)
        pose(pitch: rest, roll: neutral.roll, yaw: neutral.yaw, seconds: random.uniform(1.5...2.5))
        still(random.uniform(3...6))
        sitUpFromLying()
        still(random.uniform(2...4))
    }

    /// From kneeling upright onto hands and knees: the trunk close to horizontal, chest down.
    /// Returns the all-fours pitch (the rest position of the floor exercises).
    mutating func allFours() -> Double {
        // Not quite horizontal (yaw and roll would be ambiguous at exactly 90°).
        let pitch = random.uniform(78...88)
        let move = pose(pitch: pitch, roll: random.uniform(-3...3), seconds: random.uniform(2.5...4), profile: .raisedCosine)
        setActivity("lying", at: (move.start + move.end) / 2)
        setPosture("slouched", at: (move.start + move.end) / 2)
        neutral = (pitch, track.finalValue(.roll), neutral.yaw)
        return pitch
    }

    /// Back up to kneeling upright (from all fours or lying prone).
    mutating func kneelUp(hipRiseMetres: Double) {
        neutral = (random.uniform(-2...2), 0, neutral.yaw)
        let move = pose(pitch: neutral.pitch, roll: 0, seconds: random.uniform(2.5...3.5))
        if hipRiseMetres > 0 {
            track.move(.hipZ, to: track.finalValue(.hipZ) + hipRiseMetres, at: move.start, duration: move.end - move.start)
        }
        setActivity("sitting", at: (move.start + move.end) / 2)
        setPosture("upright", at: (move.start + move.end) / 2)
        still(random.uniform(4...6))
    }

    /// From kneeling upright down onto the front (the hips lower to the floor).
    mutating func lieProne() {
        let move = pose(pitch: random.uniform(90...95), roll: random.uniform(-3...3), seconds: random.uniform(3...4.5),
                        profile: .raisedCosine)
        track.move(.hipZ, to: track.finalValue(.hipZ) - 0.3, at: move.start, duration: move.end - move.start)
        setActivity("lying", at: (move.start + move.end) / 2)
        setPosture("slouched", at: (move.start + move.end) / 2)
        neutral = (track.finalValue(.pitch), track.finalValue(.roll), neutral.yaw)
    }

    /// Yaw, pitch and roll (degrees) of an orientation, the inverse of `Quaternion(yawDegrees:...)`.
    static func eulerDegrees(_ q: Quaternion) -> (yaw: Double, pitch: Double, roll: Double) {
        let d = 180 / Double.pi
        let roll = atan2(2 * (q.w * q.x + q.y * q.z), 1 - 2 * (q.x * q.x + q.y * q.y))
        let pitch = asin(max(-1, min(1, 2 * (q.w * q.y - q.z * q.x))))
        let yaw = atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z))
        return (yaw * d, pitch * d, roll * d)
    }
}
