import PostureCoaching
import PostureConfig
import PostureControl
import PostureCore
import PostureEvaluation
import PostureSimulator
import Testing
@testable import PostureDaemon

/// Issue 13's "done means": a simulated wearer does the routine as the daemon cues it. The
/// daemon (mock bus fed by the simulated trace, mock GPIO) is started with `posture routine
/// NAME` over the control commands at the labelled moment, skips come as `posture routine
/// skip`; every step gets a cue on the motor, steps advance when the sensor sees them, and the
/// summary (`routine_end`, `posture routine status`) equals the scenario's truth.
@Suite struct GuidedRoutineEndToEndTests {
    @Test(arguments: [(ScenarioKind.routine, UInt64(1)), (ScenarioKind.customRoutine, UInt64(4))])
    func wearerIsGuidedToACorrectSummary(kind: ScenarioKind, seed: UInt64) throws {
        var config = try PostureConfiguration.parse(SimulatedRoutine.configTOML)
        let (options, settings) = ScenarioRun.scoringSetup(kind, seed: seed, settings: config.pipeline)
        config.pipeline = settings
        let scenario = ScenarioSimulator.generate(kind, seed: seed, options: options)
        let truth = try #require(scenario.labels.routine)
        let h = try DaemonHarness(records: scenario.trace.records.map { ($0.sample, $0.marker) }, config: config)
        h.run(until: truth.startSeconds)
        let started = h.service.handle(.routine(name: truth.name))
        #expect(started.ok && started.routine?.steps.count == truth.steps.count)
        for skip in truth.skipSeconds {
            h.run(until: skip)
            #expect(h.service.handle(.routineSkip).ok)
        }
        h.run(until: scenario.labels.durationSeconds)

        // One cue per step on the motor line, in order, each after the step before was seen done.
        let stepTimes = h.eventTimes(EventName.routineStep)
        let steps = h.events.filter { $0.name == EventName.routineStep }.compactMap { $0["step"]?.intValue }
        #expect(steps == Array(1...truth.steps.count))
        let motorOn = h.motorOnTimes
        #expect(!stepTimes.isEmpty)
        for t in stepTimes { #expect(motorOn.contains { $0 >= t - 0.05 && $0 <= t + 1 }, "no motor cue at step \(t) s") }
        for (i, t) in stepTimes.enumerated().dropFirst() {
            // Advanced on what the sensor saw: after the step before was done, and soon after.
            let done = truth.stepEnds[i - 1]
            #expect(t >= done - 0.5 && t <= done + 10, "step \(i + 1) cued at \(t) s, step \(i) done at \(done) s")
        }

        // The summary: status and routine_end, against the truth, step by step.
        let status = try #require(h.service.handle(.routineStatus).routine)
        #expect(status.currentStep == nil && !status.stopped)
        let cues = zip(stepTimes, steps).map { (time: $0.0, cue: RoutineCue.step(index: $0.1 - 1, side: nil)) }
        var score = RoutineScore()
        score.add(RoutineReplay(events: h.events, cues: cues, summary: status), labels: scenario.labels)
        #expect(score.failures.isEmpty, "\(score.failures)\n\(RoutineText.render(status))")
        #expect(score.fullyRight == 1)
        let ends = h.events.filter { $0.name == EventName.routineEnd }
        #expect(ends.count == 1)
        guard case .routineEnd(let end)? = ends.first?.payload else { return }
        #expect(end == status.event)
        let done = truth.steps.filter { $0.outcome == .done }
        #expect(end.stepsDone == done.count && end.stepsSkipped == truth.steps.filter { $0.outcome == .skipped }.count)
        #expect(end.holdsTargetMet == done.reduce(0) { $0 + $1.holdsMet(side: nil) })
        #expect(end.leftHolds == done.reduce(0) { $0 + $1.holdsMet(side: "left") })
        #expect(end.rightHolds == done.reduce(0) { $0 + $1.holdsMet(side: "right") })
        #expect(end.bounces == done.reduce(0) { $0 + $1.bounces } && end.jerks == done.reduce(0) { $0 + $1.jerks })
        print(RoutineText.render(status))
    }
}
