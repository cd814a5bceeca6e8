import PostureCore

/// What a stretch session sees of one sample (the rest of the pipeline computes it).
struct StretchSample: Sendable {
    var angles: TrunkAngles
    /// Angular speed of the trunk, gyro bias removed.
    var speedDegreesPerSecond: Double
    /// The twist angle about the trunk's long axis, and the same from the wearer's neutral facing.
    var yawDegrees: Double
    var relativeYawDegrees: Double
    var activity: ActivityState
    /// Lying down is being recognised (no hold may start meanwhile).
    var lyingPending: Bool
    /// Taken while the daemon's own vibration motor runs: starts or feeds no detection.
    var disturbed: Bool
    var timeSeconds: Double
    var dtSeconds: Double
    /// Sitting (and walking) seconds when a deep stretch now would be cold (nil: warmed up).
    var coldStart: (sittingSeconds: Double, walkedSeconds: Double)? = nil
}

/// A stretch session and everything judged inside it: holds (with their bounces, jerks and
/// breathing), bouncing, jerks and repetitions. Started by the `stretch` action or by standing
/// up soon after a sitting nudge (the pipeline decides); ends after `sessionIdleSeconds` near
/// upright with no hold or exercise, or when the pipeline ends it (a calibration).
struct StretchSession: Sendable {
    private(set) var active = false
    private(set) var startTime = 0.0
    private var idleSeconds = 0.0
    private var holds = 0
    private var holdsTargetMet = 0
    private var holdTracker: HoldTracker
    private var pitchBounces = BounceDetector()
    private var rollBounces = BounceDetector()
    private var yawBounces = BounceDetector()
    /// The rest position holds are measured from while lying: the first steady position
    /// after lying down (nil until then, and no hold starts meanwhile).
    private var lyingNeutral: (pitch: Double, roll: Double)?
    private var jerkDetector = JerkDetector()
    private var repetitionCounter = RepetitionCounter()
    private var breathing = BreathingMonitor()
    /// Peak times of recent jerks, to count those that belong to a hold.
    private var recentJerks = RingBuffer<Double>(capacity: 32, filler: 0)
    private var holdBounceCycles = 0
    /// A hold that ended while a movement was still being judged as a jerk: hold_end waits for it.
    private var pendingHoldEnd: HoldSummary?
    private var lastRepetitionTime = -1e9
    /// The hold in progress: where it started from and what it looked like at its start.
    private var holdBase = ExerciseBase.other
    private var holdRecognition = ExerciseRecognition.unknown
    private var deepBreathsAnnounced = false
    private var sides = SideTally()
    private var warmUpCued = false

    init(settings: StretchSettings) {
        holdTracker = HoldTracker(settings: settings)
    }

    /// A position is being held (the twist angle's neutral freezes meanwhile).
    var holding: Bool { holdTracker.holding }
    /// What the hold in progress was named at its start.
    var holdExercise: ExerciseRecognition { holdRecognition }

    /// Starts a session (nothing happens when one is running).
    mutating func begin(at t: Double, reason: StretchStartReason, counters: inout PipelineCounters,
                        events: inout [PostureEvent]) {
        guard !active else { return }
        active = true
        startTime = t
        idleSeconds = 0
        holds = 0
        holdsTargetMet = 0
        counters.stretchSessions += 1
        holdTracker.reset()
        pendingHoldEnd = nil
        restartShortTermDetectors()
        repetitionCounter.reset()
        recentJerks.removeAll()
        holdBounceCycles = 0
        sides.reset()
        warmUpCued = false
        events.append(.stretchStart(at: t, reason: reason))
    }

    /// Ends the running session, closing a hold in progress.
    mutating func end(at t: Double, settings: PipelineSettings, counters: inout PipelineCounters,
                      events: inout [PostureEvent]) {
        if let hold = pendingHoldEnd {
            pendingHoldEnd = nil
            endHold(hold, at: t, settings: settings, counters: &counters, events: &events)
        }
        if let hold = holdTracker.finish(at: t) {
            endHold(hold, at: t, settings: settings, counters: &counters, events: &events)
        }
        active = false
        for balance in sides.balances { events.append(PostureEvent(timeSeconds: t, payload: .sideBalance(balance))) }
        events.append(.stretchEnd(at: t, durationSeconds: t - startTime, holds: holds, targetMet: holdsTargetMet))
    }

    /// A sample gap: bounces and jerks are judged afresh.
    mutating func restartShortTermDetectors() {
        pitchBounces.reset()
        rollBounces.reset()
        yawBounces.reset()
        jerkDetector.reset()
    }

