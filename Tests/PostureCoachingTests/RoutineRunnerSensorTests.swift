import Testing
@testable import PostureCoaching

/// What the routine runner makes of the pipeline's events as they really come (found by the
/// simulated wearer following the routine through the daemon).
@Suite struct RoutineRunnerSensorTests {
    static let reps = RoutineDefinition(name: "r", steps: [
        RoutineStep(exercise: "cat_cow", kind: .repetitions, count: 5),
        RoutineStep(exercise: "pelvic_tilt", kind: .repetitions, count: 3),
    ])

    @Test func aSeriesNamedAtItsSecondRepetitionCountsBoth() {
        var r = RoutineRunner(definition: Self.reps, startSeconds: 0)
        _ = r.start()
        // The pipeline's first event of a series says count 2; then 3, 4, 5.
        var cues: [RoutineCue] = []
        for (i, count) in [2, 3, 4].enumerated() { cues += r.handle(.repetition(exercise: "cat_cow", count: count), at: 10 + Double(i) * 5) }
        #expect(cues.isEmpty && r.results[0].repetitions == 4)
        cues = r.handle(.repetition(exercise: "cat_cow", count: 5), at: 30)
        #expect(cues == [.step(index: 1, side: nil)] && r.results[0].repetitions == 5)
        // A series that began in the step before counts one per repetition from here; a new series both.
        _ = r.handle(.repetition(exercise: "pelvic_tilt", count: 7), at: 35)
        #expect(r.results[1].repetitions == 1)
        let end = r.handle(.repetition(exercise: "pelvic_tilt", count: 2), at: 50)
        #expect(r.results[1].repetitions == 3 && r.finished)
        #expect(end.count == 1)
    }

    static let hold = RoutineDefinition(name: "h", steps: [
        RoutineStep(exercise: "sphinx", kind: .hold, count: 1, holdSeconds: 30),
    ])

    @Test func anUnnamedHoldShortOfTheTargetIsNotAnAttempt() {
        var r = RoutineRunner(definition: Self.hold, startSeconds: 0)
        _ = r.start()
        _ = r.handle(.holdStarted(exercise: "unknown"), at: 5)
        _ = r.handle(.holdEnded(exercise: "unknown", side: "none", durationSeconds: 4), at: 9)
        #expect(r.results[0].holds.isEmpty && r.results[0].unconfirmed == 0)
        // A named short one is: the wearer tried and fell short.
        _ = r.handle(.holdStarted(exercise: "sphinx"), at: 12)
        _ = r.handle(.holdEnded(exercise: "sphinx", side: "none", durationSeconds: 10), at: 22)
        #expect(r.results[0].holds.map(\.targetMet) == [false])
        // An unnamed one on target is credited, unconfirmed.
        _ = r.handle(.holdStarted(exercise: "unknown"), at: 30)
        _ = r.poll(at: 61)
        let end = r.handle(.holdEnded(exercise: "unknown", side: "none", durationSeconds: 31), at: 62)
        #expect(r.results[0].holds.map(\.targetMet) == [false, true] && r.results[0].unconfirmed == 1)
        #expect(r.finished && end.count == 1)
    }

    @Test func aHoldTheTargetCuePlayedInMetItsTarget() {
        var r = RoutineRunner(definition: Self.hold, startSeconds: 0)
        _ = r.start()
        _ = r.handle(.holdStarted(exercise: "sphinx"), at: 10)
        #expect(r.poll(at: 40) == [.holdTargetReached(index: 0)])
        // The wearer released on the cue; the hold's end was dated early (its position drifted).
        let cues = r.handle(.holdEnded(exercise: "sphinx", side: "none", durationSeconds: 24), at: 43)
        #expect(r.results[0].holds == [RoutineHold(seconds: 30, side: "none", targetMet: true)])
        #expect(r.finished && cues.count == 1)
    }

    @Test func aHoldEndingBeforeItsCueIsTakenAsReported() {
        var r = RoutineRunner(definition: Self.hold, startSeconds: 0)
        _ = r.start()
        _ = r.handle(.holdStarted(exercise: "sphinx"), at: 10)
        #expect(r.poll(at: 38).isEmpty)
        // The hold_end comes after the target time passed, but the cue had not played: as reported.
        _ = r.handle(.holdEnded(exercise: "sphinx", side: "none", durationSeconds: 26), at: 41)
        #expect(r.results[0].holds == [RoutineHold(seconds: 26, side: "none", targetMet: false)])
        #expect(!r.finished)
    }
}
