import Foundation
import PostureCore

/// The scenarios `posture simulate` can generate.
public enum ScenarioKind: String, CaseIterable, Sendable {
    case deskWork = "desk-work"
    case longSitting = "long-sitting"
    case stretchBreak = "stretch-break"
    case mixedDay = "mixed-day"
    case hover = "hover"
    case walking = "walking"
    // The hard scenarios (issue 10): each draws its own wearer, mounting and sensor spread from the seed.
    case typingDesk = "typing-desk"
    case standingDesk = "standing-desk"
    case hardStretch = "hard-stretch"
    /// The board slips on the wearer mid-day, or the wearer calibrated slouched (scored by `--hard` only).
    case sensorShift = "sensor-shift"

    /// The hard scenarios vary the wearer, the board mounting and the sensor (`varyForHardScenario`).
    public var isHard: Bool { self == .typingDesk || self == .standingDesk || self == .hardStretch || self == .sensorShift }
    case exercises = "exercises"
    // Guided routines (issue 13): the wearer follows the daemon's cues; the labels hold the summary.
    case routine = "routine"
    case customRoutine = "custom-routine"

    /// The routine scenarios: scored in their own table (`posture score`), on held-out seeds.
    public var isRoutine: Bool { self == .routine || self == .customRoutine }

    /// One line for `posture simulate --list`.
    public var summary: String {
        switch self {
        case .deskWork:
            return "12-16 min at a desk: slouches of many lengths, reaches, coughs, turns, reclining, side leans, fidgets"
        case .longSitting:
            return "31-40 min of sitting (past the sitting nudge), a 1-3 min walk, then sitting again"
        case .stretchBreak:
            return "sitting, then a stretch session: smooth, too-short, bouncing and jerky holds, cat-cow, knee-to-chest, twists"
        case .mixedDay:
            return "about 50 min: a long desk bout, a walk, a stretch break, a walk back, more desk work"
        case .hover:
            return "5-10 min holding the trunk just either side of the 15° slouch angle (hysteresis)"
        case .walking:
            return "stand up, walk with a turn, stand, walk again, sit down (activity detection)"
        case .typingDesk:
            return "15-20 min typing (jolts every 2-6 s, gestures), slouches of 18-27° while typing, reaches, coughs, turns, reclining, side leans"
        case .standingDesk:
            return "about 45 min: typing, 3-10 min at a standing desk (a break), 31-33 min typing with 1-3 stands of 10-55 s (not breaks)"
        case .hardStretch:
            return "a stretch break at the wearer's pace: smooth holds with settling, snaps into, during and out of holds"
        case .sensorShift:
            return "about 45 min of typing and walks; the board slips 10-25° (sitting, standing up or walking), or the wearer calibrated slouched"
        case .exercises:
            return "the guides' stretches, both sides: standing, seated, all fours, prone, supine (exercise names)"
        case .routine:
            return "the basic daily routine as cued: child's pose, cat-cow, knee-to-chest, seated twist, pelvic tilts (skips, short holds, sides)"
        case .customRoutine:
            return "a user-defined routine as cued (\(SimulatedRoutine.customName): \(SimulatedRoutine.customSteps.joined(separator: ", ")))"
        }
    }
}

extension ScenarioBuilder {
    /// Sitting still and upright, then the `calibrate` marker (the wearer's upright reference).
    mutating func calibrateSeated() {
        // The reference is the wearer's upright: pitch and roll exactly 0 in the labels' terms.
        if neutral.pitch != 0 || neutral.roll != 0 || track.finalValue(.pitch) != 0 || track.finalValue(.roll) != 0 {
            neutral = (0, 0, neutral.yaw)
            returnToNeutral(seconds: 1.5)
        }
        still(random.uniform(2...4))
        marker(.calibrate)
        labels.calibrations.append(t)
        still(random.uniform(2...3))
    }

