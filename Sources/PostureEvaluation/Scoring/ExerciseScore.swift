import PostureCore
import PosturePipeline
import PostureSimulator

/// Exercise names and sides of holds and repetition series, per-exercise `target_met`, the
/// other-side cue and the 3-breath rule (rules in `ScoringRules`).
public struct ExerciseScore: Equatable, Sendable {
    /// Matched labelled holds with an exercise label, and how they were named.
    public var named = 0
    public var nameCorrect = 0
    public var nameWrong = 0
    /// Labelled holds of each exercise, and those named right (for the per-exercise line).
    public var byExercise: [String: (total: Int, correct: Int)] = [:]
    /// Every exercise of the guides' table, holds and repetition series together: named
    /// right, `unknown`, wrong (the per-exercise rows: a wrong name is worse than unknown).
    public var perExercise: [String: (right: Int, unknown: Int, wrong: Int)] = [:]
    /// Correctly named holds with a labelled side: right side, opposite side (none is neither).
    public var sided = 0
    public var sideCorrect = 0
    public var sideWrong = 0
    /// Per-exercise targets on matched holds more than 1 s from their exercise's target.
    public var targetScored = 0
    public var targetCorrect = 0
    /// Detected holds overlapping no label, named something else than unknown.
    public var falseNamed = 0
    /// Repetition series: named right, wrong (unknown is neither).
    public var series = 0
    public var seriesCorrect = 0
    public var seriesWrong = 0
    /// other_side_due: expected cues found, and cues given when none was due.
    public var sideDueExpected = 0
    public var sideDueFound = 0
    public var sideDueExtra = 0
    /// deep_breaths: holds with 5 or more labelled deep breaths that got it; holds with at most
    /// one that got it anyway.
    public var breathsExpected = 0
    public var breathsFound = 0
    public var breathsUnexpected = 0
    public var breathsFalse = 0

    public init() {}

    public static func == (a: ExerciseScore, b: ExerciseScore) -> Bool {
        a.rows == b.rows
    }

    struct Detected {
        var start: Double, end: Double, time: Double
        var exercise: Exercise, side: ExerciseSide
        var targetMet: Bool
    }

    static func detected(_ events: [PostureEvent]) -> [Detected] {
        events.compactMap { e in
            guard case .holdEnd(let h) = e.payload else { return nil }
            return Detected(start: h.startSeconds, end: h.startSeconds + h.durationSeconds, time: e.timeSeconds,
                            exercise: h.exercise?.exercise ?? .unknown, side: h.exercise?.side ?? .none, targetMet: h.targetMet)
        }
    }

