import Foundation
import PostureCoaching
import PostureCore

/// The truth of a guided routine the simulated wearer followed: when it was started, the skip
/// presses, and the summary a correct daemon ends it with (`RoutineSummary`'s own step type,
/// so the two compare field by field).
public struct RoutineLabel: Codable, Equatable, Sendable {
    public var name: String
    /// When `posture routine NAME` is given; the wearer waits for the first step's cue.
    public var startSeconds: Double
    /// Presses that skip the step in progress (`posture routine skip` or a short press).
    public var skipSeconds: [Double]
    /// Each step as a correct summary has it: outcome, holds (labelled duration, the side done,
    /// target met), repetitions, bounce episodes, jerks, and in `unconfirmed` the holds done
    /// too badly to be named (they are credited to the step as `unknown`).
    public var steps: [RoutineStepResult]
    /// When each step was done: the end of its last hold, the turning point of the repetition
    /// that completed its count, or its skip press.
    public var stepEnds: [Double]

    public init(name: String, startSeconds: Double, skipSeconds: [Double], steps: [RoutineStepResult], stepEnds: [Double]) {
        self.name = name
        self.startSeconds = startSeconds
        self.skipSeconds = skipSeconds
        self.steps = steps
        self.stepEnds = stepEnds
    }

    mutating func round(time: (Double) -> Double) {
        startSeconds = time(startSeconds)
        skipSeconds = skipSeconds.map(time)
        stepEnds = stepEnds.map(time)
        for i in steps.indices {
            steps[i].holds = steps[i].holds.map { RoutineHold(seconds: time($0.seconds), side: $0.side, targetMet: $0.targetMet) }
        }
    }
}

/// The routines the routine scenarios perform: the built-in daily one and a user-defined one.
public enum SimulatedRoutine {
    /// A user's own routine (standing, all fours, prone), as `[[routine]]` writes it.
    public static let customName = "evening"
    public static let customSteps = [
        "back_extension 3x5s", "side_bend 15s per side", "forward_fold 20s", "thread_the_needle 20s per side",
        "sphinx 30s", "childs_pose 30s",
    ]

    public static var custom: RoutineDefinition {
        RoutineDefinition(name: customName, steps: customSteps.compactMap { try? RoutineStep.parse($0).get() })
    }

    /// The `[[routine]]` table that defines `custom` in a configuration file.
    public static var configTOML: String {
        "[[routine]]\nname = \"\(customName)\"\nsteps = [" + customSteps.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n"
    }

    /// The routine a scenario kind performs (nil: not a routine scenario).
    public static func definition(for kind: ScenarioKind) -> RoutineDefinition? {
        switch kind {
        case .routine: return .basicDaily
        case .customRoutine: return custom
        default: return nil
        }
    }

    /// Hold target of a step without its own (the daemon's default stretch target).
    static let defaultHoldSeconds = 20.0
}

/// Where the wearer is between exercises; moving between places uses the whole-body transitions.
enum WearerPlace: CaseIterable {
    case chair, standing, kneeling, allFours, prone, floorSitting, supine

    /// Where an exercise is done.
    static func of(_ exercise: String) -> WearerPlace {
        switch exercise {
        case "seated_twist": return .chair
        case "childs_pose", "cat_cow", "thread_the_needle": return .allFours
        case "sphinx": return .prone
        case "knee_to_chest", "pelvic_tilt": return .supine
        default: return .standing
        }
    }

    /// One transition away.
    var neighbours: [WearerPlace] {
        switch self {
        case .chair: return [.standing]
        case .standing: return [.chair, .kneeling]
        case .kneeling: return [.standing, .allFours, .prone, .floorSitting]
        case .allFours, .prone: return [.kneeling]
        case .floorSitting: return [.standing, .supine]
        case .supine: return [.floorSitting]
        }
    }

    /// The shortest way to `target` (excluding the start).
    func route(to target: WearerPlace) -> [WearerPlace] {
        var previous: [WearerPlace: WearerPlace] = [:]
        var queue = [self]
        var seen: Set<WearerPlace> = [self]
        while !queue.isEmpty {
            let p = queue.removeFirst()
            if p == target { break }
            for n in p.neighbours where !seen.contains(n) {
                seen.insert(n)
                previous[n] = p
                queue.append(n)
            }
        }
        var path: [WearerPlace] = []
        var p = target
        while p != self, let before = previous[p] {
            path.insert(p, at: 0)
            p = before
        }
        return path
    }
}

