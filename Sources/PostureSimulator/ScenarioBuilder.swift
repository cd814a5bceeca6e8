import Foundation
import PostureCore

/// Posture category of a held trunk position relative to the wearer's upright, used for the
/// `postures` labels: forward flexion ≥ 15° = slouched, extension ≤ −10° = reclined,
/// lateral bend ≥ 10° = leaning, else upright.
func postureCategory(pitchDegrees: Double, rollDegrees: Double) -> String {
    if pitchDegrees >= 15 { return "slouched" }
    if pitchDegrees <= -10 { return "reclined" }
    if abs(rollDegrees) >= 10 { return "leaning" }
    return "upright"
}

/// A window in which a jerk happens; its exact peak time and rate are measured on the final track.
struct JerkWindow {
    var start: Double
    var end: Double
    /// Index into `labels.holds` the jerk belongs to, if any.
    var hold: Int?
    var isTwist: Bool
}

/// Writes a scenario as a timeline: each action schedules trunk motion on the track and
/// records its labels from the same numbers, so labels are exact by construction.
struct ScenarioBuilder {
    var random: SeededRandom
    var track = TrunkTrack()
    var labels: ScenarioLabels
    /// The time cursor: the end of everything scheduled so far.
    var t = 0.0
    /// Hip height while seated (world z of the hip pivot); standing adds `standRiseMetres`.
    let standRiseMetres = 0.45

    private(set) var posture = (state: "upright", since: 0.0)
    private(set) var activity = (state: "sitting", since: 0.0)
    /// Pitch/roll/yaw the wearer returns to between actions (their current "neutral").
    var neutral = (pitch: 0.0, roll: 0.0, yaw: 0.0)
    var markers: [(time: Double, action: UserAction)] = []
    var movingSpans: [(start: Double, end: Double)] = []
    var jerkWindows: [JerkWindow] = []
    /// Spans with deep (slow) breathing, and with the breath held.
    var deepBreathing: [(start: Double, end: Double)] = []
    var breathHolds: [(start: Double, end: Double)] = []
    var isStretching = false
    /// The fine motion of typing (keystroke tremor, shake, mousing, rocking) draws from its own
    /// stream, so it never moves the script's events.
    var typingDetail: SeededRandom
    let typingStyle: TypingStyle
    /// The board slipping on the trunk (the sensor-shift scenario), nil on every other day.
    var mountingShift: MountingShift?

    init(kind: ScenarioKind, seed: UInt64, options: SimulationOptions, random: SeededRandom) {
        self.random = random
        var detail = random.derived(77)
        typingStyle = TypingStyle(random: &detail)
        typingDetail = detail
        labels = ScenarioLabels(scenario: kind.rawValue, seed: seed, durationSeconds: 0,
                                sampleRateHz: options.sampleRateHz, forwardAxis: options.forwardAxis.description)
    }

    // MARK: State labels

    mutating func setPosture(_ state: String, at time: Double) {
        guard state != posture.state else { return }
        if time > posture.since { labels.postures.append(PostureInterval(start: posture.since, end: time, state: posture.state)) }
        posture = (state, time)
    }

    mutating func setActivity(_ state: String, at time: Double) {
        guard state != activity.state else { return }
        if time > activity.since {
            labels.activities.append(ActivityInterval(start: activity.since, end: time, state: activity.state))
        }
        activity = (state, time)
    }

    // MARK: Primitives

    /// Moves the trunk angles together to a new position; returns (start, end) of the move.
    @discardableResult
    mutating func pose(pitch: Double, roll: Double? = nil, yaw: Double? = nil, seconds: Double,
                       profile: TransitionProfile = .minimumJerk) -> (start: Double, end: Double) {
        // Never overlap a channel's previous move (the track would defer it and the labels drift).
        let start = max(t, track.busyUntil(.pitch), track.busyUntil(.roll), track.busyUntil(.yaw))
        track.move(.pitch, to: pitch, at: start, duration: seconds, profile: profile)
        track.move(.roll, to: roll ?? track.finalValue(.roll), at: start, duration: seconds, profile: profile)
        track.move(.yaw, to: yaw ?? track.finalValue(.yaw), at: start, duration: seconds, profile: profile)
        t = start + seconds
        movingSpans.append((start, t))
        return (start, t)
    }

    /// Stays in place (breathing and sway go on).
    mutating func still(_ seconds: Double) { t += max(0, seconds) }

    mutating func marker(_ action: UserAction) { markers.append((t, action)) }

