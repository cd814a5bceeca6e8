import PostureCore
import TiltEstimation

/// What the pipeline knows after one sample: the `--emit samples` row and the
/// daemon's `status`.
public struct SampleState: Equatable, Sendable {
    public var timeSeconds: Double = 0
    /// Estimated up direction, unit vector in sensor axes.
    public var up = Vector3.unitZ
    /// Angle from the calibrated upright reference (0 before calibration).
    public var tiltDegrees: Double = 0
    /// Forward flexion (+) / extension (-) relative to the reference.
    public var pitchDegrees: Double = 0
    /// Lateral bend relative to the reference, + to the wearer's right.
    public var rollDegrees: Double = 0
    public var posture = PostureState.unknown
    public var activity = ActivityState.unknown
    public var isCalibrated = false
    public init() {}
}

/// The whole signal pipeline, shared by `posture replay` and the daemon: samples and
/// wearer actions in, events out. Pure and deterministic: time comes only from the
/// samples. No allocation per sample (events are appended to a caller-owned array).
///
/// Per sample: the tilt estimator gives the up direction; the trunk frame built at
/// calibration turns it into tilt, pitch and roll; the detectors below turn those (and
/// the gyro and vertical acceleration) into events.
public struct PosturePipeline: Sendable {
    public private(set) var settings: PipelineSettings
    public private(set) var state = SampleState()
    public private(set) var counters = PipelineCounters()
    private var estimator = DefaultTiltEstimator()
    private var lastTime: Double?
    private var reference: Vector3?
    private var frame: TrunkFrame?
    private var movingUntil = -1e9
    private var autoReference = AutoReference()
    private var postureClassifier = PostureClassifier()
    private var slouchAlerter = SlouchAlerter()
    private var activityClassifier = ActivityClassifier()
    private var sittingTimer = SittingTimer()
    private var session = StretchSession()
    private var holdTracker: HoldTracker
    private var pitchBounces = BounceDetector()
    private var rollBounces = BounceDetector()
    private var yawBounces = BounceDetector()
    private var yawTracker = YawTracker()
    /// The rest position holds are measured from while lying: the first steady position
    /// after lying down (nil until then, and no hold starts meanwhile).
    private var lyingNeutral: (pitch: Double, roll: Double)?
    private var jerkDetector = JerkDetector()
    private var repetitionCounter = RepetitionCounter()
    private var breathing = BreathingMonitor()
    private var twistCounter = TwistCounter()
    /// Peak times of recent jerks, to count those that belong to a hold.
    private var recentJerks = RingBuffer<Double>(capacity: 32, filler: 0)
    private var holdBounceCycles = 0
    /// A hold that ended while a movement was still being judged as a jerk: hold_end waits for it.
    private var pendingHoldEnd: HoldSummary?
    private var lastRepetitionTime = -1e9

    /// Sample gaps longer than this restart the short-term detectors (a dropped bus, a pause).
    static let gapSeconds = 0.5

    public init(settings: PipelineSettings = PipelineSettings()) {
        self.settings = settings
        holdTracker = HoldTracker(settings: settings.stretch)
    }

    /// The stored upright reference (persisted by the daemon across restarts).
    public var uprightReference: Vector3? {
        get { reference }
        set {
            reference = newValue
            rebuildFrame()
            resetJudgements()
        }
    }

    /// Applies a new configuration (SIGHUP) without losing calibration or clocks.
    public mutating func updateSettings(_ newSettings: PipelineSettings) {
        let axisChanged = newSettings.sensor.forwardAxis != settings.sensor.forwardAxis
        settings = newSettings
        if axisChanged { rebuildFrame() }
    }

    /// The current state, clocks and totals, for `posture status`.
    public var snapshot: PipelineSnapshot {
        PipelineSnapshot(
            state: state, counters: counters, inStretchSession: session.active, holding: holdTracker.holding,
            sittingSeconds: activityClassifier.state == .sitting ? sittingTimer.sittingSeconds(at: state.timeSeconds) : 0,
            slouchedSeconds: slouchAlerter.slouchedSeconds,
            gyroBiasDegreesPerSecond: estimator.gyroBiasDegreesPerSecond)
    }

    /// Starts a stretch session now (the daemon's `posture stretch` and the button).
    public mutating func startStretchSession(at t: Double, events: inout [PostureEvent]) {
        beginSession(at: t, reason: "button", events: &events)
    }