extension ScenarioBuilder {
    /// The wearer follows a guided routine from the chair, step by step as the cues ask, and
    /// back to the chair. Varied: a skipped step, a too-short hold (then done again), bouncing
    /// and jerky holds, the wrong side first, long pauses between steps, and a step done so
    /// badly that nothing can name it. The labels get the summary a correct daemon gives.
    mutating func guidedRoutine(_ definition: RoutineDefinition) {
        let steps = definition.steps
        isStretching = true
        var label = RoutineLabel(name: definition.name, startSeconds: t, skipSeconds: [],
                                 steps: steps.map(RoutineStepResult.init(step:)), stepEnds: [])
        let skipped = random.chance(0.4) ? random.int(0...(steps.count - 1)) : nil
        let badCandidates = steps.indices.filter { $0 != skipped && Self.hasBadVariant(steps[$0].exercise) && steps[$0].kind == .hold }
        let bad = random.chance(0.5) ? random.pick(badCandidates) : nil
        // A too-short hold is done again; a badly done one is not also too short (it would not count).
        let holdSteps = steps.indices.filter { $0 != skipped && $0 != bad && steps[$0].kind == .hold }
        let short = random.chance(0.8) ? random.pick(holdSteps) : nil
        var place = WearerPlace.chair
        still(random.uniform(2...4))
        for (i, step) in steps.enumerated() {
            // The cue, then the wearer gets going (now and then after a long pause).
            still(random.chance(0.2) ? random.uniform(15...40) : random.uniform(3...8))
            if i == skipped {
                label.skipSeconds.append(t)
                label.steps[i].outcome = .skipped
                label.stepEnds.append(t)
                still(random.uniform(1...3))
                continue
            }
            for next in place.route(to: WearerPlace.of(step.exercise)) {
                move(from: place, to: next)
                place = next
                // Long enough in each place for the activity to be recognised (a stand, a sit).
                still(random.uniform(5...8))
            }
            switch step.kind {
            case .repetitions:
                let first = labels.repetitions.count
                repetitionStep(step)
                label.steps[i].repetitions = step.count
                label.stepEnds.append(labels.repetitions[first + step.count - 1].t)
            case .hold:
                holdStep(step, result: &label.steps[i], bad: i == bad, short: i == short)
                label.stepEnds.append(labels.holds[labels.holds.count - 1].end)
            }
            label.steps[i].outcome = .done
        }
        still(random.uniform(3...6))
        for next in place.route(to: .chair) {
            move(from: place, to: next)
            place = next
            still(random.uniform(5...8))
        }
        labels.routine = label
        isStretching = false
    }

    static func hasBadVariant(_ exercise: String) -> Bool {
        ["seated_twist", "side_bend", "knee_to_chest"].contains(exercise)
    }

    /// One whole-body transition between neighbouring places.
    private mutating func move(from: WearerPlace, to: WearerPlace) {
        switch (from, to) {
        case (.chair, .standing), (.kneeling, .standing), (.floorSitting, .standing): standUp()
        case (.standing, .chair), (.standing, .kneeling), (.kneeling, .floorSitting): sitDown()
        case (.kneeling, .allFours): _ = allFours()
        case (.allFours, .kneeling): kneelUp(hipRiseMetres: 0)
        case (.kneeling, .prone):
            lieProne()
            still(random.uniform(3...5))
        case (.prone, .kneeling): kneelUp(hipRiseMetres: 0.3)
        case (.floorSitting, .supine):
            lieBack()
            still(random.uniform(4...6))
        case (.supine, .floorSitting): sitUpFromLying()
        default: break
        }
    }

    /// The step's repetitions and one more: the next step's cue is felt only once the last
    /// one has been counted, so the wearer is into another by then.
    private mutating func repetitionStep(_ step: RoutineStep) {
        let base = neutral.pitch
        if step.exercise == "cat_cow" {
            let flexion = random.uniform(14...18), arch = random.uniform(10...14)
            repetitions("cat_cow", count: step.count + 1, flexionDegrees: (base + flexion)...(base + flexion + 6),
                        extensionDegrees: (base - arch - 5)...(base - arch), halfPeriodSeconds: 2...3.5)
        } else {
            repetitions("pelvic_tilt", count: step.count + 1, flexionDegrees: (base + 4)...(base + 7),
                        extensionDegrees: (base - 6)...(base - 3), halfPeriodSeconds: 1.5...2.5)
        }
        pose(pitch: base, roll: neutral.roll, yaw: neutral.yaw, seconds: random.uniform(1.5...2.5))
        still(random.uniform(2...4))
    }

