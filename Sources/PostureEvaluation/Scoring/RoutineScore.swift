import PostureCoaching
import PostureCore
import PosturePipeline
import PostureSimulator

/// Guided routines (issue 13): the routine scenarios replayed as the daemon runs them
/// (`RoutineReplay`), their summaries against the labelled truth, step by step.
/// - a step advanced correctly: its outcome (done, skipped, timed out) is the labelled one;
/// - holds vs targets: a hold step's holds and holds on target equal the truth;
/// - repetitions: within ±1 of the truth;
/// - sides: a two-sided step's holds on target per side equal the truth;
/// - bounces and jerks: the step's counts equal the truth;
/// - named credits: of the credits of steps done well, those the summary does not have as
///   `unknown` (unnamed credits beyond the badly done ones are misses);
/// - right in steps: a routine ended by its last step with every step right on all of the above
///   but bounces and jerks (target); entirely right: those too (informational).
public struct RoutineScore: Sendable {
    public var routines = 0
    public var simulatedSeconds = 0.0
    public var finished = 0
    public var fullyRight = 0
    /// Right on everything but bounces and jerks (the pipeline's movement detectors, scored on
    /// their own): what the runner itself decides.
    public var stepsFullyRight = 0
    public var steps = 0
    public var stepsRight = 0
    public var stepCues = 0
    public var stepCuesRight = 0
    public var holdSteps = 0
    public var holdStepsRight = 0
    public var repetitionSteps = 0
    public var repetitionStepsRight = 0
    public var sidedSteps = 0
    public var sidedStepsRight = 0
    public var movementSteps = 0
    public var bouncesRight = 0
    public var jerksRight = 0
    /// Holds and repetitions credited as `unknown`: seen, and done too badly to name (truth).
    public var unconfirmed = 0
    public var unconfirmedTruth = 0
    /// Credits of steps done well (truth: named) that the summary has as `unknown`.
    public var wellDone = 0
    public var wellDoneUnnamed = 0
    public var failures: [String] = []

    public init() {}

    public mutating func add(_ replay: RoutineReplay, labels: ScenarioLabels) {
        guard let truth = labels.routine else { return }
        let tag = "\(labels.scenario) seed \(labels.seed)"
        routines += 1
        simulatedSeconds += labels.durationSeconds
        guard let summary = replay.summary else {
            failures.append("\(tag): the routine never started")
            return
        }
        if !summary.stopped { finished += 1 } else { failures.append("\(tag): the routine had not ended at the trace's end") }
        let cued = Set(replay.cues.compactMap { c -> Int? in if case .step(let i, _) = c.cue { i } else { nil } })
        var allRight = !summary.stopped
        var movementRight = true
        for (i, want) in truth.steps.enumerated() {
            guard i < summary.steps.count else { allRight = false; continue }
            let got = summary.steps[i]
            let name = "\(tag) step \(i + 1) \(want.exercise)"
            // Bounces and jerks (`movement`) are the pipeline's detectors: they do not make the
            // runner's summary wrong in steps.
            func check(_ ok: Bool, _ what: String, movement: Bool = false) -> Bool {
                if !ok {
                    failures.append("\(name): \(what)")
                    if movement { movementRight = false } else { allRight = false }
                }
                return ok
            }
            steps += 1
            if check(got.outcome == want.outcome, "\(got.outcome.rawValue), should be \(want.outcome.rawValue)") { stepsRight += 1 }
            stepCues += 1
            if check(cued.contains(i), "never cued") { stepCuesRight += 1 }
            unconfirmed += got.unconfirmed
            unconfirmedTruth += want.unconfirmed
            // A credit should be named when the exercise was done well.
            let credits = want.kind == .hold ? want.holds.count : 0
            wellDone += max(0, credits - want.unconfirmed)
            if want.kind == .hold { wellDoneUnnamed += max(0, got.unconfirmed - want.unconfirmed) }
            guard want.outcome == .done else { continue }
            switch want.kind {
            case .hold:
                holdSteps += 1
                if check(got.holds.count == want.holds.count && got.holdsMet(side: nil) == want.holdsMet(side: nil),
                         "holds \(got.holdsMet(side: nil))/\(got.holds.count) on target, should be \(want.holdsMet(side: nil))/\(want.holds.count)") {
                    holdStepsRight += 1
                }
                if want.bothSides {
                    sidedSteps += 1
                    let l = got.holdsMet(side: "left"), r = got.holdsMet(side: "right")
                    if check(l == want.holdsMet(side: "left") && r == want.holdsMet(side: "right"),
                             "sides left \(l) right \(r), should be \(want.holdsMet(side: "left")) and \(want.holdsMet(side: "right"))") {
                        sidedStepsRight += 1
                    }
                }
            case .repetitions:
                repetitionSteps += 1
                if check(abs(got.repetitions - want.repetitions) <= 1, "\(got.repetitions) repetitions, should be \(want.repetitions)") {
                    repetitionStepsRight += 1
                }
            }
            movementSteps += 1
            if check(got.bounces == want.bounces, "\(got.bounces) bounces, should be \(want.bounces)", movement: true) { bouncesRight += 1 }
            if check(got.jerks == want.jerks, "\(got.jerks) jerks, should be \(want.jerks)", movement: true) { jerksRight += 1 }
        }
        if allRight { stepsFullyRight += 1 }
        if allRight && movementRight { fullyRight += 1 }
    }

    public func report(title: String) -> ScoreReport {
        ScoreReport(title: title, scenarios: routines, simulatedSeconds: simulatedSeconds, rows: [
            .ratio("routines ended by their last step", finished, of: routines, atLeast: 0.95),
            .ratio("routine steps cued on the motor", stepCuesRight, of: stepCues, atLeast: 1),
            .ratio("routine steps advanced correctly (done/skipped)", stepsRight, of: steps, atLeast: 0.95),
            .ratio("routine hold steps: holds and targets met", holdStepsRight, of: holdSteps, atLeast: 0.9),
            .ratio("routine repetition steps: count within 1", repetitionStepsRight, of: repetitionSteps, atLeast: 0.9),
            .ratio("routine two-sided steps: sides right", sidedStepsRight, of: sidedSteps, atLeast: 0.9),
            .info("routine steps: bounces right", ScoreRow.ratioText(bouncesRight, of: movementSteps)),
            .info("routine steps: jerks right", ScoreRow.ratioText(jerksRight, of: movementSteps)),
            .info("routine credits named unknown (seen / done badly)", "\(unconfirmed) / \(unconfirmedTruth)"),
            .ratio("routine credits of well-done exercises named (not unknown)", wellDone - min(wellDone, wellDoneUnnamed),
                   of: wellDone, atLeast: 0.9),
            .ratio("routine summaries right in steps, holds, repetitions, sides", stepsFullyRight, of: routines, atLeast: 0.9),
            .info("routine summaries entirely right (bounces, jerks too)", ScoreRow.ratioText(fullyRight, of: routines)),
        ])
    }
}

extension RoutineScore {
    /// Generates one routine scenario (the board mounting alternating by seed, as for the
    /// exercise library), replays it as the daemon runs the routine, and scores its summary.
    public mutating func add(_ kind: ScenarioKind, seed: UInt64, settings: PipelineSettings) {
        guard let definition = SimulatedRoutine.definition(for: kind) else { return }
        let (options, own) = ScenarioRun.scoringSetup(kind, seed: seed, settings: settings)
        let scenario = ScenarioSimulator.generate(kind, seed: seed, options: options)
        add(RoutineReplay.run(scenario, definition: definition, settings: own), labels: scenario.labels)
    }
}
