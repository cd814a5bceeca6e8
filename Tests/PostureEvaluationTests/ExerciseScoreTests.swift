import PostureCore
import PostureEvaluation
import PosturePipeline
import PostureSimulator
import Testing

@Suite struct ExerciseScoreTests {
    func named(_ start: Double, _ duration: Double, _ e: Exercise, _ side: ExerciseSide, met: Bool) -> PostureEvent {
        PostureEvent(timeSeconds: start + duration + 0.5, payload: .holdEnd(HoldEndSummary(
            durationSeconds: duration, targetMet: met, bounces: 0, jerks: 0, pitchDegrees: 0, rollDegrees: 20,
            startSeconds: start, exercise: ExerciseRecognition(exercise: e, side: side))))
    }

    func label(_ start: Double, _ duration: Double, _ e: String, _ side: String?) -> HoldLabel {
        HoldLabel(start: start, end: start + duration, pitchDegrees: 0, rollDegrees: 20, stretch: e, style: "smooth",
                  exercise: e, side: side)
    }

    /// Right, wrong and unknown names; right and wrong sides; the side bend's own 15 s target.
    @Test func namesSidesAndTargetsAreCounted() {
        let labels = makeLabels(stretchMarkers: [5], holds: [
            label(10, 18, "side_bend", "left"), label(40, 18, "side_bend", "right"),
            label(70, 25, "forward_fold", "none"), label(110, 25, "seated_twist", "left"),
        ])
        let events = [
            named(10, 18, .sideBend, .left, met: true),       // right, right side, 18 s >= 15 s: met
            named(40, 18, .sideBend, .left, met: false),      // right name, wrong side, target wrong
            named(70, 25, .unknown, .none, met: true),        // unknown: neither right nor wrong
            named(110, 25, .sideBend, .right, met: true),     // wrong name
            event(29, .otherSideDue(exercise: .sideBend, side: .right)),
        ]
        var score = ExerciseScore()
        var failures: [String] = []
        score.add(run(events), labels, defaults, failures: &failures)
        #expect(score.named == 4)
        #expect(score.nameCorrect == 2)
        #expect(score.nameWrong == 1)
        #expect(score.sided == 2 && score.sideCorrect == 1 && score.sideWrong == 1)
        #expect(score.targetScored == 4 && score.targetCorrect == 3)
        #expect(score.sideDueExpected == 2 && score.sideDueFound == 1 && score.sideDueExtra == 0)
        #expect(failures.count == 1)
        let accuracy = score.rows.first { $0.name == "exercise name accuracy (holds)" }
        #expect(accuracy?.verdict == .missed)
        let wrong = score.rows.first { $0.name == "exercise names wrong (not unknown)" }
        #expect(wrong?.verdict == .missed)
        // One row per exercise of the table: the twist named a side bend is wrong, the fold's unknown is not.
        func row(_ e: String) -> ScoreRow? { score.rows.first { $0.name == "exercise \(e): right/unknown/wrong" } }
        #expect(score.rows.filter { $0.name.hasSuffix(": right/unknown/wrong") }.count == 11)
        #expect(row("side_bend")?.value == "2/0/0" && row("side_bend")?.verdict == .met)
        #expect(row("forward_fold")?.value == "0/1/0" && row("forward_fold")?.verdict == .met)
        #expect(row("seated_twist")?.value == "0/0/1" && row("seated_twist")?.verdict == .missed)
        #expect(row("partner_lift")?.verdict == .notApplicable)
    }

    @Test func warmUpIsDueAfterLongSittingWithoutAWalk() {
        let cold = makeLabels(duration: 2000, stretchMarkers: [1400], activities: [
            ActivityInterval(start: 0, end: 1300, state: "sitting"), ActivityInterval(start: 1300, end: 1360, state: "walking"),
            ActivityInterval(start: 1360, end: 2000, state: "standing"),
        ])
        var score = WarmUpScore()
        score.add(run([event(1420, .warmUpCue(sittingSeconds: 1300, walkedSeconds: 50, exercise: .forwardFold))]), cold, defaults)
        #expect(score.due == 1 && score.found == 1)
        let warm = makeLabels(duration: 2000, stretchMarkers: [1500], activities: [
            ActivityInterval(start: 0, end: 1300, state: "sitting"), ActivityInterval(start: 1300, end: 1460, state: "walking"),
            ActivityInterval(start: 1460, end: 2000, state: "standing"),
        ])
        score.add(run([]), warm, defaults)
        #expect(score.notDue == 1 && score.falseCues == 0)
    }
}