    /// The holds of a step: each side as cued (or the wrong one first), held past the target
    /// (the wearer releases after the target cue), a too-short one done again.
    private mutating func holdStep(_ step: RoutineStep, result: inout RoutineStepResult, bad: Bool, short: Bool) {
        let target = step.holdSeconds ?? SimulatedRoutine.defaultHoldSeconds
        let oneSided = Exercise(rawValue: step.exercise)?.isOneSided ?? false
        // The runner asks for the left side first; a badly done (unnamed) hold is credited to the
        // side asked for, so that wearer follows the cues.
        var sides: [ExerciseSide] = step.bothSides ? [.left, .right] : [oneSided ? (random.chance(0.5) ? .left : .right) : .none]
        if step.bothSides && !bad && random.chance(0.4) { sides.reverse() }
        var shortLeft = short
        for side in sides {
            var met = 0
            while met < step.count {
                let tooShort = shortLeft && random.chance(0.7)
                if tooShort { shortLeft = false }
                let seconds = tooShort ? max(3, target * random.uniform(0.4...0.7)) : target + random.uniform(3...9)
                let style = holdStyle(step.exercise, bad: bad)
                stretchHold(position(step.exercise, side: side, bad: bad), holdSeconds: seconds, style: style,
                            breathHold: random.chance(0.1))
                let held = labels.holds[labels.holds.count - 1]
                let credited = step.bothSides ? side.rawValue : "none"
                result.holds.append(RoutineHold(seconds: held.end - held.start, side: credited, targetMet: held.end - held.start >= target))
                if style == .bouncing { result.bounces += 1 }
                result.jerks += held.jerks
                if bad { result.unconfirmed += 1 }
                if !tooShort { met += 1 }
                still(random.uniform(2...5))
            }
        }
    }

    /// Bouncing and snapping happen in the upright stretches (a floor position is settled).
    private mutating func holdStyle(_ exercise: String, bad: Bool) -> HoldStyle {
        guard !bad, ["side_bend", "forward_fold", "seated_twist", "back_extension"].contains(exercise) else { return .smooth }
        let r = random.uniform(0...1)
        return r < 0.2 ? .bouncing : r < 0.4 ? .jerky : .smooth
    }

    /// An exercise's position from the current place (the exercise library's ranges), or a
    /// badly done one that no band names: a twist slumped forward, a side bend leaning
    /// forward, a knee-to-chest rolled onto the side.
    private mutating func position(_ exercise: String, side: ExerciseSide, bad: Bool) -> StretchPosition {
        let named = bad ? nil : Exercise(rawValue: exercise)
        let labelSide: ExerciseSide? = bad ? nil : side
        func p(_ pitch: Double, _ roll: Double, _ yaw: Double, _ channel: TrunkChannel) -> StretchPosition {
            StretchPosition(name: exercise.replacingOccurrences(of: "_", with: "-") + (bad ? "-badly" : ""), pitch: pitch,
                            roll: roll, yaw: yaw, bounceChannel: channel, exercise: named, side: labelSide)
        }
        /// About the trunk's long axis from the current rest (all fours, lying on the back).
        func rotated(pitch: Double, roll: Double, angle: Double) -> (Double, Double, Double) {
            let e = Self.eulerDegrees(Quaternion(yawDegrees: neutral.yaw, pitchDegrees: pitch, rollDegrees: roll)
                                      * Quaternion(axis: .unitZ, angleRadians: angle * .pi / 180))
            return (e.pitch, e.roll, e.yaw + 360 * ((neutral.yaw - e.yaw) / 360).rounded())
        }
        switch exercise {
        case "back_extension":
            return p(-random.uniform(12...30), random.uniform(-3...3), neutral.yaw, .pitch)
        case "side_bend":
            let s = side == .left ? -1.0 : 1.0
            let roll = s * random.uniform(bad ? 13...18 : 18...35)
            return p(bad ? 0.5 * abs(roll) + random.uniform(3...6) : random.uniform(-3...4), roll, neutral.yaw, .roll)
        case "forward_fold":
            return p(random.uniform(55...90), random.uniform(-4...4), neutral.yaw, .pitch)
        case "partner_lift":
            return p(-random.uniform(40...52), random.uniform(-3...3), neutral.yaw, .pitch)
        case "seated_twist":
            let s = side == .left ? 1.0 : -1.0
            if bad { return p(random.uniform(22...28), -s * random.uniform(2...5), neutral.yaw + s * random.uniform(25...40), .yaw) }
            return p(random.uniform(2...8), -s * random.uniform(2...6), neutral.yaw + s * random.uniform(30...60), .yaw)
        case "childs_pose":
            return p(random.uniform(105...130), random.uniform(-3...3), neutral.yaw, .pitch)
        case "thread_the_needle":
            let (pitch, roll, yaw) = rotated(pitch: neutral.pitch, roll: 0, angle: (side == .right ? 1 : -1) * random.uniform(20...35))
            return p(pitch, roll, yaw, .roll)
        case "sphinx":
            return p(neutral.pitch - random.uniform(15...25), random.uniform(-3...3), neutral.yaw, .pitch)
        case "knee_to_chest":
            // Lying on the back, roll + = right shoulder down = a negative turn about the long axis.
            let s = side == .right ? 1.0 : -1.0
            let angle = s * (bad ? random.uniform(13...18) : random.uniform(5...9))
            let (pitch, roll, yaw) = rotated(pitch: neutral.pitch + random.uniform(5...10), roll: neutral.roll, angle: -angle)
            return p(pitch, roll, yaw, .pitch)
        default:
            return p(neutral.pitch, neutral.roll, neutral.yaw, .pitch)
        }
    }
}
