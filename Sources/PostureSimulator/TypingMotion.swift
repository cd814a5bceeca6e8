import Foundation
import PostureCore

/// How one wearer's typing moves the upper back (issue 10). Drawn once per scenario from the
/// builder's typing stream, so it never shifts the script's events.
struct TypingStyle {
    /// Peak linear acceleration of a keystroke jolt at the sensor, g. The arms' push reaches the
    /// upper back damped by the shoulder girdle: trunk sensors at a desk see well under 0.1 g
    /// (sedentary office work sits at the floor of activity counts), so 0.02-0.08 g.
    var shakeG: Double
    /// Size of the small rocks of single keystrokes between the jolts, degrees: a vigorous
    /// typist's strokes pass 40 °/s more than once a second within a burst.
    var tremorDegrees: Double
    /// Slow rocking while typing (leaning in to read, back to type), degrees.
    var rockDegrees: Double
    /// Chance that a burst is mousing instead of typing (yaw and roll jolts, no shake).
    var mousing: Double

    init(random: inout SeededRandom) {
        shakeG = random.uniform(0.02...0.08)
        tremorDegrees = random.uniform(0.8...2.0)
        rockDegrees = random.uniform(0.5...2.5)
        mousing = random.uniform(0.2...0.5)
    }
}

extension ScenarioBuilder {
    /// A brief pulse added on top of whatever the trunk does (a jolt of the arms on the keys,
    /// a push on the mouse, a gesture): out by `degrees` and back within `seconds`.
    mutating func pulse(_ channel: TrunkChannel, degrees: Double, at start: Double, seconds: Double) {
        track.add(ChannelOscillation(channel: channel, start: start, end: start + seconds, frequencyHz: 0.5 / seconds,
                                     amplitude: degrees, phaseRadians: 0, taperSeconds: seconds / 2))
        movingSpans.append((start, start + seconds))
    }

    /// The shake of a keystroke: the upper back vibrates at 6-12 Hz with a peak linear
    /// acceleration of `peakG`, mostly fore and aft.
    mutating func shake(peakG: Double, at start: Double, seconds: Double) {
        let f = typingDetail.uniform(6...12)
        let w = 2 * Double.pi * f
        let metres = peakG * ScenarioSimulator.standardGravity / (w * w)
        let taper = seconds / 3
        track.add(ChannelOscillation(channel: .hipX, start: start, end: start + seconds, frequencyHz: f,
                                     amplitude: typingDetail.sign() * metres, phaseRadians: 0, taperSeconds: taper))
        track.add(ChannelOscillation(channel: .hipZ, start: start, end: start + seconds, frequencyHz: f,
                                     amplitude: metres * typingDetail.uniform(0.2...0.6),
                                     phaseRadians: typingDetail.uniform(0...6.28), taperSeconds: taper))
        track.add(ChannelOscillation(channel: .hipY, start: start, end: start + seconds, frequencyHz: f,
                                     amplitude: metres * typingDetail.uniform(0.1...0.4),
                                     phaseRadians: typingDetail.uniform(0...6.28), taperSeconds: taper))
    }

    /// Typing or mousing from `from` to `to`: a jolt of a few degrees in about a fifth of a
    /// second every 2-6 s (mostly pitch, some roll and yaw, each with its shake); `gestures`
    /// makes them every 1-3 s and adds talking with the hands. Between the jolts the keystrokes
    /// and the mouse move the trunk a little all the time (`typingFineMotion`).
    mutating func typingJolts(from: Double, to: Double, wearer: Wearer, gestures: Bool = false) {
        var time = from + random.uniform(0.5...3)
        while time < to - 1 {
            // A burst of one to three strokes on the keys or the mouse.
            var at = time
            for _ in 0..<random.int(1...3) {
                // The script draws 0.3-0.5 s (its spacing stays so); the jolt itself takes half.
                let spacing = random.uniform(0.3...0.5)
                let seconds = spacing * 0.5
                pulse(.pitch, degrees: random.sign() * random.uniform(wearer.joltDegrees), at: at, seconds: seconds)
                shake(peakG: typingStyle.shakeG * typingDetail.uniform(0.6...1.4), at: at, seconds: seconds + 0.1)
                if random.chance(0.5) {
                    pulse(.roll, degrees: random.sign() * random.uniform(0.5...2), at: at, seconds: seconds)
                }
                if random.chance(0.5) {
                    pulse(.yaw, degrees: random.sign() * random.uniform(0.5...3), at: at, seconds: seconds)
                }
                at += spacing + random.uniform(0.05...0.3)
            }
            time = at + (gestures ? random.uniform(1...3) : random.uniform(2...6))
        }
        typingFineMotion(from: from, to: to, gestures: gestures)
    }

    /// The motion between the jolts: bursts of keystrokes for 2-8 s (a stroke every 0.1-0.4 s, each a
    /// small rock of the trunk with its shake) or of mousing (yaw and roll jolts every
    /// 0.3-1.5 s), pauses of 0.5-3 s, a slow rocking over the span, and with `gestures`
    /// roll and yaw swings of the hands' talking.
    mutating func typingFineMotion(from: Double, to: Double, gestures: Bool) {
        guard to - from > 2 else { return }
        let style = typingStyle
        track.add(ChannelOscillation(channel: .pitch, start: from, end: to, frequencyHz: typingDetail.uniform(0.05...0.25),
                                     amplitude: style.rockDegrees, phaseRadians: typingDetail.uniform(0...6.28),
                                     taperSeconds: min(3, (to - from) / 4)))
        var time = from + typingDetail.uniform(0...1)
        while time < to - 0.5 {
            let mousing = typingDetail.chance(style.mousing)
            let burstEnd = min(to - 0.3, time + typingDetail.uniform(2...8))
            while time < burstEnd {
                // A keystroke's knock is quick: about a tenth of a second out and back.
                let seconds = typingDetail.uniform(0.07...0.14)
                let size = style.tremorDegrees * typingDetail.uniform(0.5...1.5)
                if mousing {
                    pulse(.yaw, degrees: typingDetail.sign() * size * 1.5, at: time, seconds: seconds)
                    if typingDetail.chance(0.5) {
                        pulse(.roll, degrees: typingDetail.sign() * size * 0.7, at: time, seconds: seconds)
                    }
                    time += seconds + typingDetail.uniform(0.2...1.3)
                } else {
                    pulse(.pitch, degrees: typingDetail.sign() * size, at: time, seconds: seconds)
                    if typingDetail.chance(0.4) {
                        pulse(.roll, degrees: typingDetail.sign() * size * 0.5, at: time, seconds: seconds)
                    }
                    shake(peakG: style.shakeG * typingDetail.uniform(0.2...0.5), at: time, seconds: seconds + 0.05)
                    time += seconds + typingDetail.uniform(0.02...0.22)
                }
            }
            if gestures, time < to - 1 {
                let seconds = typingDetail.uniform(0.4...0.8)
                pulse(.roll, degrees: typingDetail.sign() * typingDetail.uniform(2...5), at: time, seconds: seconds)
                pulse(.yaw, degrees: typingDetail.sign() * typingDetail.uniform(2...6), at: time, seconds: seconds)
                time += seconds
            }
            time += typingDetail.uniform(0.5...3)
        }
    }
}
