import Testing
@testable import PostureCoaching

/// The runner follows the wearer when the two get out of step.
@Suite struct RoutineResyncTests {
    static func hold(_ r: inout RoutineRunner, _ exercise: String, side: String = "none", at t: Double, seconds: Double) -> [RoutineCue] {
        RoutineRunnerTests.hold(&r, exercise, side: side, at: t, seconds: seconds)
    }

    /// Child's pose seen too short, then the wearer goes on to cat-cow: the runner follows.
    @Test func aStepAheadMovesOn() {
        var r = RoutineRunner(definition: .basicDaily, startSeconds: 0)
        _ = r.start()
        _ = Self.hold(&r, "childs_pose", at: 5, seconds: 40)
        var cues: [RoutineCue] = []
        for count in 2...4 { cues += r.handle(.repetition(exercise: "cat_cow", count: count), at: 50 + Double(count) * 4) }
        #expect(cues == [.step(index: 1, side: nil)])
        #expect(r.index == 1)
        #expect(r.results[0].outcome == .timedOut)
        #expect(r.results[1].repetitions == 4)
        // A single misnamed repetition of a later step is not enough to move on.
        var s = RoutineRunner(definition: .basicDaily, startSeconds: 0)
        _ = s.start()
        _ = s.handle(.repetition(exercise: "cat_cow", count: 2), at: 10)
        #expect(s.index == 0)
    }

    /// Knee-to-chest timed out while the wearer was getting down to the floor; its holds then
    /// come during the seated twist step: they go back to knee-to-chest.
    @Test func aStepBehindGoesBack() {
        var r = RoutineRunner(definition: .basicDaily, startSeconds: 0)
        _ = r.start()
        _ = Self.hold(&r, "childs_pose", at: 5, seconds: 62)
        for i in 0..<15 { _ = r.handle(.repetition(exercise: "cat_cow"), at: 80 + Double(i) * 4) }
        #expect(r.index == 2)
        let timeout = r.step.timeoutSeconds
        _ = r.poll(at: 140 + timeout + 1)
        #expect(r.index == 3 && r.results[2].outcome == .timedOut)
        var t = 140 + timeout + 10
        var cues: [RoutineCue] = []
        for side in ["left", "left", "right", "right"] {
            cues += Self.hold(&r, "knee_to_chest", side: side, at: t, seconds: 22)
            t += 30
        }
        #expect(r.results[2].outcome == .done)
        #expect(r.results[2].holdsMet(side: "left") == 2 && r.results[2].holdsMet(side: "right") == 2)
        #expect(cues.last == .step(index: 3, side: "left"))
        #expect(r.index == 3 && r.results[3].holds.isEmpty)
    }

    /// A still moment lying down (unnamed, long) credited to the left side is replaced by the
    /// named left holds that follow: left has 2, not 3.
    @Test func namedHoldReplacesUnnamedOnAFullSide() {
        let steps = [RoutineStep(exercise: "knee_to_chest", kind: .hold, count: 2, holdSeconds: 20, bothSides: true)]
        var r = RoutineRunner(definition: RoutineDefinition(name: "t", steps: steps), startSeconds: 0)
        _ = r.start()
        _ = Self.hold(&r, "unknown", at: 5, seconds: 40)
        _ = Self.hold(&r, "knee_to_chest", side: "left", at: 50, seconds: 22)
        _ = Self.hold(&r, "knee_to_chest", side: "left", at: 80, seconds: 22)
        #expect(r.results[0].holdsMet(side: "left") == 2)
        #expect(r.results[0].unconfirmed == 0)
        // A sideless short fragment is not an attempt.
        _ = Self.hold(&r, "knee_to_chest", side: "none", at: 110, seconds: 5)
        #expect(r.results[0].holds.count == 2)
    }
}
