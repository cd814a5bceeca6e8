import PostureCore

/// Bouncing: swings of the trunk angle around its smoothed position at 0.5-3 Hz and a few
/// degrees or more. Breathing (slower, smaller), fidgets (irregular, single) and a smooth
/// hold (no swings) do not make `minSwings` regular swings in a row.
struct BounceDetector: Sendable {
    struct Report: Sendable {
        var frequencyHz: Double
        var amplitudeDegrees: Double
    }
    private var fast = LowPass(timeConstantSeconds: 0.04)
    private var trend = CascadeLowPass(timeConstantSeconds: 0.6)
    private var finder = TurningPointFinder(hysteresis: 5)
    private var lastPoint: TurningPointFinder.TurningPoint?
    private var swings = 0
    private var swingTimeSum = 0.0
    private var swingSizeSum = 0.0
    private(set) var inEpisode = false
    /// Full bounce cycles counted (two swings each) since `takeCycles()`.
    private var swingsSinceTake = 0

    mutating func reset() {
        finder.reset()
        lastPoint = nil
        swings = 0
        swingTimeSum = 0
        swingSizeSum = 0
        inEpisode = false
    }

    /// Bounce cycles since the last call (for the hold's count).
    mutating func takeCycles() -> Int {
        let c = swingsSinceTake / 2
        swingsSinceTake -= c * 2
        return c
    }

    mutating func update(angleDegrees: Double, t: Double, dt: Double, settings: BounceSettings) -> Report? {
        let x = fast.update(angleDegrees, dt: dt)
        let d = x - trend.update(angleDegrees, dt: dt)
        finder.hysteresis = 2 * settings.minAmplitudeDegrees * 0.8
        let maxHalf = 0.5 / settings.minHz
        let minHalf = 0.5 / settings.maxHz
        if let last = lastPoint, inEpisode || swings > 0, t - last.timeSeconds > 2 * maxHalf {
            // The rhythm stopped.
            swings = 0; swingTimeSum = 0; swingSizeSum = 0
            inEpisode = false
        }
        guard let p = finder.update(d, at: t) else { return nil }
        defer { lastPoint = p }
        guard let last = lastPoint else { return nil }
        let half = p.timeSeconds - last.timeSeconds
        let size = abs(p.value - last.value)
        guard half >= minHalf, half <= maxHalf, size >= 2 * settings.minAmplitudeDegrees * 0.8 else {
            swings = 0; swingTimeSum = 0; swingSizeSum = 0
            inEpisode = false
            return nil
        }
        swings += 1
        swingTimeSum += half
        swingSizeSum += size
        if inEpisode { swingsSinceTake += 1 }
        guard !inEpisode, swings >= settings.minSwings else { return nil }
        inEpisode = true
        swingsSinceTake += swings
        return Report(frequencyHz: Double(swings) / (2 * swingTimeSum),
                      amplitudeDegrees: swingSizeSum / Double(swings) / 2)
    }
}

/// A jerk: a sudden, fast movement. The angular speed is cut into strokes (spans above
/// `strokeDegreesPerSecond`); a stroke is sudden when it reaches `peakDegreesPerSecond`, or
/// when it is short (≤ `shortStrokeSeconds`) and reaches `shortPeakDegreesPerSecond`. A jerk is
/// a burst of one or two strokes with a sudden one, followed by quiet. A smooth entry makes one
/// slow stroke; bouncing makes a rhythm of three or more strokes (reported as bouncing instead).
struct JerkDetector: Sendable {
    static let strokeDegreesPerSecond = 8.0
    private var inStroke = false
    private var strokeStart = 0.0
    private var strokePeak = 0.0
    private var strokePeakTime = 0.0
    private var burstStrokes = 0
    private var burstFastStrokes = 0
    private var burstPeak = 0.0
    private var burstPeakTime = 0.0
    private var lastStrokeEnd = -1e9

    mutating func reset() {
        inStroke = false
        burstStrokes = 0
        burstFastStrokes = 0
        burstPeak = 0
    }

    /// True while a stroke or a burst of strokes is still being judged.
    var isJudging: Bool { inStroke || burstStrokes > 0 }

