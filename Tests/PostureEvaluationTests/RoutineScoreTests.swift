import PostureCoaching
import PostureCore
import PostureEvaluation
import PosturePipeline
import PostureSimulator
import Testing

/// Routine summaries against the labelled truth, step by step.
@Suite struct RoutineScoreTests {
    static func truth() -> [RoutineStepResult] {
        var steps = RoutineDefinition.basicDaily.steps.map(RoutineStepResult.init(step:))
        steps[0].outcome = .done
        steps[0].holds = [RoutineHold(seconds: 30, side: "none", targetMet: false), RoutineHold(seconds: 65, side: "none", targetMet: true)]
        steps[1].outcome = .done
        steps[1].repetitions = 15
        steps[2].outcome = .skipped
        steps[3].outcome = .done
        steps[3].holds = [("right", 24.0), ("right", 26), ("left", 23), ("left", 25)].map { RoutineHold(seconds: $0.1, side: $0.0, targetMet: true) }
        steps[3].bounces = 1
        steps[3].jerks = 2
        steps[4].outcome = .done
        steps[4].repetitions = 10
        return steps
    }

    static func labels() -> ScenarioLabels {
        var l = makeLabels(duration: 800)
        l.routine = RoutineLabel(name: "daily", startSeconds: 60, skipSeconds: [300], steps: truth(), stepEnds: [150, 250, 300, 500, 700])
        return l
    }

    static func replay(_ steps: [RoutineStepResult], stopped: Bool = false) -> RoutineReplay {
        RoutineReplay(cues: steps.indices.map { (time: 60 + Double($0) * 100, cue: RoutineCue.step(index: $0, side: nil)) },
                      summary: RoutineSummary(name: "daily", durationSeconds: 640, stopped: stopped, currentStep: nil,
                                              currentSide: nil, steps: steps))
    }

    @Test func aSummaryEqualToTheTruthMeetsEveryTarget() {
        var score = RoutineScore()
        // Hold times differ from the labels' (the sensor's own timing); one repetition more is within 1.
        var seen = Self.truth()
        seen[3].holds = seen[3].holds.map { RoutineHold(seconds: $0.seconds - 2, side: $0.side, targetMet: true) }
        seen[4].repetitions = 11
        score.add(Self.replay(seen), labels: Self.labels())
        #expect(score.failures.isEmpty, "\(score.failures)")
        #expect(score.fullyRight == 1 && score.steps == 5 && score.stepsRight == 5)
        #expect(score.holdSteps == 2 && score.sidedSteps == 1 && score.repetitionSteps == 2)
        let report = score.report(title: "t")
        #expect(report.allTargetsMet && !report.rows.isEmpty)
        #expect(report.rows.allSatisfy { $0.verdict != .missed })
    }

    @Test func eachWrongFieldIsAMiss() {
        var seen = Self.truth()
        seen[0].holds[1].targetMet = false      // child's pose not on target
        seen[3].holds[0].side = "left"          // a side wrong
        seen[1].repetitions = 13                // two repetitions missed
        seen[3].jerks = 1
        seen[4].outcome = .timedOut
        var score = RoutineScore()
        score.add(Self.replay(seen), labels: Self.labels())
        #expect(score.fullyRight == 0)
        #expect(score.failures.count == 5, "\(score.failures)")
        #expect(score.failures.contains { $0.contains("step 4 seated_twist: sides left 3 right 1, should be 2 and 2") })
        #expect(score.failures.contains { $0.contains("step 5 pelvic_tilt: timed_out, should be done") })
        let report = score.report(title: "t")
        #expect(!report.allTargetsMet)
        #expect(report.row(named: "routine steps advanced correctly (done/skipped)")?.value == "0.800 (4/5)")
        #expect(report.row(named: "routine two-sided steps: sides right")?.verdict == .missed)
    }

    @Test func aRoutineStillRunningAtTheEndIsAMiss() {
        var score = RoutineScore()
        score.add(Self.replay(Self.truth(), stopped: true), labels: Self.labels())
        #expect(score.finished == 0 && score.failures.first?.contains("had not ended") == true)
        score.add(RoutineReplay(), labels: Self.labels())
        #expect(score.routines == 2 && score.failures.last?.contains("never started") == true)
    }
}
