import Foundation
import PostureCore

/// The `sensor-shift` scenario's truth: when the reference stopped matching the wearer, and by
/// how much (the sensor's rotation on the trunk, or the slouch the wearer calibrated in).
public struct SensorShiftLabel: Codable, Equatable, Sendable {
    /// "shifted": the board slipped on the wearer; "stale": the wearer calibrated slouched.
    public var kind: String
    /// What the wearer was doing: "sitting", "standing_up", "walking" (shifted) or "calibrating" (stale).
    public var during: String
    /// The slip's (or the bad calibration's) start and end, seconds.
    public var start: Double
    public var end: Double
    /// The rotation of the sensor on the trunk (or the calibrated slouch), degrees: + pitch
    /// forward, + roll to the wearer's right.
    public var pitchDegrees: Double
    public var rollDegrees: Double
    /// Whether the wearer walked at least a minute after the calibration and before the slip.
    public var walkedBefore: Bool

    public var offsetDegrees: Double { (pitchDegrees * pitchDegrees + rollDegrees * rollDegrees).squareRoot() }
}

/// The board's rotation on the trunk over time: none before `start`, the full rotation after
/// `start + seconds` (minimum-jerk in between: a slip, not a jump).
struct MountingShift: Sendable {
    var start: Double
    var seconds: Double
    var pitchDegrees: Double
    var rollDegrees: Double

    /// The pad's orientation in body axes at `t` (identity before the slip).
    func rotation(at t: Double) -> Quaternion {
        let s = TransitionProfile.minimumJerk.blend(min(1, max(0, (t - start) / seconds)))
        return Quaternion(yawDegrees: 0, pitchDegrees: pitchDegrees * s, rollDegrees: rollDegrees * s)
    }
}

extension ScenarioBuilder {
    /// A day on which the reference stops matching: the board slips 10-25° (pitch and/or roll)
    /// while sitting, standing up or walking, or (a quarter of the days) the wearer calibrated
    /// slouched. Typing, walks and the usual distractors around it; long enough after the slip
    /// for either evidence (a walk, or 20+ minutes of still sitting).
    mutating func sensorShiftDay(wearer: Wearer) {
        still(random.uniform(20...40))
        if random.chance(0.25) {
            staleCalibrationDay(wearer: wearer)
            return
        }
        calibrateSeated()
        typingDesk(random.uniform(300...600), wearer: wearer, slouches: 1)
        let walkedBefore = random.chance(0.6)
        if walkedBefore {
            walkBreak()
            typingDesk(random.uniform(120...300), wearer: wearer, slouches: 1)
        }
        let magnitude = random.uniform(10...25)
        let oblique = random.uniform(0...360)
        let direction: Double = random.pick([0.0, 180, 90, -90, oblique]) ?? 0
        let pitch = magnitude * cos(direction * .pi / 180)
        let roll = magnitude * sin(direction * .pi / 180)
        let slipSeconds = random.uniform(0.4...3)
        let during = random.pick(["sitting", "standing_up", "walking"]) ?? "sitting"
        var slipAt = t
        switch during {
        case "standing_up":
            slipAt = t + random.uniform(0.3...1.5)
            walkBreak()
        case "walking":
            standUp()
            still(random.uniform(2...5))
            let first = random.uniform(20...60)
            walk(first)
            slipAt = t - first / 2
            walk(random.uniform(60...120))
            still(random.uniform(2...4))
            sitDown()
        default:
            typing(random.uniform(10...30), wearer: wearer)
            slipAt = t
            still(slipSeconds + 1)
        }
        mountingShift = MountingShift(start: slipAt, seconds: slipSeconds, pitchDegrees: pitch, rollDegrees: roll)
        labels.sensorShift = SensorShiftLabel(kind: "shifted", during: during, start: slipAt, end: slipAt + slipSeconds,
                                              pitchDegrees: pitch, rollDegrees: roll, walkedBefore: walkedBefore)
        typingDesk(random.uniform(1500...1800), wearer: wearer, slouches: 2)
        if random.chance(0.5) {
            standUp()
            walk(random.uniform(60...120))
            still(random.uniform(2...4))
            sitDown()
            typing(random.uniform(60...180), wearer: wearer)
        }
    }

    /// Calibrating while slouched 16-28° forward (the wearer meant to sit upright): every later
    /// angle is off by that much. A walk within the first 20 minutes, sitting around it.
    private mutating func staleCalibrationDay(wearer: Wearer) {
        let slouched = random.uniform(16...28)
        let roll = random.uniform(-3...3)
        pose(pitch: slouched, roll: roll, seconds: random.uniform(2...4), profile: .raisedCosine)
        still(random.uniform(2...4))
        let at = t
        marker(.calibrate)
        labels.calibrations.append(t)
        still(random.uniform(2...3))
        labels.sensorShift = SensorShiftLabel(kind: "stale", during: "calibrating", start: at, end: at,
                                              pitchDegrees: slouched, rollDegrees: roll, walkedBefore: false)
        returnToNeutral(seconds: random.uniform(1.5...3))
        typingDesk(random.uniform(300...900), wearer: wearer, slouches: 1)
        walkBreak()
        typingDesk(random.uniform(600...1200), wearer: wearer, slouches: 2)
    }

    /// Up from the chair, a walk of one to two and a half minutes, and back down.
    private mutating func walkBreak() {
        standUp()
        still(random.uniform(2...5))
        walk(random.uniform(60...150))
        still(random.uniform(2...4))
        sitDown()
    }
}
