import PostureCore
import PostureSimulator
import Testing
@testable import PostureEvaluation

@Suite struct TimelineScoreTests {
    @Test func activityIsScoredPerSecondAwayFromChanges() {
        let labels = makeLabels(duration: 20, activities: [ActivityInterval(start: 0, end: 10, state: "sitting"),
                                                           ActivityInterval(start: 10, end: 20, state: "walking")])
        // Seconds 3-7 and 13-17 are scored (3 s margins); the walk is taken for standing at 15-17.
        let states: [(Double, ActivityState)] = (0...20).map { t in
            (Double(t), t < 10 ? .sitting : (t < 15 ? .walking : .standing))
        }
        var s = ActivityScore()
        s.add(ScenarioRun(events: [], activity: states), labels)
        #expect(s.seconds == 10)
        #expect(s.correct == 7)
        #expect(s.rows[0].value == "0.700")
    }

    @Test func postureSkipsBeforeCalibrationAfterChangesAndInDistractors() {
        let labels = makeLabels(duration: 60, calibrations: [5],
                                postures: [PostureInterval(start: 0, end: 30, state: "upright"),
                                           PostureInterval(start: 30, end: 60, state: "slouched")],
                                distractors: [Distractor(start: 45, end: 46, kind: "cough")])
        let states: [(Double, PostureState)] = (0...60).map { (Double($0), $0 < 30 ? .upright : .unknown) }
        var s = PostureScore()
        s.add(ScenarioRun(events: [], posture: states), labels)
        // Upright: 8...29 (after its start + 8 and calibration + 1); slouched: 38...43 and 55...59
        // (the cough skips 44...54).
        #expect(s.seconds == 22 + 6 + 5)
        #expect(s.correct == 22)
    }

    @Test func noLabelsNoSeconds() {
        var a = ActivityScore()
        a.add(ScenarioRun(events: [], activity: [(0, .sitting)]), makeLabels())
        #expect(a.seconds == 0)
        #expect(a.rows[0].value == "n/a")
        var p = PostureScore()
        p.add(ScenarioRun(events: [], posture: [(0, .upright)]), makeLabels())
        #expect(p.seconds == 0)
    }

    @Test func runFromEventsHoldsEachStateUntilTheNextChange() {
        let r = ScenarioRun(events: [.activity(at: 1.5, state: .sitting), .posture(at: 2, state: .upright),
                                     .activity(at: 3, state: .walking)], durationSeconds: 4)
        #expect(r.activity.map(\.0) == [0, 1, 2, 3, 4])
        #expect(r.activity.map(\.1) == [.unknown, .unknown, .sitting, .walking, .walking])
        #expect(r.posture.map(\.1) == [.unknown, .unknown, .upright, .upright, .upright])
    }
}

@Suite struct RepetitionBreathingTwistScoreTests {
    @Test func repetitionSeriesAndTheirCountError() {
        let labels = makeLabels(repetitions: [10, 14, 18, 22].map { RepetitionLabel(t: $0, exercise: "cat-cow") }
                                    + [100, 104].map { RepetitionLabel(t: $0, exercise: "pelvic-tilt") })
        #expect(RepetitionScore.series(labels).map(\.count) == [4, 2])
        var s = RepetitionScore()
        s.add(run([event(14, .repetition(count: 2, exercise: "cat-cow")), event(18, .repetition(count: 3, exercise: "cat-cow")),
                   event(104, .repetition(count: 2, exercise: "pelvic-tilt"))]), labels)
        #expect(s.series == 2)
        #expect(s.countError == [1, 0])
        #expect(s.rows[0].value == "0.5 / 1 (2 series)")
    }