    /// Back to the current neutral posture.
    mutating func returnToNeutral(seconds: Double, profile: TransitionProfile = .minimumJerk) {
        pose(pitch: neutral.pitch, roll: neutral.roll, yaw: neutral.yaw, seconds: seconds, profile: profile)
    }

    // MARK: Quiet sitting or standing

    /// Quiet time with occasional small fidgets (shifting weight, adjusting): labelled "fidget".
    mutating func idle(_ seconds: Double, fidgets: Bool = true) {
        let end = t + seconds
        while t < end {
            let gap = random.uniform(8...40)
            if !fidgets || end - t < gap + 4 { still(end - t); break }
            still(gap)
            fidget()
        }
    }

    /// A small shift of the trunk (a few degrees), then settling at a slightly different neutral.
    mutating func fidget() {
        let start = t
        pose(pitch: neutral.pitch + random.uniform(-4...4), roll: neutral.roll + random.uniform(-4...4),
             yaw: neutral.yaw + random.uniform(-5...5), seconds: random.uniform(0.4...0.9))
        still(random.uniform(0.2...0.8))
        if posture.state == "upright" && activity.state != "lying" {
            neutral.pitch = random.uniform(-3...3)
            neutral.roll = random.uniform(-2...2)
        }
        returnToNeutral(seconds: random.uniform(0.6...1.2))
        labels.distractors.append(Distractor(start: start, end: t, kind: "fidget"))
    }

    // MARK: Desk events

    /// A slouch: flex forward 20-40° (or `pitch`), hold, come back. Labels the held span.
    mutating func slouch(holdSeconds: Double, pitch: Double? = nil) {
        let angle = pitch ?? random.uniform(20...40)
        let down = pose(pitch: angle, roll: neutral.roll + random.uniform(-2...2), seconds: random.uniform(1.5...4),
                        profile: .raisedCosine)
        setPosture(postureCategory(pitchDegrees: angle, rollDegrees: 0), at: (down.start + down.end) / 2)
        let reached = t
        // Long slouches are not frozen: small shifts of roll and yaw keep the pitch where it is.
        let end = t + holdSeconds
        while end - t > 45 {
            still(random.uniform(15...35))
            track.move(.roll, to: neutral.roll + random.uniform(-3...3), at: t, duration: 0.8)
            track.move(.yaw, to: neutral.yaw + random.uniform(-4...4), at: t, duration: 0.8)
            movingSpans.append((t, t + 0.8))
            still(0.8)
        }
        still(end - t)
        if angle >= 15 { labels.slouchEpisodes.append(SlouchEpisode(start: reached, end: t, pitchDegrees: angle)) }
        let up = pose(pitch: neutral.pitch, roll: neutral.roll, yaw: neutral.yaw, seconds: random.uniform(1.5...3),
                      profile: .raisedCosine)
        setPosture("upright", at: (up.start + up.end) / 2)
    }

    /// A quick reach to the desk: fast lean forward 20-40°, held under 3.5 s, back.
    mutating func reach() {
        let start = t
        pose(pitch: random.uniform(20...40), roll: neutral.roll + random.uniform(-5...5), seconds: random.uniform(0.6...1.0))
        still(random.uniform(0.4...2.5))
        returnToNeutral(seconds: random.uniform(0.7...1.1))
        labels.distractors.append(Distractor(start: start, end: t, kind: "reach"))
    }

    /// Picking something up from the floor beside the chair: deep lean with a side bend.
    mutating func pickUp() {
        let start = t
        pose(pitch: random.uniform(45...60), roll: random.sign() * random.uniform(10...20), seconds: random.uniform(1.0...1.5))
        still(random.uniform(0.8...2.0))
        returnToNeutral(seconds: random.uniform(1.0...1.5))
        labels.distractors.append(Distractor(start: start, end: t, kind: "pickup"))
    }

    /// A cough: a sharp forward jolt of the trunk and chest, 1-3 in a row.
    mutating func cough() {
        let start = t
        for _ in 0..<random.int(1...3) {
            // About 0.3-0.6 g at the sensor: a few degrees in a fifth of a second plus a chest drop.
            let jolt = random.uniform(3...6)
            let hipStart = t
            pose(pitch: neutral.pitch + jolt, seconds: random.uniform(0.15...0.25))
            track.move(.hipZ, to: track.finalValue(.hipZ) - 0.006, at: hipStart, duration: 0.15)
            track.move(.hipZ, to: track.finalValue(.hipZ) + 0.006, at: hipStart + 0.15, duration: 0.3)
            returnToNeutral(seconds: random.uniform(0.3...0.45))
            still(random.uniform(0.3...0.7))
        }
        labels.distractors.append(Distractor(start: start, end: t, kind: "cough"))
    }