    /// A gap in the samples: a hold in progress ends at the last sample before it (the gap is
    /// not held time) and the position is learned afresh after it.
    mutating func gap(lastSampleTime: Double, settings: PipelineSettings, counters: inout PipelineCounters,
                      events: inout [PostureEvent]) {
        if let hold = holdTracker.finish(at: lastSampleTime) {
            endHold(hold, at: lastSampleTime, settings: settings, counters: &counters, events: &events)
        }
        holdTracker.reset()
    }

    /// A new reference: the position being held means nothing any more.
    mutating func resetHold() { holdTracker.reset() }

    /// The activity changed: a lying position is learned afresh.
    mutating func forgetLyingPosition() { lyingNeutral = nil }

    /// Feeds one sample of a running session; ends the session when it has been idle long enough.
    mutating func update(_ sample: StretchSample, settings: PipelineSettings, counters: inout PipelineCounters,
                         events: inout [PostureEvent]) {
        guard active else { return }
        let stretch = settings.stretch
        let angles = sample.angles, t = sample.timeSeconds, dt = sample.dtSeconds
        // Jerks and bounces first: a hold ending at this sample counts them.
        if !sample.disturbed {
            if let (peakTime, peak) = jerkDetector.update(speedDegreesPerSecond: sample.speedDegreesPerSecond, t: t, dt: sample.dtSeconds,
                                                          settings: settings.jerk) {
                recentJerks.push(peakTime)
                counters.jerks += 1
                events.append(.jerk(at: t, peakDegreesPerSecond: peak))
            }
            if let b = pitchBounces.update(angleDegrees: angles.pitchDegrees, t: t, dt: dt, settings: settings.bounce) {
                counters.bounces += 1
                events.append(.bounce(at: t, frequencyHz: b.frequencyHz, amplitudeDegrees: b.amplitudeDegrees, axis: .pitch))
            }
            if let b = rollBounces.update(angleDegrees: angles.rollDegrees, t: t, dt: dt, settings: settings.bounce) {
                counters.bounces += 1
                events.append(.bounce(at: t, frequencyHz: b.frequencyHz, amplitudeDegrees: b.amplitudeDegrees, axis: .roll))
            }
            if let b = yawBounces.update(angleDegrees: sample.yawDegrees, t: t, dt: dt, settings: settings.bounce) {
                counters.bounces += 1
                events.append(.bounce(at: t, frequencyHz: b.frequencyHz, amplitudeDegrees: b.amplitudeDegrees, axis: .twist))
            }
            holdBounceCycles += max(pitchBounces.takeCycles(), rollBounces.takeCycles(), yawBounces.takeCycles())
        }
        let lying = sample.activity == .lying
        if lying && !holdTracker.holding && holdTracker.steadySeconds(at: t) >= stretch.holdSettleSeconds {
            // The resting position lying down; it follows small settling drifts.
            let p = holdTracker.centerPitch, r = holdTracker.centerRoll
            if let n = lyingNeutral {
                let d = ((p - n.pitch) * (p - n.pitch) + (r - n.roll) * (r - n.roll)).squareRoot()
                if d < stretch.holdMinAngleLyingDegrees * stretch.lyingNeutralFollowFraction { lyingNeutral = (p, r) }
            } else {
                lyingNeutral = (p, r)
            }
        }
        let neutral = lying ? (lyingNeutral ?? (0, 0)) : (0, 0)
        let minAngle = lying ? stretch.holdMinAngleLyingDegrees : stretch.holdMinAngleDegrees
        // Not while lying down is being recognised, nor at the turning points of repetitions.
        let mayStart = !sample.lyingPending && (!lying || lyingNeutral != nil)
            && sample.activity != .walking
            && t - lastRepetitionTime > settings.repetition.maxPeriodSeconds
        switch holdTracker.update(angles: angles, yawDegrees: sample.relativeYawDegrees, neutral: neutral,
                                  minAngle: minAngle, mayStart: mayStart,
                                  bouncing: pitchBounces.inEpisode || rollBounces.inEpisode || yawBounces.inEpisode,
                                  t: t, dt: dt, settings: stretch) {
        case .started(_, let pitch, let roll, let yaw)?:
            if let hold = pendingHoldEnd {
                pendingHoldEnd = nil
                endHold(hold, at: t, settings: settings, counters: &counters, events: &events)
            }
            holdBounceCycles = 0
            breathing.start(at: t, angleDegrees: angles.pitchDegrees)
            deepBreathsAnnounced = false
            holdBase = ExerciseBase(activity: sample.activity, lyingRest: lying ? lyingNeutral : nil)
            holdRecognition = ExerciseClassifier.recognise(
                HeldPosition(pitchDegrees: pitch, rollDegrees: roll, yawDegrees: yaw), base: holdBase)
            events.append(.holdStart(at: t, pitch: pitch, roll: roll, exercise: holdRecognition))
            if !warmUpCued, ExerciseClassifier.isDeep(holdRecognition.exercise), let cold = sample.coldStart {
                warmUpCued = true
                events.append(PostureEvent(timeSeconds: t, payload: .warmUpCue(
                    sittingSeconds: cold.sittingSeconds, walkedSeconds: cold.walkedSeconds,
                    exercise: holdRecognition.exercise)))
            }
        case .ended(let hold)?:
            // Snapping out of the position is judged over the next fraction of a second.
            if jerkDetector.isJudging {
                pendingHoldEnd = hold
            } else {
                endHold(hold, at: t, settings: settings, counters: &counters, events: &events)
            }
        case nil:
            break
        }
        if let hold = pendingHoldEnd, !jerkDetector.isJudging || t - hold.endTime > stretch.holdEndWaitSeconds {
            pendingHoldEnd = nil
            endHold(hold, at: t, settings: settings, counters: &counters, events: &events)
        }
        if holdTracker.holding,
           let held = breathing.update(angleDegrees: angles.pitchDegrees, t: t, dt: dt, settings: settings.breathing,
                                       deep: settings.exercise) {
            counters.breathHeldWarnings += 1
            events.append(.breathHeld(at: t, heldSeconds: held))
        }
        if holdTracker.holding, !deepBreathsAnnounced, breathing.deepBreaths >= settings.exercise.deepBreathsCount {
            deepBreathsAnnounced = true
            events.append(PostureEvent(timeSeconds: t, payload: .deepBreaths(
                count: breathing.deepBreaths, exercise: holdRecognition.exercise)))
        }
        if let (count, exercise) = repetitionCounter.update(pitchDegrees: angles.pitchDegrees, t: t, dt: dt,
                                                           settings: settings.repetition) {
            counters.repetitions += 1
            lastRepetitionTime = t
            let base = ExerciseBase(activity: sample.activity, lyingRest: lying ? lyingNeutral : nil)
            let named = ExerciseClassifier.repetitionExercise(largeSwing: exercise == RepetitionCounter.largeSwing, base: base)
            events.append(.repetition(at: t, count: count, exercise: named.rawValue))
        }
        let busy = holdTracker.holding || lying || angles.tiltDegrees > stretch.holdMinAngleDegrees
            || t - lastRepetitionTime < settings.repetition.maxPeriodSeconds
        if busy { idleSeconds = 0 } else { idleSeconds += dt }
        if idleSeconds >= stretch.sessionIdleSeconds { end(at: t, settings: settings, counters: &counters, events: &events) }
    }

