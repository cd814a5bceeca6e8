import PostureCoaching
import PostureConfig
import PostureControl
import PostureCore
import Testing
@testable import PostureDaemon

/// A routine run by the service: control commands, events fed as the pipeline would send
/// them, cues on the motor, the summary as an event, in the day's counters and in status.
@Suite struct RoutineServiceTests {
    static func event(_ h: DaemonHarness, _ payload: EventPayload) {
        h.service.react(to: PostureEvent(timeSeconds: h.clock.monotonicSeconds, payload: payload), now: h.clock.monotonicSeconds)
    }

    @Test func dailyRoutineGuidedToItsSummary() throws {
        let h = try DaemonHarness(records: Motion.records([(400, 0)]))
        h.run(until: 2)
        let started = h.service.handle(.routine(name: "daily"))
        #expect(started.ok && started.routine?.steps.count == 5 && started.routine?.currentStep == 0)
        #expect(started.routines?.contains("daily") == true)
        #expect(h.service.status().routine?.name == "daily")
        let motorBefore = h.motorOnTimes.count
        h.run(until: 5)
        #expect(h.motorOnTimes.count > motorBefore, "no step cue on the motor")
        // Child's pose held 62 s (named "unknown" here: credited, unconfirmed); the target cue comes while held.
        Self.event(h, .holdStart(pitchDegrees: 60, rollDegrees: 0))
        let cuesBefore = h.motorOnTimes.count
        h.run(until: 66)
        #expect(h.motorOnTimes.count > cuesBefore, "no hold-target cue while holding")
        Self.event(h, .holdEnd(HoldEndSummary(durationSeconds: 62, targetMet: true, bounces: 0, jerks: 0, pitchDegrees: 60,
                                              rollDegrees: 0, startSeconds: h.clock.monotonicSeconds - 62)))
        #expect(h.service.status().routine?.currentStep == 1)
        // Cat-cow 15 (the pipeline's older name "cat-cow" is the spec's cat_cow).
        for i in 1...15 { Self.event(h, .repetition(count: i, exercise: "cat-cow")) }
        #expect(h.service.status().routine?.currentStep == 2)
        Self.event(h, .bounce(frequencyHz: 1, amplitudeDegrees: 5, axis: .pitch))
        // The rest skipped, as a short press would.
        for _ in 0..<3 { #expect(h.service.handle(.routineSkip).ok) }
        #expect(h.service.status().routine == nil)
        let ends = h.events.filter { $0.name == EventName.routineEnd }
        #expect(ends.count == 1)
        guard case .routineEnd(let s)? = ends.first?.payload else {
            Issue.record("no routine_end")
            return
        }
        #expect(s.routine == "daily" && s.steps == 5 && s.stepsDone == 2 && s.stepsSkipped == 3 && !s.stopped)
        #expect(s.holds == 1 && s.holdsTargetMet == 1 && s.repetitions == 15 && s.bounces == 1 && s.unconfirmed == 1)
        #expect(h.events.filter { $0.name == EventName.routineStep }.map { $0["step"]?.intValue } == [1, 2, 3, 4, 5])
        #expect(h.service.ledger.today.routines == 1 && h.service.ledger.today.routineStepsDone == 2)
        #expect(h.service.ledger.today.routinesCompleted == 0)
        let last = h.service.handle(.routineStatus)
        #expect(last.ok && last.routine?.currentStep == nil && last.routine?.stepsDone == 2)
        #expect(h.service.handle(.routineSkip) == .failure("no routine in progress"))
    }

    @Test func configuredRoutineStartsAndStops() throws {
        let config = try PostureConfiguration.parse("""
            [[routine]]
            name = "short"
            steps = ["sphinx 30s", "side_bend 2 per side"]
            """)
        let h = try DaemonHarness(records: Motion.records([(60, 0)]), config: config)
        h.run(until: 1)
        #expect(h.service.handle(.routine(name: "nope")).error?.contains("known: daily, short") == true)
        let r = h.service.handle(.routine(name: "short"))
        // A hold without a duration takes the stretch target.
        #expect(r.routine?.steps[1].holdSeconds == h.service.holdTargetSeconds)
        let stopped = h.service.handle(.routineStop)
        #expect(stopped.ok && stopped.routine?.stopped == true && stopped.routine?.steps.map(\.outcome) == [.stopped, .stopped])
        #expect(h.events.last?.name == EventName.routineEnd)
        #expect(h.events.last?["stopped"]?.boolValue == true)
    }

    @Test func eventsBecomeRoutineInputs() {
        var hold = HoldEndSummary(durationSeconds: 20, targetMet: true, bounces: 0, jerks: 0, pitchDegrees: 0, rollDegrees: 0,
                                  startSeconds: 0)
        hold.durationSeconds = 21
        #expect(PostureService.routineInput(PostureEvent(timeSeconds: 0, payload: .holdEnd(hold)))
                == .holdEnded(exercise: "unknown", side: "none", durationSeconds: 21))
        hold.exercise = ExerciseRecognition(exercise: .kneeToChest, side: .left)
        #expect(PostureService.routineInput(PostureEvent(timeSeconds: 0, payload: .holdEnd(hold)))
                == .holdEnded(exercise: "knee_to_chest", side: "left", durationSeconds: 21))
        #expect(PostureService.routineInput(PostureEvent(timeSeconds: 0, payload: .holdStart(
            pitchDegrees: 0, rollDegrees: 0, exercise: ExerciseRecognition(exercise: .sideBend, side: .right))))
                == .holdStarted(exercise: "side_bend"))
        #expect(PostureService.routineInput(PostureEvent(timeSeconds: 0, payload: .holdStart(pitchDegrees: 0, rollDegrees: 0)))
                == .holdStarted(exercise: "unknown"))
        #expect(PostureService.routineInput(PostureEvent(timeSeconds: 0, payload: .repetition(count: 1, exercise: "pelvic-tilt")))
                == .repetition(exercise: "pelvic_tilt", count: 1))
        #expect(PostureService.routineInput(PostureEvent(timeSeconds: 0, payload: .jerk(peakDegreesPerSecond: 200))) == .jerk)
        #expect(PostureService.routineInput(.posture(at: 0, state: .upright)) == nil)
    }

    @Test func routineExerciseNamesAreTheSpecExercises() {
        // PostureCoaching keeps them as strings (it depends on nothing): they must stay the enum's names.
        #expect(Set(RoutineStep.exerciseNames) == Set(Exercise.allCases.filter { $0 != .unknown }.map(\.rawValue)))
        #expect(RoutineStep.repetitionExercises.isSubset(of: Set(RoutineStep.exerciseNames)))
    }
}
