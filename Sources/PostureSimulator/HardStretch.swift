import Foundation
import PostureCore

/// How a hard-stretch hold is entered, held and left (issue 10: jerks are sudden snaps far
/// faster than the hold's own motion; smooth entries and exits of any pace are not jerks).
enum HardHoldStyle: CaseIterable {
    /// Smooth in and out at the wearer's pace, with small settling adjustments in the hold.
    case smooth
    /// A smooth approach that ends in a snap: the last 6-10° in about a tenth of a second.
    case snapIntoEnd
    /// A sudden snap of 6-10° and back in the middle of the hold.
    case snapInHold
    /// A smooth hold left with a snap of 6-10° before a smooth return.
    case snapOut
}

extension ScenarioBuilder {
    /// One hard hold: labelled like `stretchHold` (held span, style, jerk count).
    mutating func hardHold(_ position: StretchPosition, holdSeconds: Double, style: HardHoldStyle, wearer: Wearer) {
        let holdIndex = labels.holds.count
        let span = max(abs(position.pitch - neutral.pitch), abs(position.roll - neutral.roll), abs(position.yaw - neutral.yaw))
        // Smooth movements at 30-100 deg/s peak, as people move into a stretch.
        func smoothSeconds() -> Double {
            max(0.8, TransitionProfile.minimumJerk.peakSlope * span / random.uniform(30...100)) * wearer.pace
        }
        func snapSeconds() -> Double { random.uniform(0.08...0.15) }
        var jerks = 0
        let snapDegrees = random.uniform(6...10)
        if style == .snapIntoEnd {
            // Approach to `snapDegrees` short of the position, then snap the rest.
            let f = max(0, 1 - snapDegrees / max(span, snapDegrees + 1))
            pose(pitch: neutral.pitch + (position.pitch - neutral.pitch) * f, roll: neutral.roll + (position.roll - neutral.roll) * f,
                 yaw: neutral.yaw + (position.yaw - neutral.yaw) * f, seconds: smoothSeconds())
            let snap = pose(pitch: position.pitch, roll: position.roll, yaw: position.yaw, seconds: snapSeconds())
            jerkWindows.append(JerkWindow(start: snap.start, end: snap.end, hold: holdIndex, isTwist: false))
            jerks += 1
        } else {
            pose(pitch: position.pitch, roll: position.roll, yaw: position.yaw, seconds: smoothSeconds())
        }
        setPosture(postureCategory(pitchDegrees: position.pitch, rollDegrees: position.roll), at: t - 0.5)
        let reached = t
        deepBreathing.append((reached, reached + holdSeconds))
        let channel = position.bounceChannel
        let sign = (channel == .pitch ? position.pitch : channel == .roll ? position.roll : position.yaw - neutral.yaw) >= 0 ? 1.0 : -1.0
        if style == .smooth {
            // Settling: a couple of small, unhurried adjustments (2-4° over 0.4-0.8 s, out and back).
            for _ in 0..<random.int(1...2) {
                let at = reached + random.uniform(2...max(2.5, holdSeconds - 3))
                pulse(channel, degrees: sign * random.uniform(2...4), at: at, seconds: random.uniform(0.8...1.6))
            }
        }
        if style == .snapInHold {
            let at = reached + random.uniform(3...max(3.5, holdSeconds - 3))
            let seconds = 2 * snapSeconds()
            pulse(channel, degrees: sign * snapDegrees, at: at, seconds: seconds)
            jerkWindows.append(JerkWindow(start: at, end: at + seconds, hold: holdIndex, isTwist: false))
            jerks += 1
        }
        still(holdSeconds)
        labels.holds.append(HoldLabel(start: reached, end: t, pitchDegrees: position.pitch, rollDegrees: position.roll,
                                      stretch: position.name, style: jerks > 0 || style == .snapOut ? "jerky" : "smooth",
                                      jerks: jerks + (style == .snapOut ? 1 : 0)))
        if style == .snapOut {
            let f = min(1, snapDegrees / max(span, 1))
            let snap = pose(pitch: position.pitch + (neutral.pitch - position.pitch) * f,
                            roll: position.roll + (neutral.roll - position.roll) * f,
                            yaw: position.yaw + (neutral.yaw - position.yaw) * f, seconds: snapSeconds())
            jerkWindows.append(JerkWindow(start: snap.start, end: snap.end, hold: holdIndex, isTwist: false))
        }
        let out = pose(pitch: neutral.pitch, roll: neutral.roll, yaw: neutral.yaw, seconds: smoothSeconds())
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