    private mutating func endHold(_ hold: HoldSummary, at t: Double, settings: PipelineSettings,
                                  counters: inout PipelineCounters, events: inout [PostureEvent]) {
        // The hold's mean position names it (the start's position still carries the approach).
        let position = HeldPosition(pitchDegrees: hold.pitchDegrees, rollDegrees: hold.rollDegrees, yawDegrees: hold.yawDegrees)
        let recognition = ExerciseClassifier.recognise(position, base: holdBase)
        let degrees = ExerciseClassifier.angleDegrees(of: recognition.exercise, position, base: holdBase)
        let targetMet = hold.durationSeconds >= settings.holdTarget(for: recognition.exercise)
        // Jerks snapping into the position (just before it was reached) or out of it count too.
        var jerks = 0
        for i in 0..<recentJerks.count where recentJerks[i] >= hold.startTime - settings.jerk.beforeHoldSeconds {
            jerks += 1
        }
        holds += 1
        if targetMet { holdsTargetMet += 1 }
        counters.holds += 1
        if targetMet { counters.holdsTargetMet += 1 }
        events.append(.holdEnd(at: t, hold: hold, targetMet: targetMet, bounces: holdBounceCycles, jerks: jerks,
                               breathsPerMinute: breathing.ratePerMinute, exercise: recognition,
                               exerciseDegrees: degrees, deepBreaths: breathing.deepBreaths))
        holdBounceCycles = 0
        if let due = sides.add(recognition, seconds: hold.durationSeconds, degrees: degrees ?? 0) {
            events.append(PostureEvent(timeSeconds: t, payload: .otherSideDue(exercise: recognition.exercise, side: due)))
        }
    }
}
