import PostureCore

/// Walking from the step rhythm of the trunk's vertical acceleration: peaks at a
/// regular cadence within the walking band.
struct StepDetector: Sendable {
    private var filtered = LowPass(timeConstantSeconds: 0.04)
    private var armed = true
    private var peakValue = 0.0
    private var peakTime = 0.0
    private var lastStepTime = -1e9
    private var lastInterval = 0.0
    private var lastPeakValue = 0.0
    private(set) var regularSteps = 0
    private(set) var lastStep = -1e9
    /// A peak within one step at least this fraction of the last step's is a knock, not the
    /// bounce's second harmonic.
    static let knockFractionOfStep = 0.6

    /// Feeds the vertical acceleration (g, gravity removed); returns true on a step of a regular series.
    mutating func update(verticalG: Double, t: Double, dt: Double, settings: ActivitySettings) -> Bool {
        let v = filtered.update(verticalG, dt: dt)
        if armed {
            if v > settings.stepPeakG {
                if v > peakValue { peakValue = v; peakTime = t }
            } else if peakValue > 0 {
                // The peak is over: one step.
                armed = false
                let interval = peakTime - lastStepTime
                let minInterval = 1 / settings.walkingMaxHz
                let maxInterval = 1 / settings.walkingMinHz
                if interval >= minInterval && interval <= maxInterval {
                    // Even steps continue the series; an uneven one starts a new one from here.
                    let even = regularSteps < 2 || abs(interval - lastInterval) <= settings.stepIntervalSpread * lastInterval
                    regularSteps = even ? regularSteps + 1 : 2
                    lastInterval = interval
                } else if interval < minInterval {
                    // A small double peak within one step (the second harmonic of the bounce):
                    // keep the series, ignore it. A peak as big as the step is a knock (typing,
                    // fidgeting), not walking: the series starts again from it. Both rules go
                    // with the evenness check (off, an infinite spread, at the waist).
                    if settings.stepIntervalSpread.isFinite && peakValue >= Self.knockFractionOfStep * lastPeakValue {
                        regularSteps = 1
                        lastStepTime = peakTime
                        lastPeakValue = peakValue
                    }
                    peakValue = 0
                    return false
                } else {
                    regularSteps = 1
                }
                lastStepTime = peakTime
                lastStep = peakTime
                lastPeakValue = peakValue
                peakValue = 0
                return true
            }
        } else if v < 0 {
            armed = true  // re-arm once the acceleration swings back below gravity
        }
        return false
    }

    mutating func resetSeries() { regularSteps = 0 }
}

/// Sit-to-stand and stand-to-sit: the trunk leans forward, the body rises or sinks, the
/// trunk comes back up. The vertical travel is the double integral of the vertical
/// acceleration over that window only (from the lean to upright again), so drift has no
/// time to build up; a reach or a pick-up returns to the same height and is not a transition.
struct TransitionDetector: Sendable {
    enum Direction: Sendable { case up, down }
    private var baseline = LowPass(timeConstantSeconds: 5)
    private var inWindow = false
    private var windowStart = 0.0
    private var velocity = 0.0     // m/s
    private var height = 0.0       // m
    /// Vertical velocity before a window opens, leaky so that offsets fade: the trunk is already
    /// moving when it crosses the start angle (a brisk reach sinks at ~0.1 m/s there), and a
    /// window started at rest would read that missing speed as a rise of about v·T/2. The memory
    /// covers the lean's onset only (a fraction of a second): longer, and the baseline's own
    /// offset integrates into a false speed.
    private var approachVelocity = 0.0
    static let approachMemorySeconds = 0.3
    private var peakPitch = 0.0
    private var uprightSince: Double?
    /// After an over-long window, wait for upright before a new one.
    private var needUpright = false
    static let maxWindowSeconds = 6.0
    static let settleSeconds = 0.6

    private(set) var lastHeightMetres = 0.0

