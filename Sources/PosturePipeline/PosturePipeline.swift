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
/// the gyro and vertical acceleration) into events. Inside a stretch session,
/// `StretchSession` judges holds, bounces, jerks, repetitions and breathing.
public struct PosturePipeline: Sendable {
    public private(set) var settings: PipelineSettings
    public private(set) var state = SampleState()
    public private(set) var counters = PipelineCounters()
    private var estimator = DefaultTiltEstimator()
    private var lastTime: Double?
    private var reference: Vector3?
    private var frame: TrunkFrame?
    private var movementGate = MovementGate()
    private var robustTilt = RobustTilt()
    private var autoReference = AutoReference()
    private var postureClassifier = PostureClassifier()
    private var slouchAlerter = SlouchAlerter()
    private var activityClassifier = ActivityClassifier()
    private var sittingTimer = SittingTimer()
    private var session: StretchSession
    private var yawTracker = YawTracker()
    private var twistCounter = TwistCounter()
    private var warmUp = WarmUpTracker()
    private var shiftMonitor = SensorShiftMonitor()

    public init(settings: PipelineSettings = PipelineSettings()) {
        self.settings = settings
        session = StretchSession(settings: settings.stretch)
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
            state: state, counters: counters, inStretchSession: session.active, holding: session.holding,
            holdExercise: session.holding ? session.holdExercise : nil,
            sittingSeconds: activityClassifier.state == .sitting ? sittingTimer.sittingSeconds(at: state.timeSeconds) : 0,
            slouchedSeconds: slouchAlerter.slouchedSeconds,
            gyroBiasDegreesPerSecond: estimator.gyroBiasDegreesPerSecond,
            recalibration: shiftMonitor.standing)
    }

    /// Starts a stretch session now (the daemon's `posture stretch` and the button).
    public mutating func startStretchSession(at t: Double, events: inout [PostureEvent]) {
        beginSession(at: t, reason: .button, events: &events)
    }

    /// Feeds one sample. `action` is a button press or marker at this sample.
    /// Events produced by this sample are appended to `events`. `disturbed` marks a
    /// sample taken while the daemon's own vibration motor runs: it must not start or
    /// feed a detection (bounce, jerk, activity change).
    public mutating func process(_ sample: IMUSample, action: UserAction? = nil, disturbed: Bool = false,
                                 events: inout [PostureEvent]) {
        let t = sample.timeSeconds
        var dt = 0.0
        let previous = lastTime
        if let last = lastTime { dt = max(0, t - last) }
        lastTime = t
        let gap = dt > settings.sensor.maxGapSeconds
        if gap {
            restartShortTermDetectors()
            // Time without samples (a stall of the loop, a lost bus) is neither held nor sat.
            sittingTimer.skip(seconds: dt)
            session.gap(lastSampleTime: previous ?? t, settings: settings, counters: &counters, events: &events)
        }
        // Detectors integrate over at most one normal sample interval across a gap.
        let stepDt = gap ? 0 : dt
        estimator.update(accelG: sample.accelG, gyroDegreesPerSecond: sample.gyroDegreesPerSecond, dtSeconds: stepDt)
        let up = estimator.up
        let gyro = sample.gyroDegreesPerSecond - estimator.gyroBiasDegreesPerSecond
        let speed = gyro.norm
        let moving = movementGate.update(speedDegreesPerSecond: speed, t: t, settings: settings.posture)
        state.timeSeconds = t
        state.up = up

        switch action {
        case .calibrate:
            calibrate(up: up, at: t, auto: false, events: &events)
        case .stretch:
            beginSession(at: t, reason: .button, events: &events)
        default:
            break
        }
        if reference == nil && settings.calibration.autoReference,
           let learned = autoReference.update(up: up, still: speed < settings.calibration.autoStillDegreesPerSecond && !disturbed,
                                              t: t, settings: settings.calibration) {
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
                          still: speed < settings.stretch.twistStillDegreesPerSecond && !disturbed,
                          freezeNeutral: session.holding, dt: stepDt, settings: settings.stretch)
        if activityClassifier.state == .walking { yawTracker.resetNeutral() }
        updatePosture(angles: robustTilt.update(angles, t: t, windowSeconds: settings.posture.robustTiltSeconds),
                      moving: moving, t: t, dt: stepDt, events: &events)
        updateActivity(angles: angles, verticalG: verticalG, accelMagnitudeG: sample.accelG.norm, speed: speed,
                       disturbed: disturbed, t: t, dt: stepDt, events: &events)
        if session.active {
            let stretchSample = StretchSample(
                angles: angles, speedDegreesPerSecond: speed, yawDegrees: yawTracker.yawDegrees,
                relativeYawDegrees: yawTracker.relativeDegrees, activity: activityClassifier.state,
                lyingPending: activityClassifier.lyingPending, disturbed: disturbed, timeSeconds: t, dtSeconds: stepDt,
                coldStart: warmUp.coldStart(settings: settings.exercise))
            session.update(stretchSample, settings: settings, counters: &counters, events: &events)
        }
        if settings.calibration.shift.enabled, !disturbed,
           let found = shiftMonitor.update(up: up, frame: frame, activity: activityClassifier.state, moving: moving,
                                           inSession: session.active, t: t, dt: stepDt, settings: settings.calibration.shift) {
            events.append(PostureEvent(timeSeconds: t, payload: .recalibrationSuggested(found)))
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
            || shiftMonitor.holdsSlouchAlerts(settings.calibration.shift)
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
            session.forgetLyingPosition()
            // Standing up soon after a sitting nudge is the moment for a stretch.
            if before == .sitting, now == .standing || now == .walking, let nudge = sittingTimer.lastNudgeTime,
               t - nudge <= settings.stretch.sessionAfterNudgeSeconds {
                beginSession(at: t, reason: .afterNudge, events: &events)
            }
        }
        warmUp.update(activity: activityClassifier.state, dt: dt, settings: settings.exercise)
        if let sat = sittingTimer.update(t: t, activity: activityClassifier.state, settings: settings.sitting) {
            counters.sittingNudges += 1
            events.append(.sittingNudge(at: t, sittingSeconds: sat))
        }
    }

    private mutating func endSession(at t: Double, events: inout [PostureEvent]) {
        session.end(at: t, settings: settings, counters: &counters, events: &events)
    }

    private mutating func beginSession(at t: Double, reason: StretchStartReason, events: inout [PostureEvent]) {
        guard !session.active else { return }
        // The session starts facing ahead.
        yawTracker.resetNeutral()
        session.begin(at: t, reason: reason, counters: &counters, events: &events)
    }

    private mutating func rebuildFrame() {
        frame = reference.flatMap { TrunkFrame(referenceUp: $0, forwardAxis: settings.sensor.forwardAxis) }
        state.isCalibrated = frame != nil
    }

    /// A new reference invalidates every judgement made against the old one.
    private mutating func resetJudgements() {
        postureClassifier.reset(to: .unknown)
        robustTilt.reset()
        state.posture = .unknown
        slouchAlerter.endEpisode()
        session.resetHold()
        shiftMonitor.reset(settings: settings.calibration.shift)
    }

    private mutating func restartShortTermDetectors() {
        session.restartShortTermDetectors()
        movementGate.reset()
        robustTilt.reset()
    }
}
