import Testing
@testable import PostureCoaching

/// The routine state machine, driven by synthetic events.
@Suite struct RoutineRunnerTests {
    /// One matching hold of `seconds` starting at `t`; returns the cues of its end.
    static func hold(_ r: inout RoutineRunner, _ exercise: String, side: String = "none", at t: Double, seconds: Double) -> [RoutineCue] {
        var cues = r.handle(.holdStarted(exercise: exercise), at: t)
        cues += r.poll(at: t + seconds)
        cues += r.handle(.holdEnded(exercise: exercise, side: side, durationSeconds: seconds), at: t + seconds)
        return cues
    }

    @Test func basicDailyRoutineDoneEndToEnd() {
        var r = RoutineRunner(definition: .basicDaily, startSeconds: 0)
        #expect(r.start() == [.step(index: 0, side: nil)])
        // Child's pose, 1 min: the target cue comes while holding, then the next step.
        var t = 5.0
        let pose = Self.hold(&r, "childs_pose", at: t, seconds: 62)
        #expect(pose == [.holdTargetReached(index: 0), .step(index: 1, side: nil)])
        t += 70
        // Cat-cow 15.
        var cues: [RoutineCue] = []
        for i in 0..<15 { cues += r.handle(.repetition(exercise: "cat_cow"), at: t + Double(i) * 4) }
        #expect(cues == [.step(index: 2, side: "left")])
        t += 70
        // Knee-to-chest 2 per side: two left, the cue for the right, two right.
        cues = Self.hold(&r, "knee_to_chest", side: "left", at: t, seconds: 22)
        cues += Self.hold(&r, "knee_to_chest", side: "left", at: t + 30, seconds: 21)
        #expect(cues.contains(.otherSide(index: 2, side: "right")))
        cues = r.handle(.bounce, at: t + 60)
        cues += Self.hold(&r, "knee_to_chest", side: "right", at: t + 60, seconds: 25)
        cues += Self.hold(&r, "knee_to_chest", side: "right", at: t + 90, seconds: 20)
        #expect(cues.last == .step(index: 3, side: "left"))
        t += 130
        // Seated twist: one too short (not counted), then 2 per side; a jerk on the way.
        cues = Self.hold(&r, "seated_twist", side: "left", at: t, seconds: 8)
        #expect(cues == [])
        for (i, side) in ["left", "left", "right", "right"].enumerated() {
            cues = Self.hold(&r, "seated_twist", side: side, at: t + 20 + Double(i) * 30, seconds: 21)
        }
        _ = cues
        _ = r.handle(.jerk, at: t + 200)
        #expect(r.index == 4)
        t += 220
        for i in 0..<9 { #expect(r.handle(.repetition(exercise: "pelvic_tilt"), at: t + Double(i) * 5).isEmpty) }
        let end = r.handle(.repetition(exercise: "pelvic_tilt"), at: t + 50)
        guard case .finished(let s)? = end.last else {
            Issue.record("no summary: \(end)")
            return
        }
        #expect(r.finished)
        #expect(s.name == "daily" && !s.stopped && s.currentStep == nil)
        #expect(s.stepsDone == 5 && s.stepsSkipped == 0 && s.stepsTimedOut == 0)
        #expect(s.holds == 1 + 4 + 5 && s.holdsTargetMet == 9)
        #expect(s.repetitions == 25)
        #expect(s.bounces == 1 && s.jerks == 1)
        #expect(s.leftHolds == 4 && s.rightHolds == 4)
        #expect(s.steps[3].holds.first?.targetMet == false)
        #expect(s.unconfirmed == 0)
        #expect(s.durationSeconds == t + 50)
    }

    @Test func pressSkipsAndTimeoutGivesUp() {
        let def = RoutineDefinition(name: "short", steps: [
            RoutineStep(exercise: "sphinx", kind: .hold, count: 1, holdSeconds: 30, timeoutSeconds: 40),
            RoutineStep(exercise: "cat_cow", kind: .repetitions, count: 3, timeoutSeconds: 40),
        ])
        var r = RoutineRunner(definition: def, startSeconds: 100)
        _ = r.start()
        #expect(r.nextDeadline == 140)
        #expect(r.handle(.skip, at: 110) == [.step(index: 1, side: nil)])
        #expect(r.poll(at: 149).isEmpty)
        _ = r.handle(.repetition(exercise: "cat_cow"), at: 149)
        #expect(r.poll(at: 188).isEmpty)  // progress at 149 moved the timeout
        let cues = r.poll(at: 189)
        guard case .finished(let s)? = cues.last else {
            Issue.record("not finished: \(cues)")
            return
        }
        #expect(s.steps.map(\.outcome) == [.skipped, .timedOut])
        #expect(s.repetitions == 1 && s.stepsDone == 0)
    }

    @Test func otherExercisesDoNotCountButUnknownDoesUnconfirmed() {
        let def = RoutineDefinition(name: "x", steps: [RoutineStep(exercise: "cat_cow", kind: .repetitions, count: 2)])
        var r = RoutineRunner(definition: def, startSeconds: 0)
        _ = r.start()
        #expect(r.handle(.repetition(exercise: "pelvic_tilt"), at: 1).isEmpty)
        #expect(r.handle(.repetition(exercise: "unknown"), at: 2).isEmpty)
        let cues = r.handle(.repetition(exercise: "cat_cow"), at: 3)
        guard case .finished(let s)? = cues.last else {
            Issue.record("not finished: \(cues)")
            return
        }
        #expect(s.repetitions == 2 && s.unconfirmed == 1 && s.stepsDone == 1)
    }

    @Test func holdInProgressHoldsOffTheTimeoutAndUnnamedSideGoesToTheCuedSide() {
        let def = RoutineDefinition(name: "x", steps: [
            RoutineStep(exercise: "seated_twist", kind: .hold, count: 1, holdSeconds: 20, bothSides: true, timeoutSeconds: 30),
        ])
        var r = RoutineRunner(definition: def, startSeconds: 0)
        #expect(r.start() == [.step(index: 0, side: "left")])
        _ = r.handle(.holdStarted(exercise: "seated_twist"), at: 25)
        #expect(r.poll(at: 44).isEmpty)
        #expect(r.poll(at: 45) == [.holdTargetReached(index: 0)])
        #expect(r.poll(at: 80).isEmpty)  // still holding: no timeout
        #expect(r.handle(.holdEnded(exercise: "seated_twist", side: "none", durationSeconds: 60), at: 85)
                == [.otherSide(index: 0, side: "right")])
        #expect(r.side == "right")
        let end = r.handle(.holdEnded(exercise: "seated_twist", side: "none", durationSeconds: 20), at: 110)
        guard case .finished(let s)? = end.last else {
            Issue.record("not finished: \(end)")
            return
        }
        #expect(s.leftHolds == 1 && s.rightHolds == 1)
    }

