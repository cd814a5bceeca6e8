import PostureCore

/// Bouncing: swings of the trunk angle around its smoothed position at `minHz`-`maxHz` and
/// `minAmplitudeDegrees` or more. Breathing (slower, smaller), fidgets (irregular, single) and a smooth
/// hold (no swings) do not make `minSwings` regular swings in a row.
struct BounceDetector: Sendable {
    struct Report: Sendable {
        var frequencyHz: Double
        var amplitudeDegrees: Double
    }
    // Time constants and hysteresis come from the settings at each update.
    private var fast = LowPass(timeConstantSeconds: 0)
    private var trend = CascadeLowPass(timeConstantSeconds: 0)
    private var finder = TurningPointFinder(hysteresis: 0)
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
        fast.timeConstantSeconds = settings.smoothingSeconds
        trend.timeConstantSeconds = settings.trendSeconds
        let x = fast.update(angleDegrees, dt: dt)
        let d = x - trend.update(angleDegrees, dt: dt)
        finder.hysteresis = 2 * settings.minAmplitudeDegrees * settings.swingFraction
        let maxHalf = 0.5 / settings.minHz
        let minHalf = 0.5 / settings.maxHz
        if let last = lastPoint, inEpisode || swings > 0, t - last.timeSeconds > settings.rhythmGapHalfPeriods * maxHalf {
            // The rhythm stopped.
            swings = 0; swingTimeSum = 0; swingSizeSum = 0
            inEpisode = false
        }
        guard let p = finder.update(d, at: t) else { return nil }
        defer { lastPoint = p }
        guard let last = lastPoint else { return nil }
        let half = p.timeSeconds - last.timeSeconds
        let size = abs(p.value - last.value)
        guard half >= minHalf, half <= maxHalf, size >= 2 * settings.minAmplitudeDegrees * settings.swingFraction else {
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
