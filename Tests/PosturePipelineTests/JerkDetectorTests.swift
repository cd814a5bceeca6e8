import Foundation
import Testing
@testable import PosturePipeline

/// Jerks judged relative to the hold's own motion (issue 10): narrow snaps far above it are
/// jerks, wide or slow movements are not, a rhythm of snaps is bouncing.
@Suite struct JerkDetectorTests {
    /// Feeds `speed(t)` at `rateHz` for `seconds`; returns the jerks' peak times.
    func jerks(rateHz: Double = 100, seconds: Double = 8, _ speed: (Double) -> Double) -> [Double] {
        var d = JerkDetector()
        let settings = JerkSettings()
        var found: [Double] = []
        let dt = 1 / rateHz
        var t = 0.0
        while t < seconds {
            // Breathing and noise: the hold's own motion, a couple of deg/s.
            let w = speed(t) + 2 + sin(t * 1.3)
            if let (peakTime, _) = d.update(speedDegreesPerSecond: w, t: t, dt: dt, settings: settings) { found.append(peakTime) }
            t += dt
        }
        return found
    }

    /// Speed of a minimum-jerk move of `degrees` over `seconds` starting at `start`.
    func move(_ t: Double, start: Double, degrees: Double, seconds: Double) -> Double {
        let s = (t - start) / seconds
        return s > 0 && s < 1 ? degrees / seconds * 30 * s * s * (1 - s) * (1 - s) : 0
    }

    @Test func smallSnapInAQuietHoldIsAJerk() {
        // 5° in 0.25 s: a peak of only 37 deg/s, yet far above breathing and narrow.
        let found = jerks { move($0, start: 3, degrees: 5, seconds: 0.25) }
        #expect(found.count == 1)
        #expect(found.allSatisfy { $0 > 3 && $0 < 3.25 })
    }

    @Test func snapOutAndBackWithoutAPauseIsOneJerk() {
        // Out and back in 0.2 s each, the speed never dropping below the stroke threshold at the turn.
        let found = jerks(rateHz: 50) { t in
            max(move(t, start: 3, degrees: 8, seconds: 0.2), move(t, start: 3.17, degrees: 8, seconds: 0.2))
        }
        #expect(found.count == 1)
    }

    @Test func unhurriedSettlingIsNotAJerk() {
        // 4° out and back over 1.2 s: peaks near 12 deg/s, each half 0.6 s wide.
        let found = jerks { move($0, start: 2, degrees: 4, seconds: 0.6) + move($0, start: 2.6, degrees: 4, seconds: 0.6) }
        #expect(found.isEmpty)
    }

    @Test func smoothExitAfterASnapKeepsTheJerkAndItsTime() {
        // A snap out of the hold, then a 60° smooth return at 60 deg/s: the jerk is not held up by it.
        let found = jerks { move($0, start: 3, degrees: 8, seconds: 0.12) + move($0, start: 3.3, degrees: 60, seconds: 1.875) }
        #expect(found.count == 1)
        #expect(found.allSatisfy { $0 < 3.15 })
    }

    @Test func rhythmOfNarrowStrokesIsBouncingNotAJerk() {
        // 2.5 Hz bounce, 5° amplitude: narrow strokes every 0.2 s.
        let peak = 2 * Double.pi * 2.5 * 5
        let found = jerks { (t: Double) -> Double in
            guard t > 2 && t < 6 else { return 0 }
            let phase: Double = 2 * Double.pi * 2.5 * (t - 2)
            return abs(peak * cos(phase))
        }
        #expect(found.isEmpty)
    }
}
