import Foundation
import PostureCore

/// The hard scenarios' wearer: how this person moves (issue 10). Drawn once per scenario.
struct Wearer {
    /// Multiplies the durations of the person's movements (< 1: brisk).
    var pace: Double
    /// Forward lean of the trunk while typing (arms on the keyboard).
    var typingLean: Double
    /// Size of the keyboard and mouse jolts, degrees.
    var joltDegrees: ClosedRange<Double>

    init(random: inout SeededRandom) {
        pace = random.uniform(0.75...1.3)
        typingLean = random.uniform(0...5)
        let j = random.uniform(2.5...4.5)
        joltDegrees = (j * 0.6)...(j * 1.4)
    }
}

extension SimulationOptions {
    /// The hard scenarios draw their own mounting and sensor spread from the seed: the board
    /// upright (+x forward, +z up) or flat on the back (+z forward, +y up), up to 10° of
    /// misalignment, MPU-6050-like bias and noise spread (datasheet zero-rate output up to
    /// ±20 deg/s before the daemon's own bias learning; we use up to 8), 50 or 100 Hz.
    mutating func varyForHardScenario(random: inout SeededRandom) {
        if random.chance(0.5) {
            forwardAxis = SignedAxis(index: 2, sign: 1)
            upAxis = SignedAxis(index: 1, sign: 1)
        } else {
            forwardAxis = SignedAxis(index: 0, sign: 1)
            upAxis = SignedAxis(index: 2, sign: 1)
        }
        sampleRateHz = random.chance(0.3) ? 50 : 100
        misalignmentMaxDegrees = random.uniform(2...10)
        backSlopeDegrees = 0...random.uniform(5...20)
        gyroBiasMaxDegreesPerSecond = random.uniform(1...8)
        gyroNoiseDegreesPerSecond *= random.uniform(1...3)
        accelBiasMaxG = random.uniform(0.01...0.06)
        accelNoiseG *= random.uniform(1...2.5)
        gyroScaleErrorMax = random.uniform(0.005...0.03)
        accelScaleErrorMax = random.uniform(0.005...0.03)
    }
}

extension ScenarioBuilder {
    /// Typing for `seconds` at the current neutral, with jolts (and sometimes gestures, fidgets).
    mutating func typing(_ seconds: Double, wearer: Wearer) {
        let start = t
        let gestures = random.chance(0.25)
        typingJolts(from: start, to: start + seconds, wearer: wearer, gestures: gestures)
        if gestures { labels.distractors.append(Distractor(start: start, end: start + seconds, kind: "gesture")) }
        still(seconds)
    }

    /// A slouch that sets in while typing: 18-27° for 90-200 s, typing jolts throughout.
    mutating func typingSlouch(wearer: Wearer, holdSeconds: Double) {
        let angle = random.uniform(18...27)
        let from = track.finalValue(.pitch)
        let down = pose(pitch: angle, roll: neutral.roll + random.uniform(-2...2),
                        seconds: random.uniform(3...15) * wearer.pace, profile: .raisedCosine)
        setPosture(postureCategory(pitchDegrees: angle, rollDegrees: 0), at: (down.start + down.end) / 2)
        typingJolts(from: down.start, to: down.end, wearer: wearer)
        let reached = t
        typingJolts(from: reached, to: reached + holdSeconds, wearer: wearer, gestures: random.chance(0.2))
        still(holdSeconds)
        // A slow onset is slouched from the moment it passes 15° (raised cosine), not only
        // once it arrives: the wearer's 30 s start there.
        let fraction = min(1, max(0, (15 - from) / (angle - from)))
        let crossed = down.start + (down.end - down.start) * acos(1 - 2 * fraction) / .pi
        labels.slouchEpisodes.append(SlouchEpisode(start: min(reached, crossed), end: t, pitchDegrees: angle))
        let up = pose(pitch: neutral.pitch, roll: neutral.roll, yaw: neutral.yaw,
                      seconds: random.uniform(1.5...4) * wearer.pace, profile: .raisedCosine)
        setPosture("upright", at: (up.start + up.end) / 2)
    }

    /// A day at the keyboard for `seconds`: typing between slouches during typing and the
    /// distractors that must not alert (reach, cough, turn, recline, side lean, fidget).
    mutating func typingDesk(_ seconds: Double, wearer: Wearer, slouches: Int) {
        let end = t + seconds
        enum Event { case slouch, reach, cough, turn, recline, lean, fidget }
        var queue: [Event] = Array(repeating: .slouch, count: slouches) + [.reach, .reach, .cough, .turn, .recline, .lean, .fidget]
        random.shuffle(&queue)
        neutral.pitch = wearer.typingLean
        returnToNeutral(seconds: 1.5)
        while end - t > 60 {
            typing(random.uniform(15...60), wearer: wearer)
            let remaining = end - t - 20
            guard let event = queue.isEmpty ? random.pick([Event.reach, .cough, .turn, .fidget]) : queue.removeFirst() else { break }
            switch event {
            case .slouch: typingSlouch(wearer: wearer, holdSeconds: min(max(10, remaining), random.uniform(90...200)))
            case .reach: reach()
            case .cough: cough()
            case .turn: turn()
            case .recline: recline(holdSeconds: min(max(5, remaining), random.uniform(20...60)))
            case .lean: leanSideways(holdSeconds: min(max(5, remaining), random.uniform(10...40)))
            case .fidget: fidget()
            }
        }
        typing(max(0, end - t), wearer: wearer)
    }
}
