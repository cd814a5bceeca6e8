import Foundation
import PostureCore

/// How a stretch hold is performed.
enum HoldStyle: String {
    /// Slow in, still hold, slow out.
    case smooth
    /// A ballistic oscillation superimposed on part of the hold.
    case bouncing
    /// Snapping into (and often out of) the position.
    case jerky
}

/// A stretch position: held trunk angles relative to upright, and the angle that bounces.
struct StretchPosition {
    var name: String
    var pitch: Double
    var roll: Double
    var yaw: Double
    var bounceChannel: TrunkChannel
    /// What recognition should say (labels only); a nil side is not scored.
    var exercise: Exercise? = nil
    var side: ExerciseSide? = nil
}

extension ScenarioBuilder {
    /// One hold: move into `position`, hold it for `holdSeconds` (labelled from reaching the
    /// position to starting to leave it), then return to neutral.
    mutating func stretchHold(_ position: StretchPosition, holdSeconds: Double, style: HoldStyle, breathHold: Bool) {
        let holdIndex = labels.holds.count
        let snapIn = style == .jerky
        let snapOut = style == .jerky && random.chance(0.6)
        let into = pose(pitch: position.pitch, roll: position.roll, yaw: position.yaw,
                        seconds: snapIn ? snapSeconds(to: position) : random.uniform(2...4))
        if snapIn { jerkWindows.append(JerkWindow(start: into.start, end: into.end, hold: holdIndex, isTwist: false)) }
        setPosture(postureCategory(pitchDegrees: position.pitch, rollDegrees: position.roll), at: (into.start + into.end) / 2)
        let reached = t
        var bounceCycles = 0
        if style == .bouncing {
            let lead = random.uniform(1...3)
            let f = random.uniform(0.5...3)
            // Whole cycles, tapered over one cycle, so the bounce builds up and dies out without a jolt.
            let cycles = max(3, (min(max(holdSeconds - lead - 1, 2), random.uniform(4...10)) * f).rounded(.down))
            let span = cycles / f
            // Capped so the peak bounce rate stays near 120 deg/s (a brisk, not violent, bounce).
            let amplitude = random.uniform(3...max(3, min(10, 120 / (2 * .pi * f))))
            let start = reached + lead
            track.add(ChannelOscillation(channel: position.bounceChannel, start: start, end: start + span,
                                         frequencyHz: f, amplitude: amplitude, phaseRadians: 0, taperSeconds: 1 / f))
            labels.bounces.append(BounceLabel(start: start, end: start + span, frequencyHz: f, amplitudeDegrees: amplitude))
            movingSpans.append((start, start + span))
            bounceCycles = Int(cycles)
        }
        deepBreathing.append((reached, reached + holdSeconds))
        if breathHold {
            let span = min(holdSeconds - 2, random.uniform(8...20))
            if span > 3 {
                let start = reached + random.uniform(0...(holdSeconds - span - 1))
                breathHolds.append((start, start + span))
            }
        }
        still(holdSeconds)
        labels.holds.append(HoldLabel(start: reached, end: t, pitchDegrees: position.pitch, rollDegrees: position.roll,
                                      stretch: position.name, style: style.rawValue, bounces: bounceCycles,
                                      jerks: (snapIn ? 1 : 0) + (snapOut ? 1 : 0),
                                      exercise: position.exercise?.rawValue, side: position.side?.rawValue))
        let out = pose(pitch: neutral.pitch, roll: neutral.roll, yaw: neutral.yaw,
                       seconds: snapOut ? snapSeconds(to: position) : random.uniform(2...4))
        if snapOut { jerkWindows.append(JerkWindow(start: out.start, end: out.end, hold: holdIndex, isTwist: false)) }
        setPosture(postureCategory(pitchDegrees: neutral.pitch, rollDegrees: neutral.roll), at: (out.start + out.end) / 2)
    }

    /// A snap's duration for a peak trunk rate of 120-250 deg/s: jerky (ten times a smooth move),
    /// yet inside a ±500 deg/s gyro and, at the sensor, mostly inside ±4 g.
    mutating func snapSeconds(to position: StretchPosition) -> Double {
        let span = max(abs(position.pitch - neutral.pitch), abs(position.roll - neutral.roll),
                       abs(position.yaw - neutral.yaw))
        return max(0.15, TransitionProfile.minimumJerk.peakSlope * span / random.uniform(120...250))
    }

    /// Dynamic repetitions between two angles (seated cat-cow, pelvic tilts); each repetition's
    /// time is its flexion peak. Postures follow each phase (cat ≥ 15° is flexion, cow is extension).
    mutating func repetitions(_ exercise: String, count: Int, flexionDegrees flexion: ClosedRange<Double>, extensionDegrees arch: ClosedRange<Double>,
                              halfPeriodSeconds: ClosedRange<Double>) {
        for _ in 0..<count {
            let f = random.uniform(flexion)
            let cat = pose(pitch: f, seconds: random.uniform(halfPeriodSeconds), profile: .raisedCosine)
            setPosture(postureCategory(pitchDegrees: f, rollDegrees: neutral.roll), at: (cat.start + cat.end) / 2)
            labels.repetitions.append(RepetitionLabel(t: cat.end, exercise: exercise))
            still(random.uniform(0.3...1.0))
            let e = random.uniform(arch)
            let cow = pose(pitch: e, seconds: random.uniform(halfPeriodSeconds), profile: .raisedCosine)
            setPosture(postureCategory(pitchDegrees: e, rollDegrees: neutral.roll), at: (cow.start + cow.end) / 2)
            still(random.uniform(0.3...1.0))
        }
        let back = pose(pitch: neutral.pitch, roll: neutral.roll, seconds: random.uniform(1.5...2.5), profile: .raisedCosine)
        setPosture("upright", at: (back.start + back.end) / 2)
    }

