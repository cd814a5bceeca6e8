import PostureCore

/// Walking from the step rhythm of the trunk's vertical acceleration: peaks at a
/// regular cadence within the walking band.
struct StepDetector: Sendable {
    private var filtered = LowPass(timeConstantSeconds: 0.04)
    private var armed = true
    private var peakValue = 0.0
    private var peakTime = 0.0
    private var lastStepTime = -1e9
    private(set) var regularSteps = 0
    private(set) var lastStep = -1e9

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
                    regularSteps += 1
                } else if interval < minInterval {
                    // A double peak within one step: keep the series, ignore the extra peak.
                    peakValue = 0
                    return false
                } else {
                    regularSteps = 1
                }
                lastStepTime = peakTime
                lastStep = peakTime
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

/// Sit-to-stand and stand-to-sit: the trunk leans forward and the body rises or sinks.
/// The vertical travel comes from twice integrating the vertical acceleration with a leak
/// (so drift from tilt errors cannot build up).
struct TransitionDetector: Sendable {
    enum Direction: Sendable { case up, down }
    private var velocity = 0.0     // m/s
    private var height = 0.0       // m, relative, leaky
    private var leanUntil = -1e9
    private var cooldownUntil = -1e9
    static let leakSeconds = 1.5
    static let windowSeconds = 3.0

    mutating func update(verticalG: Double, pitchDegrees: Double, t: Double, dt: Double,
                         settings: ActivitySettings) -> Direction? {
        let k = smoothingWeight(dt: dt, tau: Self.leakSeconds)
        velocity += verticalG * 9.80665 * dt
        velocity -= velocity * k
        height += velocity * dt
        height -= height * k
        if pitchDegrees > settings.transitionLeanDegrees { leanUntil = t + Self.windowSeconds }
        guard t <= leanUntil, t >= cooldownUntil else { return nil }
        if height > settings.transitionRiseMetres {
            cooldownUntil = t + Self.windowSeconds
            return .up
        }
        if height < -settings.transitionRiseMetres {
            cooldownUntil = t + Self.windowSeconds
            return .down
        }
        return nil
    }

    var heightMetres: Double { height }
}

/// Sitting / standing / walking / lying from one trunk sensor. It reports `unknown`
/// rather than guess: before calibration, and after lying until a transition shows which.
struct ActivityClassifier: Sendable {
    private(set) var state = ActivityState.unknown
    private var steps = StepDetector()
    private var transitions = TransitionDetector()
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
    mutating func update(t: Double, dt: Double, verticalG: Double, angles: TrunkAngles?,
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
            if state != .lying && state != .walking,
               let direction = transitions.update(verticalG: verticalG, pitchDegrees: angles.pitchDegrees,
                                                  t: t, dt: dt, settings: settings) {
                state = direction == .up ? .standing : .sitting
            }
        }
        if state != .lying {
            if stepped && steps.regularSteps >= settings.walkingSteps && state != .walking {
                state = .walking
            } else if state == .walking && t - steps.lastStep > settings.walkingEndSeconds {
                // After walking, the wearer stands (sitting down shows as a transition).
                state = .standing
                steps.resetSeries()
            }
        }
        return state != old ? state : nil
    }
}
