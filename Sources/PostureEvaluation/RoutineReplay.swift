import PostureCoaching
import PostureControl
import PostureCore
import PosturePipeline
import PostureSimulator

/// A routine scenario replayed the way the daemon runs a routine (ServiceRoutines): the
/// routine starts at the labelled command, the runner hears the pipeline's events through
/// `RoutineInput(event:)`, a stretch session is kept open while it runs, skips arrive at the
/// labelled presses, and samples shaken by its cues on the motor are marked disturbed.
public struct RoutineReplay: Sendable {
    public var events: [PostureEvent] = []
    /// Every cue the runner gave, with its time (trace seconds).
    public var cues: [(time: Double, cue: RoutineCue)] = []
    /// The final summary (nil if the routine never started, or had not ended at the trace's end:
    /// then `summary` is its progress so far, stopped).
    public var summary: RoutineSummary?

    public init(events: [PostureEvent] = [], cues: [(time: Double, cue: RoutineCue)] = [], summary: RoutineSummary? = nil) {
        self.events = events
        self.cues = cues
        self.summary = summary
    }

    /// The routine's definition with the hold targets the daemon fills in (the stretch target).
    public static func definition(_ d: RoutineDefinition, settings: PipelineSettings) -> RoutineDefinition {
        var d = d
        for i in d.steps.indices where d.steps[i].holdSeconds == nil { d.steps[i].holdSeconds = settings.stretch.holdTargetSeconds }
        return d
    }

    public static func run(_ scenario: SimulatedScenario, definition: RoutineDefinition, settings: PipelineSettings,
                           nudges: NudgeSettings = NudgeSettings()) -> RoutineReplay {
        var out = RoutineReplay()
        guard let label = scenario.labels.routine else { return out }
        let resolved = Self.definition(definition, settings: settings)
        var pipeline = PosturePipeline(settings: settings)
        var vibration = VibrationScheduler(settleSeconds: Double(nudges.settleMilliseconds) / 1000)
        var runner: RoutineRunner?
        var started = false
        var skips = label.skipSeconds[...]
        var pending: UserAction?
        var events: [PostureEvent] = []
        var lastTime = 0.0

        func apply(_ cues: [RoutineCue], at t: Double, runner: inout RoutineRunner?) {
            for cue in cues {
                out.cues.append((t, cue))
                switch cue {
                case .step(let index, _):
                    vibration.enqueue(nudges.routineStepPattern(number: index + 1), kind: .routineStep, at: t)
                case .otherSide: vibration.enqueue(nudges.routineSidePattern, kind: .routineSide, at: t)
                case .holdTargetReached: vibration.enqueue(nudges.holdTargetPattern, kind: .holdTarget, at: t)
                case .finished(let summary):
                    vibration.enqueue(nudges.routineEndPattern, kind: .routineEnd, at: t)
                    out.summary = summary
                    runner = nil
                }
            }
        }

        for record in scenario.trace.records {
            let t = record.sample.timeSeconds
            lastTime = t
            if !started && t >= label.startSeconds {
                started = true
                var r = RoutineRunner(definition: resolved, startSeconds: t)
                let cues = r.start()
                runner = r
                apply(cues, at: t, runner: &runner)
            }
            while let skip = skips.first, t >= skip {
                skips.removeFirst()
                if var r = runner {
                    let cues = r.handle(.skip, at: t)
                    runner = r
                    apply(cues, at: t, runner: &runner)
                }
            }
            // As the daemon: a routine keeps a stretch session open (holds are found only in one).
            if runner != nil, pending == nil, !pipeline.snapshot.inStretchSession { pending = .stretch }
            var action = record.marker
            if action == nil, let p = pending {
                action = p
                pending = nil
            }
            _ = vibration.level(at: t)
            events.removeAll(keepingCapacity: true)
            pipeline.process(record.sample, action: action, disturbed: vibration.isDisturbed(at: t), events: &events)
            out.events += events
            for event in events {
                guard var r = runner, let input = RoutineInput(event: event) else { continue }
                let cues = r.handle(input, at: t)
                runner = r
                apply(cues, at: t, runner: &runner)
            }
            if var r = runner {
                let cues = r.poll(at: t)
                runner = r
                apply(cues, at: t, runner: &runner)
            }
        }
        if var r = runner, out.summary == nil { out.summary = r.stop(at: lastTime) }
        return out
    }
}
