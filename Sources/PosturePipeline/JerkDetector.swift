import PostureCore

/// A jerk: a sudden, fast movement. The angular speed is cut into strokes (spans above
/// `strokeDegreesPerSecond`); a stroke is sudden when it reaches `peakDegreesPerSecond`, or
/// when it is short (≤ `shortStrokeSeconds`) and reaches `shortPeakDegreesPerSecond`. A jerk is
/// a burst of one or two strokes with a sudden one, followed by quiet. A smooth entry makes one
/// slow stroke; bouncing makes a rhythm of three or more strokes (reported as bouncing instead).
/// A stroke is sudden too when the speed leaps far above its own recent level (a snap at the
/// end of a slow approach, or in a hold): the speed minus its short low-pass reaches
/// `suddenDegreesPerSecond` (issue 10). Smooth movements of any human pace stay far below.
struct JerkDetector: Sendable {
    private var recentSpeed = LowPass(timeConstantSeconds: 0.05)
    private var strokeLeap = 0.0
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
        recentSpeed.clear()
        inStroke = false
        burstStrokes = 0
        burstFastStrokes = 0
        burstPeak = 0
    }

    /// True while a stroke or a burst of strokes is still being judged.
    var isJudging: Bool { inStroke || burstStrokes > 0 }

    /// Returns (time of peak, peak speed) when a jerk's burst is over.
    mutating func update(speedDegreesPerSecond w: Double, t: Double, dt: Double, settings: JerkSettings) -> (Double, Double)? {
        recentSpeed.timeConstantSeconds = settings.suddenSmoothingSeconds
        let leap = w - recentSpeed.value
        recentSpeed.update(w, dt: dt)
        if inStroke {
            if w > strokePeak { strokePeak = w; strokePeakTime = t }
            strokeLeap = max(strokeLeap, leap)
            if w < settings.strokeDegreesPerSecond {
                inStroke = false
                lastStrokeEnd = t
                burstStrokes += 1
                let short = t - strokeStart <= settings.shortStrokeSeconds
                if strokePeak >= settings.peakDegreesPerSecond || (short && strokePeak >= settings.shortPeakDegreesPerSecond)
                    || strokeLeap >= settings.suddenDegreesPerSecond {
                    burstFastStrokes += 1
                    if strokePeak > burstPeak { burstPeak = strokePeak; burstPeakTime = strokePeakTime }
                }
            }
            return nil
        }
        if w >= settings.strokeDegreesPerSecond {
            inStroke = true
            strokeStart = t
            strokePeak = w
            strokePeakTime = t
            strokeLeap = max(0, leap)
            return nil
        }
        guard burstStrokes > 0, t - lastStrokeEnd >= settings.quietSeconds else { return nil }
        defer { burstStrokes = 0; burstFastStrokes = 0; burstPeak = 0 }
        guard burstFastStrokes > 0, burstStrokes <= 2 else { return nil }
        return (burstPeakTime, burstPeak)
    }
}