    /// Returns (time of peak, peak speed) when a jerk's burst is over.
    mutating func update(speedDegreesPerSecond w: Double, t: Double, settings: JerkSettings) -> (Double, Double)? {
        if inStroke {
            if w > strokePeak { strokePeak = w; strokePeakTime = t }
            if w < Self.strokeDegreesPerSecond {
                inStroke = false
                lastStrokeEnd = t
                burstStrokes += 1
                let short = t - strokeStart <= settings.shortStrokeSeconds
                if strokePeak >= settings.peakDegreesPerSecond || (short && strokePeak >= settings.shortPeakDegreesPerSecond) {
                    burstFastStrokes += 1
                    if strokePeak > burstPeak { burstPeak = strokePeak; burstPeakTime = strokePeakTime }
                }
            }
            return nil
        }
        if w >= Self.strokeDegreesPerSecond {
            inStroke = true
            strokeStart = t
            strokePeak = w
            strokePeakTime = t
            return nil
        }
        guard burstStrokes > 0, t - lastStrokeEnd >= settings.quietSeconds else { return nil }
        defer { burstStrokes = 0; burstFastStrokes = 0; burstPeak = 0 }
        guard burstFastStrokes > 0, burstStrokes <= 2 else { return nil }
        return (burstPeakTime, burstPeak)
    }
}

/// Repetitions of dynamic exercises: regular swings of trunk pitch (flexion and back)
/// with a period of a few seconds. A repetition is counted at each flexion turning point
/// that follows a complete cycle; the series is recognised at its second repetition.
struct RepetitionCounter: Sendable {
    private var smooth = LowPass(timeConstantSeconds: 0.3)
    private var finder = TurningPointFinder(hysteresis: 6)
    private var lastMaximum: TurningPointFinder.TurningPoint?
    private var lastMinimum: TurningPointFinder.TurningPoint?
    private(set) var count = 0
    private var swingSum = 0.0
    private var exercise = ""

    mutating func reset() {
        finder.reset()
        lastMaximum = nil
        lastMinimum = nil
        count = 0
        swingSum = 0
    }

    /// Returns (count, exercise) when a repetition is counted.
    mutating func update(pitchDegrees: Double, t: Double, dt: Double,
                         settings: RepetitionSettings) -> (Int, String)? {
        finder.hysteresis = settings.minSwingDegrees
        let x = smooth.update(pitchDegrees, dt: dt)
        if let m = lastMaximum, t - m.timeSeconds > settings.maxPeriodSeconds * 1.5 {
            count = 0; swingSum = 0; lastMaximum = nil
        }
        guard let p = finder.update(x, at: t) else { return nil }
        if !p.isMaximum { lastMinimum = p; return nil }
        defer { lastMaximum = p }
        guard let previous = lastMaximum, let low = lastMinimum, low.timeSeconds > previous.timeSeconds else {
            return nil
        }
        let period = p.timeSeconds - previous.timeSeconds
        let swing = min(p.value, previous.value) - low.value
        guard period >= settings.minPeriodSeconds, period <= settings.maxPeriodSeconds,
              swing >= settings.minSwingDegrees else {
            count = 0; swingSum = 0
            return nil
        }
        let kind = swing >= settings.catCowSwingDegrees ? "cat-cow" : "pelvic-tilt"
        if count > 0 && kind != exercise {
            // A different exercise starts a new series with this repetition.
            count = 1
            exercise = kind
            return nil
        }
        count = count == 0 ? 2 : count + 1
        swingSum += swing
        exercise = kind
        return (count, kind)
    }
}

/// Breathing during a hold: the slow rise and fall of the trunk (0.1-0.5 Hz), seen on the
/// angle with its trend removed. Counts breaths and the longest time without one.
struct BreathingMonitor: Sendable {
    private var smooth = LowPass(timeConstantSeconds: 0.4)
    private var trend = LowPass(timeConstantSeconds: 6)
    private var finder = TurningPointFinder(hysteresis: 0.3)
    private var lastBreath: Double?
    private var firstBreath: Double?
    private(set) var breaths = 0
    private var startTime = 0.0
    private var warned = false

    mutating func start(at t: Double, angleDegrees: Double) {
        smooth.reset(to: angleDegrees)
        trend.reset(to: angleDegrees)
        finder.reset()
        lastBreath = nil
        firstBreath = nil
        breaths = 0
        startTime = t
        warned = false
    }