    /// A quick twist of the trunk to one side and back (to make the back crack).
    mutating func selfTwist() {
        let side = random.sign()
        let out = pose(pitch: neutral.pitch, roll: neutral.roll, yaw: neutral.yaw + side * random.uniform(30...45),
                       seconds: random.uniform(0.3...0.45))
        still(random.uniform(0.2...0.5))
        jerkWindows.append(JerkWindow(start: out.start, end: out.end, hold: nil, isTwist: true))
        // Untwisting is unhurried (under about 80 deg/s), so a twist is one jerk.
        pose(pitch: neutral.pitch, roll: neutral.roll, yaw: neutral.yaw, seconds: random.uniform(0.9...1.3))
    }

    /// A stretch break: marker, standing stretches, seated stretches and repetitions, lying
    /// knee-to-chest, a couple of self-twists, back on the feet. Starts and ends standing.
    mutating func stretchRoutine() {
        isStretching = true
        still(random.uniform(2...5))
        marker(.stretch)
        labels.stretchMarkers.append(t)
        still(random.uniform(2...4))

        // Styles for the five big holds (side bends, forward fold, seated twists): a proper smooth
        // hold, a too-short one, a bouncing one, a jerky one and one more of any style, in random order.
        var styles: [(HoldStyle, ClosedRange<Double>)] = [
            (.smooth, 15...60), (.smooth, 5...12), (.bouncing, 15...30), (.jerky, 15...30),
            (random.pick([HoldStyle.smooth, .bouncing, .jerky]) ?? .smooth, 10...35),
        ]
        random.shuffle(&styles)
        var nextStyle = 0
        func take(_ b: inout ScenarioBuilder) -> (HoldStyle, Double, Bool) {
            let (style, range) = styles[nextStyle % styles.count]
            nextStyle += 1
            return (style, b.random.uniform(range), b.random.chance(0.3))
        }

        // Standing back extension: short holds, repeated (as the guides advise).
        for _ in 0..<random.int(3...4) {
            let p = StretchPosition(name: "standing-back-extension", pitch: -random.uniform(15...30), roll: 0,
                                    yaw: neutral.yaw, bounceChannel: .pitch, exercise: .backExtension, side: ExerciseSide.none)
            stretchHold(p, holdSeconds: random.uniform(5...10), style: .smooth, breathHold: false)
            still(random.uniform(2...4))
        }
        // Side bends, each side.
        for side in [-1.0, 1.0] {
            let p = StretchPosition(name: side < 0 ? "side-bend-left" : "side-bend-right", pitch: random.uniform(-2...4),
                                    roll: side * random.uniform(20...35), yaw: neutral.yaw, bounceChannel: .roll,
                                    exercise: .sideBend, side: side < 0 ? .left : .right)
            let (style, hold, breath) = take(&self)
            stretchHold(p, holdSeconds: hold, style: style, breathHold: breath)
            still(random.uniform(3...6))
        }
        // Standing forward fold.
        do {
            let p = StretchPosition(name: "forward-fold", pitch: random.uniform(60...90), roll: 0, yaw: neutral.yaw,
                                    bounceChannel: .pitch, exercise: .forwardFold, side: ExerciseSide.none)
            let (style, hold, breath) = take(&self)
            stretchHold(p, holdSeconds: hold, style: style, breathHold: breath)
            still(random.uniform(3...6))
        }
        sitDown()
        still(random.uniform(3...6))
        // Seated twist, each side.
        for side in [1.0, -1.0] {
            let p = StretchPosition(name: side > 0 ? "seated-twist-left" : "seated-twist-right",
                                    pitch: random.uniform(3...8), roll: -side * random.uniform(3...6),
                                    yaw: neutral.yaw + side * random.uniform(35...60), bounceChannel: .yaw,
                                    exercise: .seatedTwist, side: side > 0 ? .left : .right)
            let (style, hold, breath) = take(&self)
            stretchHold(p, holdSeconds: hold, style: style, breathHold: breath)
            still(random.uniform(3...6))
        }
        repetitions("cat-cow", count: random.int(8...12), flexionDegrees: 15...25, extensionDegrees: -15...(-8),
                    halfPeriodSeconds: 2...3.5)
        still(random.uniform(3...6))
        repetitions("pelvic-tilt", count: random.int(6...10), flexionDegrees: 4...7, extensionDegrees: -6...(-3),
                    halfPeriodSeconds: 1.5...2.5)
        still(random.uniform(3...6))
        // Knee to chest, lying on the back: the upper back curls up a little.
        lieBack()
        still(random.uniform(4...8))
        for side in [1.0, -1.0] {
            let p = StretchPosition(name: side > 0 ? "knee-to-chest-left" : "knee-to-chest-right",
                                    pitch: neutral.pitch + random.uniform(5...10), roll: neutral.roll + side * random.uniform(2...4),
                                    yaw: neutral.yaw, bounceChannel: .pitch, exercise: .kneeToChest)
            // The upper back barely moves here, so these holds are always smooth.
            stretchHold(p, holdSeconds: random.uniform(15...35), style: .smooth, breathHold: random.chance(0.3))
            still(random.uniform(3...6))
        }
        sitUpFromLying()
        still(random.uniform(3...6))
        for _ in 0..<random.int(2...3) {
            selfTwist()
            still(random.uniform(1...3))
        }
        still(random.uniform(2...4))
        standUp()
        still(random.uniform(3...6))
        isStretching = false
    }
}
