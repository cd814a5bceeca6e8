import Foundation
import Testing
@testable import PosturePipeline
import PostureCore

/// The waist's transition rules on synthetic bursts (the HAPT test checks them on real people).
@Suite struct WaistTransitionTests {
    /// A still second, a 1.6 s burst whose acceleration magnitude follows `push` (g above 1 g,
    /// as a function of the burst's phase 0...1) while the pitch moves from `pitchBefore` to
    /// `pitchAfter`, then 2 s still. Returns the decisions.
    func decisions(push: (Double) -> Double, pitchBefore: Double, pitchAfter: Double, rateHz: Double = 50,
                   jitter: Bool = false, walkingDuringBurst: Bool = false) -> [ActivityState] {
        var detector = WaistTransitionDetector()
        let settings = WaistActivitySettings()
        var out: [ActivityState] = []
        var t = 0.0
        var last = 0.0
        var i = 0
        while t < 4.6 {
            let phase = (t - 1) / 1.6
            let moving = phase >= 0 && phase <= 1
            let g = 1.02 + (moving ? push(phase) : 0)  // 1.02: an accelerometer scale error
            let pitch = phase < 0 ? pitchBefore : phase > 1 ? pitchAfter : pitchBefore + (pitchAfter - pitchBefore) * phase
            let speed = moving ? 40.0 : 1.0
            if moving && walkingDuringBurst { detector.noteWalking(dt: t - last) }
            if let d = detector.update(accelMagnitudeG: g, speedDegreesPerSecond: speed, pitchDegrees: pitch,
                                       t: t, dt: t - last, settings: settings) {
                out.append(d)
            }
            last = t
            i += 1
            // Irregular: intervals of 0.6 to 1.4 nominal periods.
            t += (jitter ? 0.6 + 0.8 * Double((i * 7919) % 11) / 10 : 1) / rateHz
        }
        return out
    }

    static func standUp(_ p: Double) -> Double { 0.3 * sin(2 * .pi * p) }   // push first, then the drop
    static func sitDown(_ p: Double) -> Double { -0.3 * sin(2 * .pi * p) }  // drop first, then landing

    @Test(arguments: [25.0, 50, 200])
    func standingUpAndSittingDownAtAnyRate(rateHz: Double) {
        #expect(decisions(push: Self.standUp, pitchBefore: -20, pitchAfter: 0, rateHz: rateHz) == [.standing])
        #expect(decisions(push: Self.sitDown, pitchBefore: 0, pitchAfter: -20, rateHz: rateHz) == [.sitting])
        #expect(decisions(push: Self.standUp, pitchBefore: -20, pitchAfter: 0, rateHz: rateHz, jitter: true) == [.standing])
        #expect(decisions(push: Self.sitDown, pitchBefore: 0, pitchAfter: -20, rateHz: rateHz, jitter: true) == [.sitting])
    }

    @Test func theOrderAloneDecidesWhenThePitchStays() {
        #expect(decisions(push: Self.standUp, pitchBefore: -2, pitchAfter: -2) == [.standing])
        #expect(decisions(push: Self.sitDown, pitchBefore: -2, pitchAfter: -2) == [.sitting])
    }

    @Test func aClearlyReclinedSeatOutweighsTheOrder() {
        // Pushing up first but ending rolled back 30° on a seat: seated.
        #expect(decisions(push: Self.standUp, pitchBefore: 0, pitchAfter: -30) == [.sitting])
    }

    @Test func fidgetsAndOneSidedMovesDecideNothing() {
        #expect(decisions(push: { 0.05 * sin(2 * .pi * $0) }, pitchBefore: 0, pitchAfter: 0).isEmpty)
        #expect(decisions(push: { 0.3 * sin(.pi * $0) }, pitchBefore: 0, pitchAfter: 0).isEmpty)  // no dip
    }

    /// Steps inside a drop-first burst (a pause in walking, a shuffle after standing up) without
    /// the pelvis rolling back on a seat: no sitting. A real sit-down among false steps still is.
    @Test func aDropAmongStepsIsSittingOnlyWithTheRollBack() {
        #expect(decisions(push: Self.sitDown, pitchBefore: 0, pitchAfter: -2, walkingDuringBurst: true).isEmpty)
        #expect(decisions(push: Self.sitDown, pitchBefore: 0, pitchAfter: -2) == [.sitting])
        #expect(decisions(push: Self.sitDown, pitchBefore: 0, pitchAfter: -11, walkingDuringBurst: true) == [.sitting])
        #expect(decisions(push: Self.standUp, pitchBefore: 0, pitchAfter: 0, walkingDuringBurst: true) == [.standing])
    }
}