    @Test func breathingRateInMatchedHoldsAndHeldBreathWarnings() {
        let labels = makeLabels(holds: [HoldLabel(start: 100, end: 130, pitchDegrees: 30, rollDegrees: 0, stretch: "forward-fold",
                                                  style: "smooth")],
                                breathing: [BreathingLabel(start: 0, end: 100, ratePerMinute: 15),
                                            BreathingLabel(start: 100, end: 130, ratePerMinute: 8),
                                            BreathingLabel(start: 130, end: 150, ratePerMinute: 0),
                                            BreathingLabel(start: 150, end: 155, ratePerMinute: 0)])
        var s = BreathingScore()
        s.add(run([holdEnd(start: 100, duration: 30, targetMet: true, breaths: 9.5), event(146, .breathHeld(heldSeconds: 15)),
                   event(300, .breathHeld(heldSeconds: 15))]), labels, defaults)
        #expect(s.rateError == [1.5])
        #expect(s.heldExpected == 1 && s.heldFound == 1)  // the 5 s span is shorter than held_warning_s
        #expect(s.heldEvents == 2 && s.heldEventsMatched == 1)
    }

    @Test func breathingWithoutARateIsNotScored() {
        let labels = makeLabels(holds: [HoldLabel(start: 100, end: 130, pitchDegrees: 30, rollDegrees: 0, stretch: "forward-fold",
                                                  style: "smooth")],
                                breathing: [BreathingLabel(start: 100, end: 130, ratePerMinute: 8)])
        var s = BreathingScore()
        s.add(run([holdEnd(start: 100, duration: 30, targetMet: true)]), labels, defaults)
        #expect(s.rateError.isEmpty)
    }

    @Test func twistsFoundAndMissed() {
        var s = TwistScore()
        var failures: [String] = []
        s.add(run([event(51, .twist(countToday: 1)), event(300, .twist(countToday: 2))]), makeLabels(twists: [50, 80]),
              failures: &failures)
        #expect(s.labelled == 2 && s.found == 1 && s.events == 2)
        #expect(failures == ["test seed 7: missed twist at 80.0 s"])
    }
}

@Suite struct ScoreReportTests {
    @Test func textHasAlignedRowsAndVerdicts() {
        let report = ScoreReport(title: "t", scenarios: 2, simulatedSeconds: 5400, rows: [
            ScoreRow(name: "a", value: "1", target: ">= 1", verdict: .met),
            ScoreRow(name: "long name", value: "2.5", target: "", verdict: .info),
            ScoreRow(name: "c", value: "n/a (0/0)", target: ">= 0.95", verdict: .notApplicable),
        ])
        #expect(report.allTargetsMet)
        let lines = [
            "posture score: t, 2 scenarios, 1.5 h simulated",
            "a          1          >= 1        ok",
            "long name  2.5" + String(repeating: " ", count: 6 + 2 + 10),
            "c          n/a (0/0)  >= 0.95     n/a",
            "all targets met",
        ]
        #expect(report.text == lines.joined(separator: "\n") + "\n")
        var missed = report
        missed.rows.append(ScoreRow(name: "d", value: "0", target: "0", verdict: .missed))
        #expect(!missed.allTargetsMet)
        #expect(missed.text.hasSuffix("  MISSED\nsome targets missed: d\n"))
    }

    @Test func ratiosGateAtTheirTarget() {
        #expect(ScoreRow.ratio("r", 19, of: 20, atLeast: 0.95).verdict == .met)
        #expect(ScoreRow.ratio("r", 18, of: 20, atLeast: 0.95).verdict == .missed)
        #expect(ScoreRow.ratio("r", 18, of: 20, atLeast: 0.95).value == "0.900 (18/20)")
        #expect(ScoreRow.ratio("r", 0, of: 0, atLeast: 0.95).verdict == .notApplicable)
    }

    @Test func rowsComeInTheirOrder() {
        var tally = ScoreTally()
        tally.add(run([]), labels: makeLabels(), settings: defaults)
        let names = tally.report(title: "x").rows.map(\.name)
        // 30, the recalibration-cue row, and one per exercise of the guides' table (11).
        #expect(names.count == 42)
        #expect(names.filter { $0.hasSuffix(": right/unknown/wrong") }.count == 11)
        #expect(names.first == "slouch-alert precision")
        #expect(names.last == "recalibration cues on days without a shift")
        #expect(tally.report(title: "x").row(named: "recalibration cues on days without a shift")?.verdict == .met)
        #expect(tally.scenarios == 1 && tally.simulatedSeconds == 600)
    }
}