    @Test func stopEndsWithStoppedSteps() {
        var r = RoutineRunner(definition: .basicDaily, startSeconds: 0)
        _ = r.start()
        _ = r.handle(.skip, at: 1)
        let s = r.stop(at: 10)
        #expect(s.stopped && r.finished)
        #expect(s.steps.map(\.outcome) == [.skipped, .stopped, .stopped, .stopped, .stopped])
        #expect(r.handle(.skip, at: 11).isEmpty && r.poll(at: 1000).isEmpty)
    }
}

@Suite struct RoutineStepParsingTests {
    @Test func parsesTheDocumentedForms() throws {
        #expect(try RoutineStep.parse("childs_pose 1m").get() == RoutineStep(exercise: "childs_pose", kind: .hold, count: 1, holdSeconds: 60))
        #expect(try RoutineStep.parse("cat_cow 15").get() == RoutineStep(exercise: "cat_cow", kind: .repetitions, count: 15))
        #expect(try RoutineStep.parse("knee_to_chest 2x20s per side").get()
                == RoutineStep(exercise: "knee_to_chest", kind: .hold, count: 2, holdSeconds: 20, bothSides: true))
        #expect(try RoutineStep.parse("seated_twist 2 each side timeout 2m").get()
                == RoutineStep(exercise: "seated_twist", kind: .hold, count: 2, bothSides: true, timeoutSeconds: 120))
        #expect(try RoutineStep.parse("back_extension 8 reps").get() == RoutineStep(exercise: "back_extension", kind: .repetitions, count: 8))
    }

    @Test func textRoundTrips() throws {
        #expect(!RoutineDefinition.basicDaily.steps.isEmpty)
        for step in RoutineDefinition.basicDaily.steps + [RoutineStep(exercise: "sphinx", kind: .hold, count: 3, timeoutSeconds: 45),
                                                           RoutineStep(exercise: "pelvic_tilt", kind: .hold, count: 2, holdSeconds: 5)] {
            #expect(try RoutineStep.parse(step.text).get() == step, "\(step.text)")
        }
        #expect(RoutineDefinition.basicDaily.steps.map(\.text)
                == ["childs_pose 60s", "cat_cow 15", "knee_to_chest 2x20s per side", "seated_twist 2x20s per side", "pelvic_tilt 10"])
    }

    @Test func refusesWithTheReason() {
        func problem(_ s: String) -> String? {
            if case .failure(let e) = RoutineStep.parse(s) { return e.message }
            return nil
        }
        #expect(problem("")?.contains("empty") == true)
        #expect(problem("toe_touch 10")?.contains("unknown exercise \"toe_touch\"") == true)
        #expect(problem("cat_cow 15 banana")?.contains("\"banana\" is not understood") == true)
        #expect(problem("cat_cow 0")?.contains("out of range") == true)
        #expect(problem("sphinx 20m")?.contains("out of range") == true)
        #expect(problem("cat_cow 20s reps")?.contains("no hold time") == true)
        #expect(problem("side_bend 2 per")?.contains("followed by \"side\"") == true)
        #expect(problem("side_bend timeout")?.contains("timeout") == true)
    }

    @Test func stepPatternTapsTheStepNumber() {
        let n = NudgeSettings()
        #expect(n.routineStepPattern(number: 1).stepsMilliseconds == [500, 250, 80])
        #expect(n.routineStepPattern(number: 3).stepsMilliseconds == [500, 250, 80, 150, 80, 150, 80])
        #expect(n.routineStepPattern(number: 2) != n.routineStepPattern(number: 3))
    }
}
