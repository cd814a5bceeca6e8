import PostureCore

/// Breathing during a hold: the slow rise and fall of the trunk (0.1-0.5 Hz), seen on the
/// angle with its trend removed. Counts breaths and the longest time without one.
struct BreathingMonitor: Sendable {
    // Time constants and hysteresis come from the settings at each update.
    private var smooth = LowPass(timeConstantSeconds: 0)
    private var trend = LowPass(timeConstantSeconds: 0)
    private var finder = TurningPointFinder(hysteresis: 0)
    private var lastBreath: Double?
    private var firstBreath: Double?
    private(set) var breaths = 0
    /// Slow, deep breaths (the 3-breath rule): a large swing, well apart from the previous breath.
    private(set) var deepBreaths = 0
    private var lastLow: Double?
    private var startTime = 0.0
    private var warned = false

    mutating func start(at t: Double, angleDegrees: Double) {
        smooth.reset(to: angleDegrees)
        trend.reset(to: angleDegrees)
        finder.reset()
        lastBreath = nil
        firstBreath = nil
        breaths = 0
        deepBreaths = 0
        lastLow = nil
        startTime = t
        warned = false
    }

    /// Breaths per minute over the hold, or nil with fewer than two breaths.
    var ratePerMinute: Double? {
        guard breaths >= 2, let a = firstBreath, let b = lastBreath, b > a else { return nil }
        return Double(breaths - 1) / (b - a) * 60
    }

    /// Returns the seconds without a breath when the breath-held warning is due.
    /// `deep`: what makes a breath deep.
    mutating func update(angleDegrees: Double, t: Double, dt: Double, settings: BreathingSettings,
                         deep: ExerciseSettings = ExerciseSettings()) -> Double? {
        finder.hysteresis = settings.minSwingDegrees
        smooth.timeConstantSeconds = settings.smoothingSeconds
        trend.timeConstantSeconds = settings.trendSeconds
        let d = smooth.update(angleDegrees, dt: dt) - trend.update(angleDegrees, dt: dt)
        if let p = finder.update(d, at: t) {
            if !p.isMaximum {
                lastLow = p.value
            } else if lastBreath.map({ p.timeSeconds - $0 >= settings.minIntervalSeconds }) ?? true {
                if let low = lastLow, p.value - low >= deep.deepBreathSwingDegrees,
                   p.timeSeconds - (lastBreath ?? startTime) >= deep.deepBreathMinIntervalSeconds {
                    deepBreaths += 1
                }
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
