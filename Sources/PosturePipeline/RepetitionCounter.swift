import PostureCore

/// Repetitions of dynamic exercises: regular swings of trunk pitch (flexion and back)
/// with a period of a few seconds. A repetition is counted at each flexion turning point
/// that follows a complete cycle; the series is recognised at its second repetition.
struct RepetitionCounter: Sendable {
    // Time constant and hysteresis come from the settings at each update.
    private var smooth = LowPass(timeConstantSeconds: 0)
    private var finder = TurningPointFinder(hysteresis: 0)
    private var lastMaximum: TurningPointFinder.TurningPoint?
    private var lastMinimum: TurningPointFinder.TurningPoint?
    private(set) var count = 0
    private var swingSum = 0.0
    private var exercise = ""
    /// The kind of a series of large swings (cat-cow size); the session names the exercise.
    static let largeSwing = "large"

    mutating func reset() {
        finder.reset()
        lastMaximum = nil
        lastMinimum = nil
        count = 0
        swingSum = 0
    }

    /// Returns (count, swing kind) when a repetition is counted.
    mutating func update(pitchDegrees: Double, t: Double, dt: Double,
                         settings: RepetitionSettings) -> (Int, String)? {
        finder.hysteresis = settings.minSwingDegrees
        smooth.timeConstantSeconds = settings.smoothingSeconds
        let x = smooth.update(pitchDegrees, dt: dt)
        if let m = lastMaximum, t - m.timeSeconds > settings.maxPeriodSeconds * settings.seriesEndPeriods {
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
        let kind = swing >= settings.catCowSwingDegrees ? Self.largeSwing : "small"
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
