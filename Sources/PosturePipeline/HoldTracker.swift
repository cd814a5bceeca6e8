import PostureCore

/// A finished hold, for `hold_end`.
struct HoldSummary: Sendable {
    var startTime: Double
    var endTime: Double
    var pitchDegrees: Double
    var rollDegrees: Double
    /// The twist from the neutral facing (not in hold_end; it names twists).
    var yawDegrees = 0.0
    var durationSeconds: Double { endTime - startTime }
}

/// Finds holds: the smoothed trunk position, away from upright, staying within a
/// tolerance (breathing and bouncing ride on top) for `holdSettleSeconds`.
///
/// The smoothing delays every decision, so the times are found afterwards in a short
/// history of the lightly filtered position: the hold starts when the trunk arrived within
/// a band (`holdBandFraction` of the tolerance) of the held position and ends when it last was there.
struct HoldTracker: Sendable {
    struct PositionSample: Sendable {
        var t = 0.0, pitch = 0.0, roll = 0.0, yaw = 0.0
    }
    /// 20 s at 20 Hz: enough to look back over the smoothing delay and the settle time.
    static let historyRateHz = 20.0
    private var history = RingBuffer(capacity: 400, filler: PositionSample())
    // The history's light smoothing; its time constant comes from the settings at each update.
    private var fastPitch = LowPass(timeConstantSeconds: 0)
    private var fastRoll = LowPass(timeConstantSeconds: 0)
    private var fastYaw = LowPass(timeConstantSeconds: 0)
    private var pitch: CascadeLowPass
    private var roll: CascadeLowPass
    private var yaw: CascadeLowPass
    private var anchorPitch = 0.0
    private var anchorRoll = 0.0
    private var anchorYaw = 0.0
    private var sumYaw = 0.0
    private var anchorTime = 0.0
    private var sumPitch = 0.0
    private var sumRoll = 0.0
    private var sumWeight = 0.0
    private var primed = false
    private(set) var holding = false
    private(set) var holdStart = 0.0
    private var outsideSince: Double?

    init(settings: StretchSettings) {
        pitch = CascadeLowPass(timeConstantSeconds: settings.holdSmoothingSeconds)
        roll = CascadeLowPass(timeConstantSeconds: settings.holdSmoothingSeconds)
        yaw = CascadeLowPass(timeConstantSeconds: settings.holdSmoothingSeconds)
    }

    var centerPitch: Double { sumWeight > 0 ? sumPitch / sumWeight : anchorPitch }
    var centerRoll: Double { sumWeight > 0 ? sumRoll / sumWeight : anchorRoll }
    var centerYaw: Double { sumWeight > 0 ? sumYaw / sumWeight : anchorYaw }
    /// How long the position has been steady (0 while holding).
    func steadySeconds(at t: Double) -> Double { holding || !primed ? 0 : t - anchorTime }
    var smoothedPitch: Double { pitch.value }
    var smoothedRoll: Double { roll.value }

    enum Change: Sendable {
        case started(time: Double, pitchDegrees: Double, rollDegrees: Double, yawDegrees: Double)
        case ended(HoldSummary)
    }

    mutating func reset() {
        primed = false
        holding = false
        outsideSince = nil
    }

    /// Ends a hold in progress (the session ended or calibration changed).
    mutating func finish(at t: Double) -> HoldSummary? {
        guard holding else { return nil }
        holding = false
        return HoldSummary(startTime: holdStart, endTime: t, pitchDegrees: centerPitch, rollDegrees: centerRoll,
                           yawDegrees: centerYaw)
    }