    mutating func update(verticalG: Double, pitchDegrees: Double, t: Double, dt: Double,
                         settings: ActivitySettings) -> Direction? {
        let startAngle = settings.transitionLeanDegrees * 0.6
        if !inWindow {
            // The accelerometer's offset along up, learned while upright and still.
            if pitchDegrees < startAngle {
                baseline.update(verticalG, dt: dt)
                needUpright = false
            }
            let leak = max(0, 1 - dt / Self.approachMemorySeconds)
            approachVelocity = approachVelocity * leak + (verticalG - baseline.value) * 9.80665 * dt
            guard pitchDegrees >= startAngle, !needUpright else { return nil }
            inWindow = true
            windowStart = t
            velocity = approachVelocity
            approachVelocity = 0
            height = 0
            peakPitch = pitchDegrees
            uprightSince = nil
        }
        velocity += (verticalG - baseline.value) * 9.80665 * dt
        height += velocity * dt
        peakPitch = max(peakPitch, pitchDegrees)
        if pitchDegrees < startAngle {
            if uprightSince == nil { uprightSince = t }
        } else {
            uprightSince = nil
        }
        if t - windowStart > Self.maxWindowSeconds {
            inWindow = false  // a slouch or a long bend, not a transition
            needUpright = true
            return nil
        }
        guard let since = uprightSince, t - since >= Self.settleSeconds else { return nil }
        inWindow = false
        // The wearer is still at both ends, so velocity must end at zero: what is left is a
        // constant acceleration error (scale, bias, tilt), and its effect on height is removed.
        let duration = t - windowStart
        height -= velocity * duration / 2
        lastHeightMetres = height
        guard peakPitch >= settings.transitionLeanDegrees else { return nil }
        if height >= settings.transitionRiseMetres { return .up }
        if height <= -settings.transitionRiseMetres { return .down }
        return nil
    }
}

/// Sitting / standing / walking / lying from one trunk sensor. It reports `unknown`
/// rather than guess: before calibration, and after lying until a transition shows which.
struct ActivityClassifier: Sendable {
    private(set) var state = ActivityState.unknown
    private var steps = StepDetector()
    private var transitions = TransitionDetector()
    private var waistTransitions = WaistTransitionDetector()
    private var firmSteps = StepDetector()
    private var inclinedSeconds = 0.0
    private var levelSeconds = 0.0
    /// Inclined like lying but not yet confirmed.
    var lyingPending: Bool { state != .lying && inclinedSeconds > 0 }

    mutating func start(with state: ActivityState) {
        self.state = state
        inclinedSeconds = 0
        levelSeconds = 0
    }

    /// Feeds one sample; returns the new state when it changes. `angles` is nil before calibration.
    mutating func update(t: Double, dt: Double, verticalG: Double, accelMagnitudeG: Double,
                         speedDegreesPerSecond: Double, angles: TrunkAngles?, placement: SensorPlacement,
                         settings: ActivitySettings) -> ActivityState? {
        switch placement {
        case .upperBack:
            return updateUpperBack(t: t, dt: dt, verticalG: verticalG, angles: angles, settings: settings)
        case .lowerBack:
            return updateWaist(t: t, dt: dt, verticalG: verticalG, accelMagnitudeG: accelMagnitudeG,
                               speedDegreesPerSecond: speedDegreesPerSecond, angles: angles, settings: settings)
        }
    }