    /// Feeds one sample. `action` is a button press or marker at this sample.
    /// Events produced by this sample are appended to `events`. `disturbed` marks a
    /// sample taken while the daemon's own vibration motor runs: it must not start or
    /// feed a detection (bounce, jerk, activity change).
    public mutating func process(_ sample: IMUSample, action: UserAction? = nil, disturbed: Bool = false,
                                 events: inout [PostureEvent]) {
        let t = sample.timeSeconds
        var dt = 0.0
        if let last = lastTime { dt = max(0, t - last) }
        lastTime = t
        let gap = dt > Self.gapSeconds
        if gap { restartShortTermDetectors() }
        // Detectors integrate over at most one normal sample interval across a gap.
        let stepDt = gap ? 0 : dt
        estimator.update(accelG: sample.accelG, gyroDegreesPerSecond: sample.gyroDegreesPerSecond, dtSeconds: stepDt)
        let up = estimator.up
        let gyro = sample.gyroDegreesPerSecond - estimator.gyroBiasDegreesPerSecond
        let speed = gyro.norm
        if speed > settings.posture.movingDegreesPerSecond { movingUntil = t + settings.posture.movingHoldSeconds }
        let moving = t < movingUntil
        state.timeSeconds = t
        state.up = up

        switch action {
        case .calibrate:
            calibrate(up: up, at: t, auto: false, events: &events)
        case .stretch:
            beginSession(at: t, reason: "button", events: &events)
        default:
            break
        }
        if reference == nil && settings.calibration.autoReference,
           let learned = autoReference.update(up: up, still: speed < 5 && !disturbed, t: t, settings: settings.calibration) {
            calibrate(up: learned, at: t, auto: true, events: &events)
        }
        let verticalG = sample.accelG.dot(up) - 1

        guard let frame else {
            // Without a reference there is no posture to judge; walking still shows.
            state.tiltDegrees = 0
            state.pitchDegrees = 0
            state.rollDegrees = 0
            state.posture = .unknown
            if !disturbed, let a = activityClassifier.update(t: t, dt: stepDt, verticalG: verticalG,
                                                            accelMagnitudeG: sample.accelG.norm,
                                                            speedDegreesPerSecond: speed, angles: nil,
                                                            placement: settings.sensor.placement,
                                                            settings: settings.activity) {
                state.activity = a
                events.append(.activity(at: t, state: a))
            }
            return
        }
        let angles = frame.angles(of: up)
        state.tiltDegrees = angles.tiltDegrees
        state.pitchDegrees = angles.pitchDegrees
        state.rollDegrees = angles.rollDegrees

        let twistRate = gyro.dot(frame.up)
        // The twist angle integrates the raw rate with its own bias: the estimator's estimate
        // moves while it converges, and that would show as a slow twist.
        yawTracker.update(twistRate: sample.gyroDegreesPerSecond.dot(frame.up), atRest: estimator.isAtRest && !disturbed,
                          still: speed < 10 && !disturbed, freezeNeutral: holdTracker.holding, dt: stepDt)
        if activityClassifier.state == .walking { yawTracker.resetNeutral() }
        updatePosture(angles: angles, moving: moving, t: t, dt: stepDt, events: &events)
        updateActivity(angles: angles, verticalG: verticalG, accelMagnitudeG: sample.accelG.norm, speed: speed,
                       disturbed: disturbed, t: t, dt: stepDt, events: &events)
        if session.active {
            updateStretch(angles: angles, speed: speed, disturbed: disturbed, t: t, dt: stepDt, events: &events)
        }
        if !disturbed, let count = twistCounter.update(twistRate: twistRate, t: t, dt: stepDt,
                                                        settings: settings.twist) {
            counters.twistsToday = count
            events.append(.twist(at: t, countToday: count))
        }
    }

    // MARK: - Stages

    private mutating func calibrate(up: Vector3, at t: Double, auto: Bool, events: inout [PostureEvent]) {
        // Calibrating means sitting (or standing) upright again: a stretch session is over.
        if session.active { endSession(at: t, events: &events) }
        reference = up
        rebuildFrame()
        resetJudgements()
        events.append(auto ? .autoCalibrated(at: t, up: up) : .calibrated(at: t, up: up))
        let assumed = settings.calibration.activityAtCalibration
        if assumed != activityClassifier.state {
            activityClassifier.start(with: assumed)
            state.activity = assumed
            events.append(.activity(at: t, state: assumed))
        }
    }