    /// Desk work for `seconds`: idle stretches between desk events. Every kind of event appears
    /// at least once when there is time; slouches come in short (< 30 s), medium and long lengths.
    mutating func deskWork(_ seconds: Double, includeHover: Bool = false) {
        let end = t + seconds
        enum Event { case slouchShort, slouchMedium, slouchLong, reach, cough, turn, recline, lean, pickUp, fidget, hover }
        var queue: [Event] = [.slouchShort, .slouchMedium, .slouchLong, .reach, .reach, .cough, .turn, .recline, .lean,
                              .pickUp, .fidget]
        if includeHover { queue.append(.hover) }
        random.shuffle(&queue)
        let extras: [Event] = [.slouchShort, .slouchMedium, .slouchLong, .reach, .reach, .cough, .turn, .recline, .lean,
                               .fidget, .slouchMedium]
        // The mandatory events first (while at least a minute is left), then random extras.
        while end - t > (queue.isEmpty ? 150 : 60) {
            idle(random.uniform(8...35))
            let event = queue.isEmpty ? (random.pick(extras) ?? .reach) : queue.removeFirst()
            let remaining = end - t - 20
            switch event {
            case .slouchShort: slouch(holdSeconds: min(remaining, random.uniform(6...25)))
            case .slouchMedium: slouch(holdSeconds: min(remaining, random.uniform(35...100)))
            case .slouchLong: slouch(holdSeconds: min(remaining, random.uniform(120...300)))
            case .reach: reach()
            case .cough: cough()
            case .turn: turn()
            case .recline: recline(holdSeconds: min(remaining, random.uniform(20...90)))
            case .lean: leanSideways(holdSeconds: min(remaining, random.uniform(10...50)))
            case .pickUp: pickUp()
            case .fidget: fidget()
            case .hover: hover(levels: min(4, max(1, Int(remaining / 60))))
            }
        }
        idle(end - t)
    }

    mutating func script(_ kind: ScenarioKind, options: SimulationOptions) {
        let main = options.durationSeconds
        switch kind {
        case .deskWork:
            calibrateSeated()
            deskWork((main ?? random.uniform(720...960)) - t)
        case .longSitting:
            calibrateSeated()
            deskWork((main ?? random.uniform(1860...2400)) - t)
            standUp()
            still(random.uniform(2...5))
            walk(random.uniform(60...180))
            still(random.uniform(2...5))
            sitDown()
            idle(random.uniform(120...300))
        case .stretchBreak:
            calibrateSeated()
            idle(max(5, (main ?? random.uniform(30...90)) - t))
            standUp()
            stretchRoutine()
            idle(random.uniform(10...20), fidgets: false)
        case .mixedDay:
            calibrateSeated()
            deskWork((main ?? random.uniform(1860...2160)) - t, includeHover: true)
            standUp()
            still(random.uniform(2...5))
            walk(random.uniform(60...150))
            stretchRoutine()
            walk(random.uniform(40...90))
            still(random.uniform(2...4))
            sitDown()
            calibrateSeated()
            deskWork(random.uniform(240...480))
        case .hover:
            calibrateSeated()
            let end = main ?? random.uniform(300...600)
            while end - t > 150 {
                idle(random.uniform(15...45))
                hover(levels: random.int(2...4))
            }
            idle(max(0, end - t))
        case .typingDesk:
            let wearer = Wearer(random: &random)
            // The daemon has run a while (learning the gyro bias) before the wearer calibrates.
            still(random.uniform(20...40))
            calibrateSeated()
            typingDesk((main ?? random.uniform(900...1200)) - t, wearer: wearer, slouches: random.int(3...4))
        case .standingDesk:
            let wearer = Wearer(random: &random)
            // The daemon has run a while (learning the gyro bias) before the wearer calibrates.
            still(random.uniform(20...40))
            calibrateSeated()
            standingDeskDay(wearer: wearer, boutSeconds: main)
        case .hardStretch:
            let wearer = Wearer(random: &random)
            // The daemon has run a while (learning the gyro bias) before the wearer calibrates.
            still(random.uniform(20...40))
            calibrateSeated()
            typing(random.uniform(20...40), wearer: wearer)
            standUp()
            hardStretchRoutine(wearer: wearer)
            sitDown()
            typing(random.uniform(15...30), wearer: wearer)
        case .sensorShift:
            sensorShiftDay(wearer: Wearer(random: &random))
        case .walking:
            calibrateSeated()
            idle(random.uniform(10...30))
            standUp()
            still(random.uniform(3...8))
            let total = main ?? random.uniform(180...360)
            walk(max(20, total * 0.6 - 20))
            idle(random.uniform(10...30), fidgets: false)
            walk(max(20, total * 0.4 - 20))
            still(random.uniform(2...5))
            sitDown()
            idle(random.uniform(20...40))
        case .routine, .customRoutine:
            // The daemon has run a while (learning the gyro bias) before the wearer calibrates.
            still(random.uniform(20...40))
            calibrateSeated()
            idle(random.uniform(10...30))
            guidedRoutine(SimulatedRoutine.definition(for: kind) ?? .basicDaily)
            idle(random.uniform(10...20), fidgets: false)
        case .exercises:
            calibrateSeated()
            idle(max(5, (main ?? random.uniform(20...60)) - t))
            standUp()
            exerciseLibrary()
            idle(random.uniform(10...20), fidgets: false)
        }
        still(2)
    }
}