    private mutating func updateUpperBack(t: Double, dt: Double, verticalG: Double, angles: TrunkAngles?,
                                          settings: ActivitySettings) -> ActivityState? {
        let old = state
        let stepped = steps.update(verticalG: verticalG, t: t, dt: dt, settings: settings)
        if let angles {
            // Lying: the trunk inclined far from upright for a while.
            // Bent far forward while standing is a forward fold, not lying face down.
            let foldingForward = angles.pitchDegrees > 0 && (state == .standing || state == .walking)
            if angles.tiltDegrees > settings.lyingAngleDegrees && !foldingForward {
                inclinedSeconds += dt
                levelSeconds = 0
            } else {
                levelSeconds += dt
                if levelSeconds > 1 { inclinedSeconds = 0 }
            }
            if state != .lying && inclinedSeconds >= settings.lyingSeconds {
                state = .lying
            } else if state == .lying && levelSeconds >= settings.lyingSeconds {
                // Up from lying: seated or standing is unknown until a transition or walking shows it.
                state = .unknown
            }
            // Sitting down ends walking too (a walk straight to the chair, or steps misread at a
            // standing desk); rising while walking says nothing new.
            if state != .lying,
               let direction = transitions.update(verticalG: verticalG, pitchDegrees: angles.pitchDegrees,
                                                  t: t, dt: dt, settings: settings) {
                if direction == .down {
                    state = .sitting
                    steps.resetSeries()
                } else if state != .walking {
                    state = .standing
                }
            }
        }
        // Steps need an upright trunk: a bouncing forward fold shakes but does not walk.
        let upright = angles.map { $0.tiltDegrees < 35 } ?? true
        if state != .lying {
            // Seated, walking needs a longer even series: one stands up first (a missed stand-up
            // still walks after a few more steps), and typing or fidgeting is rarely that even.
            let needed = state == .sitting ? settings.walkingStepsSeated : settings.walkingSteps
            if stepped && upright && steps.regularSteps >= needed && state != .walking {
                state = .walking
            } else if state == .walking && t - steps.lastStep > settings.walkingEndSeconds {
                // After walking, the wearer stands (sitting down shows as a transition).
                state = .standing
                steps.resetSeries()
            }
        }
        return state != old ? state : nil
    }

    /// The waist: transitions from `WaistTransitionDetector`, walking from fewer steps (the
    /// hips carry clear step impacts), and from lying up to seated (one sits up first).
    private mutating func updateWaist(t: Double, dt: Double, verticalG: Double, accelMagnitudeG: Double,
                                      speedDegreesPerSecond: Double, angles: TrunkAngles?,
                                      settings: ActivitySettings) -> ActivityState? {
        let old = state
        let waist = settings.waist
        var cadence = settings
        cadence.walkingMinHz = waist.walkingMinHz
        cadence.walkingMaxHz = waist.walkingMaxHz
        // The waist's rules were set on HAPT (stairs included) without the evenness check.
        cadence.stepIntervalSpread = .infinity
        if state == .walking { waistTransitions.noteWalking(dt: dt) }
        let stepped = steps.update(verticalG: verticalG, t: t, dt: dt, settings: cadence)
        var firm = cadence
        firm.stepPeakG = waist.firmStepPeakG
        let steppedFirmly = firmSteps.update(verticalG: verticalG, t: t, dt: dt, settings: firm)
        var upright = true
        if let angles {
            upright = angles.tiltDegrees < settings.lyingAngleDegrees
            // Steps count only with the trunk up: rolling about lying down shakes too.
            if !upright { steps.resetSeries(); firmSteps.resetSeries() }
            let decided = waistTransitions.update(
                accelMagnitudeG: accelMagnitudeG, speedDegreesPerSecond: speedDegreesPerSecond,
                pitchDegrees: angles.pitchDegrees, t: t, dt: dt, settings: waist)
            if !upright {
                inclinedSeconds += dt
                levelSeconds = 0
            } else {
                levelSeconds += dt
                if levelSeconds > 1 { inclinedSeconds = 0 }
            }
            if state != .lying && inclinedSeconds >= waist.lyingSeconds {
                state = .lying
                waistTransitions.cancelBurst()
            } else if state == .lying && levelSeconds >= waist.lyingSeconds {
                state = .sitting
                waistTransitions.awaitStillness()
                steps.resetSeries()
                firmSteps.resetSeries()
            }
            if state != .lying, upright, let decided { state = decided }
        }
        if state != .lying {
            let walks = state == .standing
                ? stepped && steps.regularSteps >= waist.walkingStepsStanding
                : steppedFirmly && firmSteps.regularSteps >= waist.walkingStepsSeated
            if walks && upright && state != .walking {
                state = .walking
            } else if state == .walking && t - steps.lastStep > settings.walkingEndSeconds {
                state = .standing
                steps.resetSeries()
                firmSteps.resetSeries()
            }
        }
        return state != old ? state : nil
    }
}
