import PostureCore

/// Standing up and sitting down seen from the waist (`WaistActivitySettings` has the physics).
/// A burst is the movement between two still periods; when it ends, the order of the push and
/// the drop in the acceleration magnitude and the change of still pitch say which way it went.
/// The magnitude needs no orientation estimate, so the fast rotation of the pelvis during the
/// transition cannot leak into it; its slow offset (accelerometer scale) is the still level.
struct WaistTransitionDetector: Sendable {
    private var fast = LowPass(timeConstantSeconds: 0.1)
    private var slow = LowPass(timeConstantSeconds: 1.0)
    private var turnRate = LowPass(timeConstantSeconds: 0.1)
    private var stillPitch = LowPass(timeConstantSeconds: 0.5)
    private var stillLevelG = 1.0
    private var inBurst = false
    private var burstStart = 0.0
    private var pitchBefore = 0.0
    private var highestG = 0.0, highestTime = 0.0
    private var lowestG = 0.0, lowestTime = 0.0
    private var stillSince: Double?
    /// After lying, the getting-up movement is not judged: wait for stillness first.
    private var waitForStill = false
    private var waitedStillSeconds = 0.0
    private var walkedSeconds = 0.0
    private var walked = false
    /// The order of push and drop counts one unit; the pitch change at most this many.
    static let maxPitchEvidence = 1.5
    /// Evidence beyond this decides; within it the state is kept.
    static let decisionEvidence = 0.5

    /// Walking during the current burst (a few false steps while sitting down are common).
    mutating func noteWalking(dt: Double) {
        walked = true
        walkedSeconds += dt
    }

    /// Drops the burst in progress (lying down, or a restart).
    mutating func cancelBurst() { inBurst = false }

    /// Just up from lying: the next burst starts only after a still period.
    mutating func awaitStillness() {
        inBurst = false
        waitForStill = true
        waitedStillSeconds = 0
    }

    /// Feeds one sample; returns standing or sitting when a burst ends with enough evidence.
    mutating func update(accelMagnitudeG: Double, speedDegreesPerSecond: Double, pitchDegrees: Double,
                         t: Double, dt: Double, settings: WaistActivitySettings) -> ActivityState? {
        let f = fast.update(accelMagnitudeG, dt: dt)
        let s = slow.update(accelMagnitudeG, dt: dt)
        let w = turnRate.update(speedDegreesPerSecond, dt: dt)
        let still = abs(f - s) < settings.quietG && w < settings.quietDegreesPerSecond
        if still && !inBurst {
            stillLevelG = s
            stillPitch.update(pitchDegrees, dt: dt)
        }
        let deviation = f - stillLevelG
        if waitForStill {
            waitedStillSeconds = still ? waitedStillSeconds + dt : 0
            if waitedStillSeconds >= settings.settleSeconds {
                waitForStill = false
                stillPitch.reset(to: pitchDegrees)
            }
        }
        if !inBurst && !still && !waitForStill {
            inBurst = true
            burstStart = t
            pitchBefore = stillPitch.value
            highestG = -.infinity
            lowestG = .infinity
            stillSince = nil
            walked = false
            walkedSeconds = 0
        }
        guard inBurst else { return nil }
        if deviation > highestG { highestG = deviation; highestTime = t }
        if deviation < lowestG { lowestG = deviation; lowestTime = t }
        if still {
            if stillSince == nil { stillSince = t }
        } else {
            stillSince = nil
        }
        if t - burstStart > settings.transitionMaxSeconds {
            inBurst = false
            return nil
        }
        guard let since = stillSince, t - since >= settings.settleSeconds else { return nil }
        inBurst = false
        stillPitch.reset(to: pitchDegrees)
        guard highestG >= settings.transitionRiseG, lowestG <= -settings.transitionDipG else { return nil }
        let seated = pitchDegrees < settings.seatedPitchDegrees
        if walked && walkedSeconds > settings.shortWalkSeconds {
            // After real walking the push/drop order is lost among the steps.
            return seated ? .sitting : .standing
        }
        let order = highestTime < lowestTime ? 1.0 : -1.0
        let pitchChange = (pitchDegrees - pitchBefore) / settings.pitchChangeDegrees
        let evidence = order + min(Self.maxPitchEvidence, max(-Self.maxPitchEvidence, pitchChange)) + (seated ? -1 : 0)
        if evidence > Self.decisionEvidence { return .standing }
        // Steps during the burst: the wearer was on their feet. Sitting down from there rolls the
        // pelvis back on the seat (or ends seated); a drop-first burst among steps without that is
        // a pause in walking or a shuffle after standing up, so the state is kept.
        if walked && !seated && pitchChange > -1 { return nil }
        if evidence < -Self.decisionEvidence { return .sitting }
        return nil
    }
}
