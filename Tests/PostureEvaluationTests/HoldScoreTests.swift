import PostureCore
import PostureSimulator
import Testing
@testable import PostureEvaluation

/// Defaults: the hold target is 20 s.
@Suite struct HoldScoreTests {
    func hold(_ start: Double, _ end: Double, style: String = "smooth", bounces: Int = 0, jerks: Int = 0) -> HoldLabel {
        HoldLabel(start: start, end: end, pitchDegrees: -20, rollDegrees: 0, stretch: "back-extension", style: style,
                  bounces: bounces, jerks: jerks)
    }

    func score(_ labels: ScenarioLabels, _ events: [PostureEvent]) -> (HoldScore, [String]) {
        var s = HoldScore()
        var failures: [String] = []
        s.add(run(events), labels, defaults, failures: &failures)
        return (s, failures)
    }

    @Test func matchedHoldGivesItsErrorsAndTarget() {
        let labels = makeLabels(holds: [hold(100, 125), hold(200, 210)])
        let (s, failures) = score(labels, [holdEnd(start: 100.5, duration: 25, targetMet: true),
                                           holdEnd(start: 201, duration: 8, targetMet: true)])
        #expect(failures.isEmpty)
        #expect(s.expected == 2 && s.matched == 2 && s.falseHolds == 0)
        #expect(s.durationErrorSeconds == [0, -2])
        #expect(s.startErrorSeconds == [0.5, 1])
        #expect(s.endErrorSeconds == [0.5, -1])
        // 25 s >= 20 s: met, right; 10 s < 20 s but reported met: wrong.
        #expect(s.targetScored == 2 && s.targetCorrect == 1)
        #expect(s.rows[1].verdict == .met)  // median |error| 1.0 <= 1
        #expect(s.rows[3].value == "0.500 (1/2)")
    }

    @Test func holdNearTheTargetIsNotScoredForIt() {
        let (s, _) = score(makeLabels(holds: [hold(100, 120.5)]), [holdEnd(start: 100, duration: 19.5, targetMet: false)])
        #expect(s.matched == 1 && s.targetScored == 0)
    }

    @Test func smallOverlapIsAMissAndADetectionOutsideIsFalse() {
        let labels = makeLabels(holds: [hold(100, 130)])
        let (s, failures) = score(labels, [holdEnd(start: 120, duration: 20, targetMet: true),
                                           holdEnd(start: 300, duration: 20, targetMet: true)])
        #expect(s.matched == 0)
        #expect(failures == ["test seed 7: missed hold back-extension 100.0-130.0 s"])
        #expect(s.falseHolds == 1)  // the one at 300 s; the one at 120 s overlaps the label
        #expect(s.rows[1].verdict == .missed)  // holds labelled, none found: a miss
    }

    @Test func largeDurationErrorMissesTheTarget() {
        let (s, _) = score(makeLabels(holds: [hold(100, 130)]), [holdEnd(start: 100, duration: 27, targetMet: true)])
        #expect(s.rows[1].verdict == .missed)
        #expect(s.rows[1].value == "3.00 / 3.0 s")
    }

    /// The empty-set bug: a scenario without holds has nothing to measure, so its hold target
    /// is n/a, not MISSED, and does not fail the score.
    @Test func noHoldsIsNotApplicable() {
        let (s, failures) = score(makeLabels(), [])
        #expect(failures.isEmpty)
        #expect(s.rows[1].verdict == .notApplicable)
        #expect(s.rows[1].value == "n/a (no holds)")
        var tally = ScoreTally()
        tally.add(run([]), labels: makeLabels(), settings: defaults)
        let report = tally.report(title: "empty")
        #expect(report.allTargetsMet)
        #expect(!report.text.contains("MISSED"))
        #expect(report.row(named: "hold |duration error| median/max")?.verdict == .notApplicable)
    }