    /// Turning to someone: yaw 30-70° with a little side bend, a few seconds, back.
    mutating func turn() {
        let start = t
        let side = random.sign()
        pose(pitch: neutral.pitch + random.uniform(-2...4), roll: neutral.roll - side * random.uniform(3...8),
             yaw: neutral.yaw + side * random.uniform(30...70), seconds: random.uniform(0.8...1.3))
        still(random.uniform(1...4))
        returnToNeutral(seconds: random.uniform(0.8...1.3))
        labels.distractors.append(Distractor(start: start, end: t, kind: "turn"))
    }

    /// Leaning back in the chair (−10..−25°) for a while.
    mutating func recline(holdSeconds: Double) {
        let angle = -random.uniform(10...25)
        let back = pose(pitch: angle, roll: neutral.roll, seconds: random.uniform(2...3.5), profile: .raisedCosine)
        setPosture(postureCategory(pitchDegrees: angle, rollDegrees: 0), at: (back.start + back.end) / 2)
        still(holdSeconds)
        let up = returnToNeutralMidpoint(seconds: random.uniform(2...3))
        setPosture("upright", at: up)
    }

    /// Leaning on one armrest: a side bend of 10-20° for a while.
    mutating func leanSideways(holdSeconds: Double) {
        let angle = random.sign() * random.uniform(10...20)
        let lean = pose(pitch: neutral.pitch, roll: angle, seconds: random.uniform(1.5...3), profile: .raisedCosine)
        setPosture(postureCategory(pitchDegrees: 0, rollDegrees: angle), at: (lean.start + lean.end) / 2)
        still(holdSeconds)
        setPosture("upright", at: returnToNeutralMidpoint(seconds: random.uniform(1.5...3)))
    }

    private mutating func returnToNeutralMidpoint(seconds: Double) -> Double {
        let m = pose(pitch: neutral.pitch, roll: neutral.roll, yaw: neutral.yaw, seconds: seconds, profile: .raisedCosine)
        return (m.start + m.end) / 2
    }

    /// Holds near the slouch threshold: levels either side of 15° for the hysteresis.
    /// Labelled with a "hover" distractor over the span; levels held at ≥ 15° are slouch episodes.
    mutating func hover(levels: Int) {
        let start = t
        for _ in 0..<levels {
            let angle = random.uniform(11.5...18.5)
            let move = pose(pitch: angle, roll: neutral.roll, seconds: random.uniform(2...6), profile: .raisedCosine)
            setPosture(postureCategory(pitchDegrees: angle, rollDegrees: 0), at: (move.start + move.end) / 2)
            let reached = t
            still(random.uniform(15...90))
            if angle >= 15 { labels.slouchEpisodes.append(SlouchEpisode(start: reached, end: t, pitchDegrees: angle)) }
        }
        setPosture("upright", at: returnToNeutralMidpoint(seconds: random.uniform(2...4)))
        labels.distractors.append(Distractor(start: start, end: t, kind: "hover"))
    }

    // MARK: Whole-body transitions

    /// Sit-to-stand: lean forward 20-40°, rise (hip up and forward) while the trunk comes back up.
    /// `pace` multiplies the durations (< 1: brisk).
    mutating func standUp(pace: Double = 1) {
        let start = t
        let lean = random.uniform(20...40)
        let leanSeconds = random.uniform(0.8...1.2) * pace
        pose(pitch: lean, roll: 0, seconds: leanSeconds)
        // Seat-off shortly before the lean peaks; the trunk comes back up as the hips rise.
        let rise = start + 0.7 * leanSeconds
        let riseSeconds = random.uniform(1.0...1.4) * pace
        track.move(.hipZ, to: track.finalValue(.hipZ) + standRiseMetres, at: rise, duration: riseSeconds)
        track.move(.hipX, to: track.finalValue(.hipX) + 0.15, at: rise, duration: riseSeconds)
        neutral = (random.uniform(-2...2), 0, neutral.yaw)
        pose(pitch: neutral.pitch, roll: 0, seconds: random.uniform(1.0...1.3) * pace)
        t = max(t, rise + riseSeconds)
        movingSpans.append((start, t))
        setActivity("standing", at: rise + riseSeconds / 2)
    }