    private mutating func updatePosture(angles: TrunkAngles, moving: Bool, t: Double, dt: Double,
                                        events: inout [PostureEvent]) {
        let before = postureClassifier.reported
        if let now = postureClassifier.update(angles: angles, moving: moving, dt: dt,
                                              slouch: settings.slouch, posture: settings.posture) {
            state.posture = now
            events.append(.posture(at: t, state: now))
            if now == .slouched {
                slouchAlerter.beginEpisode(alreadySeconds: postureClassifier.candidateSeconds)
            } else if before == .slouched {
                slouchAlerter.endEpisode()
            }
        }
        // The clock runs only while the angles show slouching and the trunk is still.
        let counting = !moving && postureClassifier.instantaneous == .slouched
        if counting && slouchAlerter.inEpisode { counters.slouchedSeconds += dt }
        let suppressed = session.active || activityClassifier.state == .lying
        if slouchAlerter.update(dt: dt, counting: counting, suppressed: suppressed, settings: settings.slouch) {
            counters.slouchAlerts += 1
            events.append(.slouchAlert(at: t, slouchedSeconds: slouchAlerter.slouchedSeconds))
        }
    }

    private mutating func updateActivity(angles: TrunkAngles, verticalG: Double, accelMagnitudeG: Double,
                                         speed: Double, disturbed: Bool, t: Double,
                                         dt: Double, events: inout [PostureEvent]) {
        let before = activityClassifier.state
        if !disturbed, let now = activityClassifier.update(t: t, dt: dt, verticalG: verticalG,
                                                           accelMagnitudeG: accelMagnitudeG,
                                                           speedDegreesPerSecond: speed, angles: angles,
                                                           placement: settings.sensor.placement,
                                                           settings: settings.activity) {
            state.activity = now
            events.append(.activity(at: t, state: now))
            lyingNeutral = nil
            // Standing up soon after a sitting nudge is the moment for a stretch.
            if before == .sitting, now == .standing || now == .walking, let nudge = sittingTimer.lastNudgeTime,
               t - nudge <= settings.stretch.sessionAfterNudgeSeconds {
                beginSession(at: t, reason: "after_nudge", events: &events)
            }
        }
        if let sat = sittingTimer.update(t: t, activity: activityClassifier.state, settings: settings.sitting) {
            counters.sittingNudges += 1
            events.append(.sittingNudge(at: t, sittingSeconds: sat))
        }
    }

    private mutating func updateStretch(angles: TrunkAngles, speed: Double, disturbed: Bool, t: Double, dt: Double,
                                        events: inout [PostureEvent]) {
        let stretch = settings.stretch
        // Jerks and bounces first: a hold ending at this sample counts them.
        if !disturbed {
            if let (peakTime, peak) = jerkDetector.update(speedDegreesPerSecond: speed, t: t, settings: settings.jerk) {
                recentJerks.push(peakTime)
                counters.jerks += 1
                events.append(.jerk(at: t, peakDegreesPerSecond: peak))
            }
            if let b = pitchBounces.update(angleDegrees: angles.pitchDegrees, t: t, dt: dt, settings: settings.bounce) {
                counters.bounces += 1
                events.append(.bounce(at: t, frequencyHz: b.frequencyHz, amplitudeDegrees: b.amplitudeDegrees, axis: "pitch"))
            }
            if let b = rollBounces.update(angleDegrees: angles.rollDegrees, t: t, dt: dt, settings: settings.bounce) {
                counters.bounces += 1
                events.append(.bounce(at: t, frequencyHz: b.frequencyHz, amplitudeDegrees: b.amplitudeDegrees, axis: "roll"))
            }
            if let b = yawBounces.update(angleDegrees: yawTracker.yawDegrees, t: t, dt: dt, settings: settings.bounce) {
                counters.bounces += 1
                events.append(.bounce(at: t, frequencyHz: b.frequencyHz, amplitudeDegrees: b.amplitudeDegrees, axis: "twist"))
            }
            holdBounceCycles += max(pitchBounces.takeCycles(), rollBounces.takeCycles(), yawBounces.takeCycles())
        }
        let lying = activityClassifier.state == .lying
        if lying && !holdTracker.holding && holdTracker.steadySeconds(at: t) >= stretch.holdSettleSeconds {
            // The resting position lying down; it follows small settling drifts.
            let p = holdTracker.centerPitch, r = holdTracker.centerRoll
            if let n = lyingNeutral {
                let d = ((p - n.pitch) * (p - n.pitch) + (r - n.roll) * (r - n.roll)).squareRoot()
                if d < stretch.holdMinAngleLyingDegrees * 0.75 { lyingNeutral = (p, r) }
            } else {
                lyingNeutral = (p, r)
            }
        }
        let neutral = lying ? (lyingNeutral ?? (0, 0)) : (0, 0)
        let minAngle = lying ? stretch.holdMinAngleLyingDegrees : stretch.holdMinAngleDegrees
        // Not while lying down is being recognised, nor at the turning points of repetitions.
        let mayStart = !activityClassifier.lyingPending && (!lying || lyingNeutral != nil)
            && activityClassifier.state != .walking
            && t - lastRepetitionTime > settings.repetition.maxPeriodSeconds
        switch holdTracker.update(angles: angles, yawDegrees: yawTracker.relativeDegrees, neutral: neutral,
                                  minAngle: minAngle, mayStart: mayStart,
                                  bouncing: pitchBounces.inEpisode || rollBounces.inEpisode || yawBounces.inEpisode,
                                  t: t, dt: dt, settings: stretch) {
        case .started(_, let pitch, let roll)?:
            if let hold = pendingHoldEnd { pendingHoldEnd = nil; endHold(hold, at: t, events: &events) }
            holdBounceCycles = 0
            breathing.start(at: t, angleDegrees: angles.pitchDegrees)
            events.append(.holdStart(at: t, pitch: pitch, roll: roll))
        case .ended(let hold)?:
            // Snapping out of the position is judged over the next fraction of a second.
            if jerkDetector.isJudging { pendingHoldEnd = hold } else { endHold(hold, at: t, events: &events) }
        case nil:
            break
        }
        if let hold = pendingHoldEnd, !jerkDetector.isJudging || t - hold.endTime > 3 {
            pendingHoldEnd = nil
            endHold(hold, at: t, events: &events)
        }
        if holdTracker.holding,
           let held = breathing.update(angleDegrees: angles.pitchDegrees, t: t, dt: dt, settings: settings.breathing) {
            counters.breathHeldWarnings += 1
            events.append(.breathHeld(at: t, heldSeconds: held))
        }
        if let (count, exercise) = repetitionCounter.update(pitchDegrees: angles.pitchDegrees, t: t, dt: dt,
                                                           settings: settings.repetition) {
            counters.repetitions += 1
            lastRepetitionTime = t
            events.append(.repetition(at: t, count: count, exercise: exercise))
        }
        let busy = holdTracker.holding || lying || angles.tiltDegrees > stretch.holdMinAngleDegrees
            || t - lastRepetitionTime < settings.repetition.maxPeriodSeconds
        if session.update(dt: dt, busy: busy, settings: stretch) { endSession(at: t, events: &events) }
    }

