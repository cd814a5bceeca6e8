import PostureCoaching
import PostureControl
import PostureCore

/// Guided routines in the service: starting, feeding the runner the pipeline's events,
/// turning its cues into vibrations and events. The decisions are the runner's (PostureCoaching).
extension PostureService {
    /// The built-in routines, then the configured ones (a configured "daily" replaces the built-in).
    var routineDefinitions: [RoutineDefinition] {
        let configured = config.daemon.routines
        let builtIn = [RoutineDefinition.basicDaily].filter { b in !configured.contains { $0.name == b.name } }
        return builtIn + configured
    }

    /// Starts `name`, stopping a routine in progress. The hold targets left open take the
    /// stretch hold target.
    func startRoutine(named name: String, now: Double) -> Result<RoutineSummary, ControlCommandError> {
        guard var definition = routineDefinitions.first(where: { $0.name == name }) else {
            return .failure(ControlCommandError("no routine named \"\(name)\" (known: \(routineDefinitions.map(\.name).joined(separator: ", ")))"))
        }
        if routine != nil { stopRoutine(now: now) }
        for i in definition.steps.indices where definition.steps[i].holdSeconds == nil {
            definition.steps[i].holdSeconds = holdTargetSeconds
        }
        var runner = RoutineRunner(definition: definition, startSeconds: now)
        let cues = runner.start()
        routine = runner
        logger.notice("routine \(name) started: \(definition.steps.map(\.text).joined(separator: ", "))")
        apply(cues, now: now)
        return .success(routine?.summary(at: now, stopped: false) ?? runner.summary(at: now, stopped: false))
    }

    /// Ends the routine in progress with its summary (event, history).
    @discardableResult
    func stopRoutine(now: Double) -> RoutineSummary? {
        guard var runner = routine else { return nil }
        let summary = runner.stop(at: now)
        routine = nil
        finish(summary, now: now)
        return summary
    }

    func skipRoutineStep(now: Double) -> Bool {
        guard routine != nil else { return false }
        feedRoutine(.skip, now: now)
        return true
    }

    /// The routine in progress, else the last one ended.
    func routineSummary(now: Double) -> RoutineSummary? {
        routine.map { $0.summary(at: now, stopped: false) } ?? lastRoutine
    }

    /// A pipeline event for the routine in progress.
    func feedRoutine(_ event: PostureEvent, now: Double) {
        guard routine != nil, let input = Self.routineInput(event) else { return }
        feedRoutine(input, now: now)
    }

    func feedRoutine(_ input: RoutineInput, now: Double) {
        guard var runner = routine else { return }
        let cues = runner.handle(input, at: now)
        routine = runner
        apply(cues, now: now)
    }

    /// Timeouts and hold targets; keeps a stretch session open while the routine runs
    /// (holds and repetitions are detected only in one).
    func pollRoutine(now: Double) {
        guard var runner = routine else { return }
        let cues = runner.poll(at: now)
        routine = runner
        apply(cues, now: now)
        if routine != nil && !pipeline.snapshot.inStretchSession && !pendingActions.contains(.stretch) {
            pendingActions.append(.stretch)
        }
    }

    /// What the runner hears of an event (the mapping is `RoutineInput(event:)`, shared with `posture score`).
    static func routineInput(_ event: PostureEvent) -> RoutineInput? { RoutineInput(event: event) }

    private func apply(_ cues: [RoutineCue], now: Double) {
        guard !cues.isEmpty else { return }
        var c = ledger.today
        for cue in cues {
            switch cue {
            case .step(let index, let side):
                guard let runner = routine else { continue }
                let step = runner.definition.steps[index]
                play(config.daemon.nudge.routineStepPattern(number: index + 1), kind: .routineStep, now: now, counters: &c)
                emit(PostureEvent(timeSeconds: now, payload: .routineStep(RoutineStepStart(
                    routine: runner.definition.name, step: index + 1, steps: runner.definition.steps.count,
                    exercise: step.exercise, side: side ?? "none", goal: step.text))), now: now)
                if !pipeline.snapshot.inStretchSession && !pendingActions.contains(.stretch) { pendingActions.append(.stretch) }
            case .otherSide(_, let side):
                play(config.daemon.nudge.routineSidePattern, kind: .routineSide, now: now, counters: &c)
                logger.notice("routine: now the \(side) side")
            case .holdTargetReached:
                play(config.daemon.nudge.holdTargetPattern, kind: .holdTarget, now: now, counters: &c)
                logger.info("routine: hold target reached, you may release")
            case .finished(let summary):
                routine = nil
                ledger.today = c
                finish(summary, now: now)
                c = ledger.today
            }
        }
        ledger.today = c
    }

    private func play(_ pattern: VibrationPattern, kind: NudgeKind, now: Double, counters c: inout DailyCounters) {
        c.nudgesPlayed += 1
        vibration.enqueue(pattern, kind: kind, at: now)
        logger.debug("routine cue \(kind.rawValue) pattern \(pattern.picture) \(pattern) ms")
    }

    private func finish(_ summary: RoutineSummary, now: Double) {
        lastRoutine = summary
        recordRoutineRun(summary, now: now)
        var c = ledger.today
        play(config.daemon.nudge.routineEndPattern, kind: .routineEnd, now: now, counters: &c)
        ledger.today = c
        // Through the reactions, so the day's counters and the history see it.
        react(to: PostureEvent(timeSeconds: now, payload: .routineEnd(summary.event)), now: now)
    }
}

extension RoutineSummary {
    /// The totals of `routine_end`.
    public var event: RoutineEndSummary {
        RoutineEndSummary(routine: name, durationSeconds: durationSeconds, steps: steps.count, stepsDone: stepsDone,
                          stepsSkipped: stepsSkipped, stepsTimedOut: stepsTimedOut, holds: holds, holdsTargetMet: holdsTargetMet,
                          holdSeconds: holdSeconds, repetitions: repetitions, bounces: bounces, jerks: jerks,
                          leftHolds: leftHolds, rightHolds: rightHolds, unconfirmed: unconfirmed, stopped: stopped)
    }
}
