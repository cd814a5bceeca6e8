import Foundation
import PostureCore

/// How a hard-stretch hold is entered, held and left (issue 10: jerks are sudden snaps far
/// faster than the hold's own motion; smooth entries and exits of any pace are not jerks).
enum HardHoldStyle: CaseIterable {
    /// Smooth in and out at the wearer's pace, with unhurried settling adjustments in the hold.
    case smooth
    /// A slow approach that ends in a snap over the last 5-12°.
    case snapIntoEnd
    /// A sudden snap of 5-12° and back in the middle of the hold.
    case snapInHold
    /// A hold left with a snap of 5-12° before a smooth return.
    case snapOut
}

/// One hold's motion, drawn per hold (issue 10: snap sizes, durations and the hold's own pace vary).
struct HardHoldMotion {
    /// The snap: 5-12° in 0.05-0.25 s (one way), so its peak rate is 37-450 deg/s.
    var snapDegrees: Double
    var snapSeconds: Double
    /// Peak rate of the smooth entry and exit, deg/s (a slow approach before a snap is slower still).
    var entryPeakDegreesPerSecond: Double
    var exitPeakDegreesPerSecond: Double
    /// The hold's own settling adjustments: how many, their size and their length (out and back).
    var settles: Int
    var settleDegrees: ClosedRange<Double>
    var settleSeconds: ClosedRange<Double>

    init(random: inout SeededRandom) {
        snapDegrees = random.uniform(5...12)
        snapSeconds = random.uniform(0.05...0.25)
        entryPeakDegreesPerSecond = random.uniform(20...100)
        exitPeakDegreesPerSecond = random.uniform(20...100)
        settles = random.int(0...3)
        let size = random.uniform(1.5...4)
        settleDegrees = (size * 0.7)...size
        // Unhurried: at least 1 s out and back (a peak rate under about 12 deg/s).
        let length = random.uniform(1.0...3.0)
        settleSeconds = length...(length * 1.4)
    }

    /// The snap's peak rate (a minimum-jerk move).
    var snapPeakDegreesPerSecond: Double { TransitionProfile.minimumJerk.peakSlope * snapDegrees / snapSeconds }
}