    /// Label names of older scenarios ("cat-cow") in the spec's spelling.
    static func specName(_ label: String) -> String { label.replacingOccurrences(of: "-", with: "_") }

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels, _ settings: PipelineSettings,
                             failures: inout [String]) {
        let detected = Self.detected(run.events)
        let spans = detected.map { DetectedHold(start: $0.start, end: $0.end, targetMet: $0.targetMet) }
        for hold in labels.holds {
            guard let label = hold.exercise, let i = HoldMatching.match(hold, in: spans) else { continue }
            let d = detected[i]
            named += 1
            var tally = byExercise[label] ?? (0, 0)
            tally.total += 1
            tallyName(label, d.exercise.rawValue)
            if d.exercise.rawValue == label {
                nameCorrect += 1
                tally.correct += 1
                if let side = hold.side, side != ExerciseSide.none.rawValue {
                    sided += 1
                    if d.side.rawValue == side { sideCorrect += 1 } else if d.side != .none { sideWrong += 1 }
                }
            } else if d.exercise != .unknown {
                nameWrong += 1
                failures.append("\(labels.tag): \(label) hold at \(fmt(hold.start, 1)) s named \(d.exercise.rawValue)")
            }
            byExercise[label] = tally
            let duration = hold.end - hold.start
            let target = settings.holdTarget(for: Exercise(rawValue: label) ?? .unknown)
            if abs(duration - target) > 1 {
                targetScored += 1
                if d.targetMet == (duration >= target) { targetCorrect += 1 }
            }
            scoreBreaths(hold, labels: labels, events: run.events, settings: settings)
        }
        falseNamed += detected.filter { d in
            d.exercise != .unknown && !labels.holds.contains { overlap(d.start, d.end, $0.start, $0.end) > 0 }
        }.count
        scoreRepetitions(run, labels)
        scoreOtherSide(run, labels)
    }

    private mutating func scoreRepetitions(_ run: ScenarioRun, _ labels: ScenarioLabels) {
        let reps: [(t: Double, exercise: String)] = run.events.compactMap { e in
            guard case .repetition(_, let exercise) = e.payload else { return nil }
            return (e.timeSeconds, exercise)
        }
        var index = 0
        for s in RepetitionScore.series(labels) {
            // The series' label: the repetitions are in time order, one exercise per series.
            while index < labels.repetitions.count && labels.repetitions[index].t < s.start { index += 1 }
            guard index < labels.repetitions.count else { break }
            let label = Self.specName(labels.repetitions[index].exercise)
            guard let last = reps.last(where: { $0.t >= s.start - 2 && $0.t <= s.end + 10 }) else { continue }
            series += 1
            tallyName(label, last.exercise)
            if last.exercise == label { seriesCorrect += 1 } else if last.exercise != Exercise.unknown.rawValue { seriesWrong += 1 }
        }
    }

    private mutating func tallyName(_ label: String, _ named: String) {
        var e = perExercise[label] ?? (0, 0, 0)
        if named == label { e.right += 1 } else if named == Exercise.unknown.rawValue { e.unknown += 1 } else { e.wrong += 1 }
        perExercise[label] = e
    }

    /// One row per exercise of the table: named right or `unknown`, never wrong.
    var perExerciseRows: [ScoreRow] {
        Exercise.allCases.filter { $0 != .unknown }.map { exercise in
            let name = "exercise \(exercise.rawValue): right/unknown/wrong"
            guard let e = perExercise[exercise.rawValue] else {
                return ScoreRow(name: name, value: "n/a (0)", target: "0 wrong", verdict: .notApplicable)
            }
            return ScoreRow(name: name, value: "\(e.right)/\(e.unknown)/\(e.wrong)", target: "0 wrong", verdict: e.wrong == 0 ? .met : .missed)
        }
    }

    /// After each labelled one-sided hold, the other side is due when this side has more holds.
    private mutating func scoreOtherSide(_ run: ScenarioRun, _ labels: ScenarioLabels) {
        let cues: [(t: Double, exercise: Exercise)] = run.events.compactMap { e in
            guard case .otherSideDue(let exercise, _) = e.payload else { return nil }
            return (e.timeSeconds, exercise)
        }
        var counts: [String: (left: Int, right: Int)] = [:]
        var sessionStart = -1e9
        var matched = Set<Int>()
        for hold in labels.holds {
            // A new session (stretch marker) starts the count afresh.
            if let marker = labels.stretchMarkers.last(where: { $0 <= hold.start }), marker != sessionStart {
                sessionStart = marker
                counts = [:]
            }
            guard let exercise = hold.exercise, let side = hold.side, side == "left" || side == "right" else { continue }
            var c = counts[exercise] ?? (0, 0)
            if side == "left" { c.left += 1 } else { c.right += 1 }
            counts[exercise] = c
            let due = side == "left" ? c.left > c.right : c.right > c.left
            guard due else { continue }
            sideDueExpected += 1
            if let i = cues.indices.first(where: { !matched.contains($0) && cues[$0].exercise.rawValue == exercise
                && cues[$0].t >= hold.start && cues[$0].t <= hold.end + 10 }) {
                matched.insert(i)
                sideDueFound += 1
            }
        }
        sideDueExtra += cues.count - matched.count
    }

    /// Deep breaths labelled in the hold: deep-breathing spans (5-10/min) times their rate.
    private mutating func scoreBreaths(_ hold: HoldLabel, labels: ScenarioLabels, events: [PostureEvent],
                                       settings: PipelineSettings) {
        var breaths = 0.0
        for b in labels.breathing where b.ratePerMinute > 0 && b.ratePerMinute <= 10 {
            breaths += overlap(b.start, b.end, hold.start, hold.end) * b.ratePerMinute / 60
        }
        let got = events.contains { e in
            guard case .deepBreaths = e.payload else { return false }
            return e.timeSeconds >= hold.start && e.timeSeconds <= hold.end + 3
        }
        let needed = Double(settings.exercise.deepBreathsCount)
        if breaths >= needed + 2 {
            breathsExpected += 1
            if got { breathsFound += 1 }
        } else if breaths <= needed - 2 {
            breathsUnexpected += 1
            if got { breathsFalse += 1 }
        }
    }

    public var rows: [ScoreRow] {
        let wrongRate = named > 0 ? Double(nameWrong) / Double(named) : 0
        let wrongRow = ScoreRow(name: "exercise names wrong (not unknown)", value: ScoreRow.ratioText(nameWrong, of: named),
                                target: "<= 0.05", verdict: named == 0 ? .notApplicable : (wrongRate <= 0.05 ? .met : .missed))
        // The weakest exercise (the full list is long): its name and right/total.
        let weakest = byExercise.min { a, b in
            Double(a.value.correct) / Double(max(1, a.value.total)) < Double(b.value.correct) / Double(max(1, b.value.total))
                || (a.value.correct * b.value.total == b.value.correct * a.value.total && a.key < b.key)
        }
        let per = weakest.map { "\($0.key) \($0.value.correct)/\($0.value.total) (\(byExercise.count) exercises)" } ?? "n/a"
        return [
            .ratio("exercise name accuracy (holds)", nameCorrect, of: named, atLeast: 0.9),
            wrongRow,
            .info("exercise name: weakest exercise", per),
            .info("named holds not in a labelled hold", String(falseNamed)),
            .ratio("exercise side accuracy (named holds)", sideCorrect, of: sided, atLeast: 0.9),
            .info("exercise sides wrong", ScoreRow.ratioText(sideWrong, of: sided)),
            .ratio("per-exercise target-met accuracy", targetCorrect, of: targetScored, atLeast: 0.9),
            .info("repetition series named right / wrong", "\(seriesCorrect)/\(series), \(seriesWrong) wrong"),
            .info("other_side_due: due found / extra", "\(sideDueFound)/\(sideDueExpected), \(sideDueExtra) extra"),
            .info("deep_breaths: found (>= 5 deep) / false (<= 1)", "\(breathsFound)/\(breathsExpected), \(breathsFalse)/\(breathsUnexpected)"),
        ] + perExerciseRows
    }
}