    /// Breaths per minute over the hold, or nil with fewer than two breaths.
    var ratePerMinute: Double? {
        guard breaths >= 2, let a = firstBreath, let b = lastBreath, b > a else { return nil }
        return Double(breaths - 1) / (b - a) * 60
    }

    /// Returns the seconds without a breath when the breath-held warning is due.
    mutating func update(angleDegrees: Double, t: Double, dt: Double, settings: BreathingSettings) -> Double? {
        finder.hysteresis = settings.minSwingDegrees
        let d = smooth.update(angleDegrees, dt: dt) - trend.update(angleDegrees, dt: dt)
        if let p = finder.update(d, at: t), p.isMaximum {
            // Faster than 40 per minute is not breathing (bounces, fidgets).
            if lastBreath.map({ p.timeSeconds - $0 >= 1.5 }) ?? true {
                breaths += 1
                if firstBreath == nil { firstBreath = p.timeSeconds }
                lastBreath = p.timeSeconds
                warned = false
            }
        }
        let since = t - (lastBreath ?? startTime)
        if !warned && since >= settings.heldWarningSeconds {
            warned = true
            return since
        }
        return nil
    }
}

/// Quick self-twists: rotation about the trunk's long axis, fast, out and back within a
/// few seconds. Turning to someone is slower or stays turned.
struct TwistCounter: Sendable {
    private var yaw = 0.0              // leaky integral of the twist rate, degrees
    private var baseline = LowPass(timeConstantSeconds: 2)
    private var active = false
    private var startTime = 0.0
    private var startYaw = 0.0
    private var maxExcursion = 0.0
    private(set) var countToday = 0
    private var day: Int64?

    /// Feeds the rotation rate about the trunk axis; returns the day's count on a twist.
    mutating func update(twistRate: Double, t: Double, dt: Double, settings: TwistSettings) -> Int? {
        yaw += twistRate * dt
        yaw -= yaw * smoothingWeight(dt: dt, tau: 20)
        let base = baseline.update(yaw, dt: dt)
        let today = Int64((t / 86_400).rounded(.down))  // UTC days for epoch times
        if day != today { day = today; countToday = 0 }
        if !active {
            if abs(twistRate) >= settings.peakDegreesPerSecond {
                active = true
                startTime = t
                startYaw = base
                maxExcursion = 0
            }
            return nil
        }
        let excursion = abs(yaw - startYaw)
        maxExcursion = max(maxExcursion, excursion)
        if t - startTime > settings.maxDurationSeconds {
            active = false
            return nil
        }
        if maxExcursion >= settings.minAngleDegrees && excursion <= settings.minAngleDegrees * 0.5 {
            active = false
            countToday += 1
            return countToday
        }
        return nil
    }
}

/// Twist of the trunk about its long axis, from the gyro: integrated rate minus a bias
/// learned while the trunk is still (the estimator's bias may lag), relative to a slowly
/// following neutral that freezes while a position is held.
struct YawTracker: Sendable {
    private var bias = LowPass(timeConstantSeconds: 20)
    private(set) var yawDegrees = 0.0
    private var neutral = LowPass(timeConstantSeconds: 30)

    /// Twist from neutral, degrees.
    var relativeDegrees: Double { yawDegrees - neutral.value }

    /// The wearer's current facing becomes neutral (walking turns them; a session starts facing ahead).
    mutating func resetNeutral() { neutral.reset(to: yawDegrees) }

    private var biasPrimed = false

    /// `atRest`: the tilt estimator sees the sensor at rest (the rate is all bias then);
    /// `still`: slow movement, learned from only when the rate is close to the current bias
    /// (the slow ends of a twist must not leak in).
    mutating func update(twistRate: Double, atRest: Bool, still: Bool, freezeNeutral: Bool, dt: Double) {
        if atRest || (still && (!biasPrimed || abs(twistRate - bias.value) < 2)) {
            bias.timeConstantSeconds = atRest ? 5 : 20
            bias.update(twistRate, dt: dt)
            biasPrimed = true
        }
        yawDegrees += (twistRate - bias.value) * dt
        if !freezeNeutral { neutral.update(yawDegrees, dt: dt) }
    }
}
