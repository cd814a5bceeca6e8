import PostureCore

/// A jerk: a sudden snap, far faster than the hold's own motion, lasting a fraction of a second
/// (issue 10). The angular speed is cut into strokes (spans above `strokeDegreesPerSecond`). A
/// stroke is sudden when it reaches `peakDegreesPerSecond`, or when it is narrow (its time above
/// about half its peak is at most `shortStrokeSeconds`), reaches `shortPeakDegreesPerSecond` and
/// stands `ownMotionRatio` times above the hold's own motion (the decaying envelope of the speed
/// before it: breathing, settling, a slow approach). A smooth entry or exit of any pace is wide;
/// a settling adjustment is wide and slow. A jerk is a burst of one or two narrow strokes (a snap
/// out and back) with a sudden one, followed by `quietSeconds` without another; bouncing makes a
/// rhythm of three or more (reported as bouncing).
struct JerkDetector: Sendable {
    /// The widths are measured at speeds 8·√2^k deg/s above the stroke threshold (a ladder, so
    /// no samples are kept): the width at the highest rung at or below half the peak.
    private static let rungs = 14
    private var rungSeconds = [Double](repeating: 0, count: JerkDetector.rungs)
    private var ownMotion = 0.0
    private var inStroke = false
    private var strokePeak = 0.0
    private var strokePeakTime = 0.0
    private var strokeOwnMotion = 0.0
    private var burstStrokes = 0
    private var burstSuddenStrokes = 0
    private var burstPeak = 0.0
    private var burstPeakTime = 0.0
    private var lastStrokeEnd = -1e9

    mutating func reset() {
        ownMotion = 0
        inStroke = false
        burstStrokes = 0
        burstSuddenStrokes = 0
        burstPeak = 0
    }

    /// True while a stroke or a burst of strokes is still being judged.
    var isJudging: Bool { inStroke || burstStrokes > 0 }

    /// Returns (time of peak, peak speed) when a jerk's burst is over: `quietSeconds` after its
    /// last sudden stroke, whatever wide movement follows (a smooth exit after a snap).
    mutating func update(speedDegreesPerSecond w: Double, t: Double, dt: Double, settings: JerkSettings) -> (Double, Double)? {
        if inStroke {
            if w > strokePeak { strokePeak = w; strokePeakTime = t }
            addToRungs(w, dt: dt, settings: settings)
            // A stroke ends below the threshold or a third of its peak: a snap's return (out and
            // back without a pause) is a stroke of its own, so the width is one movement's.
            if w < max(settings.strokeDegreesPerSecond, strokePeak / 3) { endStroke(t: t, settings: settings) }
        } else {
            // The hold's own motion: a peak envelope of the speed that decays over `ownMotionSeconds`.
            // (The stroke itself is not part of it.)
            ownMotion *= max(0, 1 - dt / settings.ownMotionSeconds)
            if w < settings.strokeDegreesPerSecond {
                ownMotion = max(ownMotion, w)
            } else {
                inStroke = true
                strokePeak = w
                strokePeakTime = t
                strokeOwnMotion = ownMotion
                for k in rungSeconds.indices { rungSeconds[k] = 0 }
                addToRungs(w, dt: dt, settings: settings)
            }
        }
        guard burstStrokes > 0, t - lastStrokeEnd >= settings.quietSeconds else { return nil }
        defer { burstStrokes = 0; burstSuddenStrokes = 0; burstPeak = 0 }
        guard burstSuddenStrokes > 0, burstStrokes <= 2 else { return nil }
        return (burstPeakTime, burstPeak)
    }

    private mutating func addToRungs(_ w: Double, dt: Double, settings: JerkSettings) {
        var level = settings.strokeDegreesPerSecond
        for k in 0..<Self.rungs {
            guard w >= level else { return }
            rungSeconds[k] += dt
            level *= 2.0.squareRoot()
        }
    }

    private mutating func endStroke(t: Double, settings: JerkSettings) {
        inStroke = false
        // Width at the highest rung at or below half the peak (the whole stroke when the peak is low).
        var k = 0, level = settings.strokeDegreesPerSecond * 2.0.squareRoot()
        while k + 1 < Self.rungs && level <= strokePeak / 2 { k += 1; level *= 2.0.squareRoot() }
        let width = rungSeconds[k]
        // Narrow, brisk strokes make (or extend) a burst: three or more in a row are a rhythm
        // (bouncing), even when only the first stood out from the motion before it.
        let narrow = strokePeak >= settings.shortPeakDegreesPerSecond && width <= settings.shortStrokeSeconds
        let fast = strokePeak >= settings.peakDegreesPerSecond
        if narrow || fast {
            burstStrokes += 1
            lastStrokeEnd = t
        }
        if fast || (narrow && strokePeak >= settings.ownMotionRatio * strokeOwnMotion) {
            burstSuddenStrokes += 1
            if strokePeak > burstPeak { burstPeak = strokePeak; burstPeakTime = strokePeakTime }
        }
        ownMotion = max(ownMotion, strokePeak)
    }
}