    /// Stand-to-sit: lean forward while the hip lowers to the seat, then sit back up.
    /// `pace` multiplies the durations (< 1: brisk).
    mutating func sitDown(pace: Double = 1) {
        let start = t
        let lowerSeconds = random.uniform(1.2...1.6) * pace
        pose(pitch: random.uniform(20...35), roll: 0, seconds: random.uniform(0.7...1.0) * pace)
        track.move(.hipZ, to: track.finalValue(.hipZ) - standRiseMetres, at: start + 0.3 * pace, duration: lowerSeconds)
        track.move(.hipX, to: track.finalValue(.hipX) - 0.15, at: start + 0.3 * pace, duration: lowerSeconds)
        neutral = (random.uniform(-2...2), 0, neutral.yaw)
        pose(pitch: neutral.pitch, roll: 0, seconds: random.uniform(1.0...1.4) * pace)
        t = max(t, start + 0.3 * pace + lowerSeconds)
        movingSpans.append((start, t))
        setActivity("sitting", at: start + 0.3 * pace + lowerSeconds / 2)
    }

    /// Walking for `seconds` at 1.5-2.2 steps/s: vertical bounce, fore-aft and lateral sway,
    /// trunk roll/yaw at stride frequency, a slight forward lean, an occasional turn.
    mutating func walk(_ seconds: Double) {
        let start = t
        let stepHz = random.uniform(1.6...2.1)
        let strideHz = stepHz / 2
        let speed = random.uniform(0.9...1.4)
        let taper = 1.5
        let end = start + seconds
        func osc(_ c: TrunkChannel, _ f: Double, _ a: Double, _ phase: Double) {
            track.add(ChannelOscillation(channel: c, start: start, end: end, frequencyHz: f, amplitude: a,
                                         phaseRadians: phase, taperSeconds: taper))
        }
        let bounce = random.uniform(0.012...0.022)
        osc(.hipZ, stepHz, bounce, 0)
        osc(.hipZ, 2 * stepHz, bounce * random.uniform(0.1...0.2), random.uniform(0...6.28))
        osc(.hipX, stepHz, random.uniform(0.006...0.012), .pi / 2)
        osc(.hipY, strideHz, random.uniform(0.015...0.03), 0)
        osc(.roll, strideHz, random.uniform(1.5...3), .pi / 2)
        osc(.yaw, strideHz, random.uniform(2...4), 0)
        osc(.pitch, stepHz, random.uniform(0.8...1.5), .pi)
        track.move(.hipX, to: track.finalValue(.hipX) + speed * seconds, at: start, duration: seconds)
        setActivity("walking", at: start)
        let leanPitch = random.uniform(2...5)
        pose(pitch: leanPitch, roll: 0, seconds: 1.0)
        if seconds > 40 {
            // Turn around once, half-way.
            still(seconds / 2 - 1 - t + start)
            pose(pitch: leanPitch, yaw: neutral.yaw + random.sign() * random.uniform(120...180), seconds: random.uniform(1.5...2.2))
            neutral.yaw = track.finalValue(.yaw)
        }
        still(end - 1.0 - t)
        pose(pitch: neutral.pitch, roll: 0, seconds: 1.0)
        movingSpans.append((start, end))
        setActivity("standing", at: end)
    }

    /// From sitting, lie back on the floor/mat (supine, trunk near horizontal).
    mutating func lieBack() {
        let move = pose(pitch: -random.uniform(82...90), roll: random.uniform(-3...3), seconds: random.uniform(2.5...4),
                        profile: .raisedCosine)
        track.move(.hipZ, to: track.finalValue(.hipZ) - 0.05, at: move.start, duration: move.end - move.start)
        let mid = (move.start + move.end) / 2
        setActivity("lying", at: mid)
        setPosture("reclined", at: mid)
        neutral = (track.finalValue(.pitch), track.finalValue(.roll), neutral.yaw)
    }

    /// From lying supine, sit back up.
    mutating func sitUpFromLying() {
        neutral = (random.uniform(-2...2), 0, neutral.yaw)
        let move = pose(pitch: neutral.pitch, roll: 0, seconds: random.uniform(2...3))
        track.move(.hipZ, to: track.finalValue(.hipZ) + 0.05, at: move.start, duration: move.end - move.start)
        let mid = (move.start + move.end) / 2
        setActivity("sitting", at: mid)
        setPosture("upright", at: mid)
    }
}