    /// `yawDegrees`: twist about the trunk axis from its neutral. `neutral`: the rest position
    /// holds are measured from (upright, or the lying position); `minAngle`: how far from it a
    /// hold must be; `mayStart`: false while the position is still being classified (lying down);
    /// `bouncing`: a bounce episode is going on.
    mutating func update(angles: TrunkAngles, yawDegrees: Double, neutral: (pitch: Double, roll: Double),
                         minAngle: Double, mayStart: Bool, bouncing: Bool, t: Double, dt: Double,
                         settings: StretchSettings) -> Change? {
        pitch.timeConstantSeconds = settings.holdSmoothingSeconds
        roll.timeConstantSeconds = settings.holdSmoothingSeconds
        yaw.timeConstantSeconds = settings.holdSmoothingSeconds
        fastPitch.timeConstantSeconds = settings.holdHistorySmoothingSeconds
        fastRoll.timeConstantSeconds = settings.holdHistorySmoothingSeconds
        fastYaw.timeConstantSeconds = settings.holdHistorySmoothingSeconds
        if !primed {
            pitch.reset(to: angles.pitchDegrees)
            roll.reset(to: angles.rollDegrees)
            yaw.reset(to: yawDegrees)
            reanchor(t: t)
            primed = true
            return nil
        }
        let p = pitch.update(angles.pitchDegrees, dt: dt)
        let r = roll.update(angles.rollDegrees, dt: dt)
        let y = yaw.update(yawDegrees, dt: dt)
        let fp = fastPitch.update(angles.pitchDegrees, dt: dt)
        let fr = fastRoll.update(angles.rollDegrees, dt: dt)
        let fy = fastYaw.update(yawDegrees, dt: dt)
        if history.last.map({ t - $0.t >= 1 / Self.historyRateHz }) ?? true {
            history.push(PositionSample(t: t, pitch: fp, roll: fr, yaw: fy))
        }
        // The cascade delays a slow change by about two time constants.
        let delay = 2 * settings.holdSmoothingSeconds
        let dp = p - centerPitch
        let dr = r - centerRoll
        let dy = y - centerYaw
        let away = (dp * dp + dr * dr + dy * dy).squareRoot()
        if holding {
            // Bouncing in a held position does not end the hold (it is counted instead).
            if bouncing { outsideSince = nil; return nil }
            if away > settings.holdToleranceDegrees {
                // The position was left when the smoothed angle started moving away.
                let end = max(holdStart, (lastTimeInside(before: outsideSince ?? t, band: settings.holdToleranceDegrees * settings.holdBandFraction)
                    .map { $0 - settings.holdMovementTailSeconds }) ?? ((outsideSince ?? t) - delay))
                let summary = HoldSummary(startTime: holdStart, endTime: end,
                                          pitchDegrees: centerPitch, rollDegrees: centerRoll, yawDegrees: centerYaw)
                holding = false
                outsideSince = nil
                reanchor(t: t)
                return .ended(summary)
            }
            // Track when the position started to drift, to date the release.
            if away > settings.holdToleranceDegrees * settings.holdDriftFraction {
                if outsideSince == nil { outsideSince = t }
            } else {
                outsideSince = nil
                accumulate(p, r, y, dt)
            }
            return nil
        }
        if away > settings.holdToleranceDegrees * settings.holdDriftFraction {
            reanchor(t: t)
            return nil
        }
        accumulate(p, r, y, dt)
        let np = centerPitch - neutral.pitch
        let nr = centerRoll - neutral.roll
        let magnitude = (np * np + nr * nr + centerYaw * centerYaw).squareRoot()
        if mayStart && t - anchorTime >= settings.holdSettleSeconds && magnitude >= minAngle {
            holding = true
            outsideSince = nil
            holdStart = arrivalTime(after: anchorTime - delay - settings.holdArrivalLookbackSeconds,
                                    band: settings.holdToleranceDegrees * settings.holdBandFraction)
                .map { min($0 + settings.holdMovementTailSeconds, t) } ?? (anchorTime - delay)
            // The position now (the mean since the anchor still carries the end of the approach).
            return .started(time: t, pitchDegrees: p, rollDegrees: r, yawDegrees: y)
        }
        return nil
    }

    private func isInside(_ s: PositionSample, band: Double) -> Bool {
        let dp = s.pitch - centerPitch, dr = s.roll - centerRoll, dy = s.yaw - centerYaw
        return dp * dp + dr * dr + dy * dy <= band * band
    }

    /// The first time after `from` that the position came within `band` (the arrival).
    private func arrivalTime(after from: Double, band: Double) -> Double? {
        for i in 0..<history.count where history[i].t >= from && isInside(history[i], band: band) {
            return history[i].t
        }
        return nil
    }

    /// Going back from `time`, the last moment the position was within `band`.
    private func lastTimeInside(before time: Double, band: Double) -> Double? {
        var i = history.count - 1
        while i >= 0 {
            let s = history[i]
            if s.t <= time && isInside(s, band: band) { return s.t }
            i -= 1
        }
        return nil
    }

    private mutating func reanchor(t: Double) {
        anchorPitch = pitch.value
        anchorRoll = roll.value
        anchorYaw = yaw.value
        anchorTime = t
        sumPitch = 0
        sumRoll = 0
        sumYaw = 0
        sumWeight = 0
    }

    private mutating func accumulate(_ p: Double, _ r: Double, _ y: Double, _ dt: Double) {
        let w = max(dt, 1e-6)
        sumPitch += p * w
        sumRoll += r * w
        sumYaw += y * w
        sumWeight += w
    }
}