    private mutating func endSession(at t: Double, events: inout [PostureEvent]) {
        if let hold = pendingHoldEnd { pendingHoldEnd = nil; endHold(hold, at: t, events: &events) }
        if let hold = holdTracker.finish(at: t) { endHold(hold, at: t, events: &events) }
        session.stop()
        events.append(.stretchEnd(at: t, durationSeconds: t - session.startTime, holds: session.holds,
                                  targetMet: session.holdsTargetMet))
    }

    private mutating func endHold(_ hold: HoldSummary, at t: Double, events: inout [PostureEvent]) {
        let targetMet = hold.durationSeconds >= settings.stretch.holdTargetSeconds
        // Jerks snapping into the position (just before it was reached) or out of it count too.
        var jerks = 0
        for i in 0..<recentJerks.count where recentJerks[i] >= hold.startTime - 1.5 { jerks += 1 }
        session.noteHold(targetMet: targetMet)
        counters.holds += 1
        if targetMet { counters.holdsTargetMet += 1 }
        events.append(.holdEnd(at: t, hold: hold, targetMet: targetMet, bounces: holdBounceCycles, jerks: jerks,
                               breathsPerMinute: breathing.ratePerMinute))
        holdBounceCycles = 0
    }

    private mutating func beginSession(at t: Double, reason: String, events: inout [PostureEvent]) {
        guard !session.active else { return }
        session.start(at: t)
        yawTracker.resetNeutral()
        counters.stretchSessions += 1
        holdTracker.reset()
        pendingHoldEnd = nil
        pitchBounces.reset()
        rollBounces.reset()
        yawBounces.reset()
        jerkDetector.reset()
        repetitionCounter.reset()
        recentJerks.removeAll()
        holdBounceCycles = 0
        events.append(.stretchStart(at: t, reason: reason))
    }

    private mutating func rebuildFrame() {
        frame = reference.flatMap { TrunkFrame(referenceUp: $0, forwardAxis: settings.sensor.forwardAxis) }
        state.isCalibrated = frame != nil
    }

    /// A new reference invalidates every judgement made against the old one.
    private mutating func resetJudgements() {
        postureClassifier.reset(to: .unknown)
        state.posture = .unknown
        slouchAlerter.endEpisode()
        holdTracker.reset()
    }

    private mutating func restartShortTermDetectors() {
        pitchBounces.reset()
        rollBounces.reset()
        yawBounces.reset()
        jerkDetector.reset()
        movingUntil = -1e9
    }
}