    @Test func matchingPicksTheLargestOverlap() {
        let detected = [DetectedHold(start: 95, end: 105, targetMet: false), DetectedHold(start: 101, end: 130, targetMet: true)]
        #expect(HoldMatching.match(hold(100, 130), in: detected) == 1)
        #expect(HoldMatching.match(hold(200, 230), in: detected) == nil)
        #expect(HoldMatching.match(hold(100, 130), in: []) == nil)
        let fromEvents = HoldMatching.detectedHolds(in: [holdEnd(start: 10, duration: 5, targetMet: false, breaths: 6),
                                                         .posture(at: 1, state: .upright)])
        #expect(fromEvents == [DetectedHold(start: 10, end: 15, targetMet: false, breathsPerMinute: 6)])
    }
}

@Suite struct HoldMovementScoreTests {
    func hold(_ start: Double, _ end: Double, style: String, bounces: Int = 0, jerks: Int = 0) -> HoldLabel {
        HoldLabel(start: start, end: end, pitchDegrees: 30, rollDegrees: 0, stretch: "forward-fold", style: style,
                  bounces: bounces, jerks: jerks)
    }

    func score(_ labels: ScenarioLabels, _ events: [PostureEvent]) -> (HoldMovementScore, [String]) {
        var s = HoldMovementScore()
        var failures: [String] = []
        s.add(run(events), labels, failures: &failures)
        return (s, failures)
    }

    let bounce = EventPayload.bounce(frequencyHz: 1, amplitudeDegrees: 5, axis: .pitch)
    let jerk = EventPayload.jerk(peakDegreesPerSecond: 200)

    @Test func bouncingAndJerkyHoldsFoundAndSmoothOnesClean() {
        let labels = makeLabels(holds: [hold(100, 120, style: "bouncing", bounces: 3), hold(200, 220, style: "jerky", jerks: 1),
                                        hold(300, 320, style: "smooth")],
                                jerks: [JerkLabel(t: 219, peakDegreesPerSecond: 250)])
        let (s, failures) = score(labels, [event(110, bounce), event(220, jerk)])
        #expect(failures.isEmpty)
        #expect(s.bounceScored == 3 && s.bounceCorrect == 3)
        #expect(s.jerkScored == 3 && s.jerkCorrect == 3)
        #expect(s.smoothHolds == 1 && s.smoothHoldsFlagged == 0)
        #expect(s.jerkLabels == 1 && s.jerkLabelsFound == 1 && s.jerkEvents == 1 && s.jerkEventsMatched == 1)
        #expect(s.rows.prefix(3).map(\.verdict) == [.met, .met, .met])
    }

    @Test func flaggedSmoothHoldAndMissedBounceFail() {
        let labels = makeLabels(holds: [hold(100, 120, style: "bouncing", bounces: 3), hold(300, 320, style: "smooth")])
        let (s, failures) = score(labels, [event(310, jerk)])
        #expect(s.bounceCorrect == 1)  // the smooth hold is right about bounces
        #expect(s.jerkCorrect == 1)  // the bouncing hold is right about jerks
        #expect(s.smoothHoldsFlagged == 1)
        #expect(failures == ["test seed 7: hold forward-fold bouncing 100.0 s: bounce missed",
                             "test seed 7: hold forward-fold smooth 300.0 s: jerk reported",
                             "test seed 7: smooth hold forward-fold 300.0 s flagged"])
        #expect(s.rows.prefix(3).map(\.verdict) == [.missed, .missed, .missed])
    }

    @Test func oneBounceCycleIsNotScored() {
        let (s, _) = score(makeLabels(holds: [hold(100, 120, style: "bouncing", bounces: 1)]), [])
        #expect(s.bounceScored == 0 && s.jerkScored == 1)
    }

    @Test func noHoldsIsNotApplicable() {
        let (s, _) = score(makeLabels(), [event(5, jerk)])
        #expect(s.rows.prefix(3).map(\.verdict) == [.notApplicable, .notApplicable, .notApplicable])
        #expect(s.jerkEvents == 1 && s.jerkEventsMatched == 0)
    }
}