extension ScenarioBuilder {
    /// One hard hold: labelled like `stretchHold` (held span, style, jerk count).
    mutating func hardHold(_ position: StretchPosition, holdSeconds: Double, style: HardHoldStyle, wearer: Wearer) {
        let holdIndex = labels.holds.count
        let motion = HardHoldMotion(random: &random)
        let span = max(abs(position.pitch - neutral.pitch), abs(position.roll - neutral.roll), abs(position.yaw - neutral.yaw))
        // The wearer's pace varies the length, never past the drawn peak rate (smooth stays under 100 deg/s).
        func smoothSeconds(_ degrees: Double, peak: Double) -> Double {
            max(0.8 * wearer.pace, TransitionProfile.minimumJerk.peakSlope * degrees / peak)
        }
        func towards(_ target: (pitch: Double, roll: Double, yaw: Double), from: (pitch: Double, roll: Double, yaw: Double),
                     _ f: Double) -> (pitch: Double, roll: Double, yaw: Double) {
            (from.pitch + (target.pitch - from.pitch) * f, from.roll + (target.roll - from.roll) * f, from.yaw + (target.yaw - from.yaw) * f)
        }
        let held = (pitch: position.pitch, roll: position.roll, yaw: position.yaw)
        var jerks = 0
        if style == .snapIntoEnd {
            // Ease in (at most 40 % of the snap's rate, so the snap stands out), then snap the rest.
            let f = max(0, 1 - motion.snapDegrees / max(span, motion.snapDegrees + 1))
            let near = towards(held, from: neutral, f)
            let approachPeak = min(motion.entryPeakDegreesPerSecond, 0.4 * motion.snapPeakDegreesPerSecond)
            pose(pitch: near.pitch, roll: near.roll, yaw: near.yaw, seconds: smoothSeconds(span * f, peak: max(10, approachPeak)))
            still(random.uniform(0...0.3))
            let snap = pose(pitch: held.pitch, roll: held.roll, yaw: held.yaw, seconds: motion.snapSeconds)
            jerkWindows.append(JerkWindow(start: snap.start, end: snap.end, hold: holdIndex, isTwist: false))
            jerks += 1
        } else {
            pose(pitch: held.pitch, roll: held.roll, yaw: held.yaw, seconds: smoothSeconds(span, peak: motion.entryPeakDegreesPerSecond))
        }
        setPosture(postureCategory(pitchDegrees: position.pitch, rollDegrees: position.roll), at: t - 0.5)
        let reached = t
        deepBreathing.append((reached, reached + holdSeconds))
        let channel = position.bounceChannel
        let sign = (channel == .pitch ? position.pitch : channel == .roll ? position.roll : position.yaw - neutral.yaw) >= 0 ? 1.0 : -1.0
        // A snap in the hold, away from the settling adjustments (they are the hold's own motion).
        var snapAt: Double?
        if style == .snapInHold {
            let at = reached + random.uniform(3...max(3.5, holdSeconds - 3))
            pulse(channel, degrees: sign * motion.snapDegrees, at: at, seconds: 2 * motion.snapSeconds)
            jerkWindows.append(JerkWindow(start: at, end: at + 2 * motion.snapSeconds, hold: holdIndex, isTwist: false))
            jerks += 1
            snapAt = at
        }
        var settleEnd = reached + 1.5
        for _ in 0..<motion.settles {
            let seconds = random.uniform(motion.settleSeconds)
            let at = settleEnd + random.uniform(0.5...4)
            guard at + seconds < reached + holdSeconds - 1.5 else { break }
            if let s = snapAt, at < s + 2 * motion.snapSeconds + 1.5, at + seconds > s - 1.5 { continue }
            pulse(channel, degrees: random.sign() * random.uniform(motion.settleDegrees), at: at, seconds: seconds)
            settleEnd = at + seconds
        }
        still(holdSeconds)
        let snapOut = style == .snapOut
        labels.holds.append(HoldLabel(start: reached, end: t, pitchDegrees: position.pitch, rollDegrees: position.roll,
                                      stretch: position.name, style: jerks > 0 || snapOut ? "jerky" : "smooth",
                                      jerks: jerks + (snapOut ? 1 : 0)))
        var exitSpan = span
        if snapOut {
            let f = min(1, motion.snapDegrees / max(span, 1))
            let first = towards(neutral, from: held, f)
            let snap = pose(pitch: first.pitch, roll: first.roll, yaw: first.yaw, seconds: motion.snapSeconds)
            jerkWindows.append(JerkWindow(start: snap.start, end: snap.end, hold: holdIndex, isTwist: false))
            still(random.uniform(0...0.5))
            exitSpan = span * (1 - f)
        }
        let out = pose(pitch: neutral.pitch, roll: neutral.roll, yaw: neutral.yaw,
                       seconds: smoothSeconds(exitSpan, peak: motion.exitPeakDegreesPerSecond))
        setPosture(postureCategory(pitchDegrees: neutral.pitch, rollDegrees: neutral.roll), at: (out.start + out.end) / 2)
    }

    /// Standing side bends and forward folds, then seated twists, each hold in a random hard style.
    mutating func hardStretchRoutine(wearer: Wearer) {
        isStretching = true
        still(random.uniform(2...4))
        marker(.stretch)
        labels.stretchMarkers.append(t)
        still(random.uniform(2...4))
        func style(_ b: inout ScenarioBuilder) -> HardHoldStyle {
            b.random.chance(0.5) ? .smooth : b.random.pick([HardHoldStyle.snapIntoEnd, .snapInHold, .snapOut]) ?? .smooth
        }
        for side in [-1.0, 1.0, -1.0, 1.0] {
            let p = StretchPosition(name: side < 0 ? "side-bend-left" : "side-bend-right", pitch: random.uniform(-2...4),
                                    roll: side * random.uniform(20...35), yaw: neutral.yaw, bounceChannel: .roll)
            hardHold(p, holdSeconds: random.uniform(12...25), style: style(&self), wearer: wearer)
            still(random.uniform(3...6))
        }
        for _ in 0..<2 {
            let p = StretchPosition(name: "forward-fold", pitch: random.uniform(50...85), roll: 0, yaw: neutral.yaw,
                                    bounceChannel: .pitch)
            hardHold(p, holdSeconds: random.uniform(12...25), style: style(&self), wearer: wearer)
            still(random.uniform(3...6))
        }
        sitDown()
        still(random.uniform(3...6))
        for side in [1.0, -1.0, 1.0, -1.0] {
            let p = StretchPosition(name: side > 0 ? "seated-twist-left" : "seated-twist-right",
                                    pitch: random.uniform(3...8), roll: -side * random.uniform(3...6),
                                    yaw: neutral.yaw + side * random.uniform(35...60), bounceChannel: .yaw)
            hardHold(p, holdSeconds: random.uniform(12...25), style: style(&self), wearer: wearer)
            still(random.uniform(3...6))
        }
        standUp()
        still(random.uniform(3...6))
        isStretching = false
    }
}
