import PostureCore
import PosturePipeline
import PostureSimulator

/// One scenario replayed: the events and the activity and posture once per second.
public struct ScenarioRun: Sendable {
    public var events: [PostureEvent]
    /// (time, activity) once per second.
    public var activity: [(Double, ActivityState)]
    /// (time, posture) once per second.
    public var posture: [(Double, PostureState)]

    public init(events: [PostureEvent], activity: [(Double, ActivityState)] = [], posture: [(Double, PostureState)] = []) {
        self.events = events
        self.activity = activity
        self.posture = posture
    }

    /// From `posture replay` output: the per-second states come from its activity and posture
    /// events (unknown before the first), for 0...durationSeconds.
    public init(events: [PostureEvent], durationSeconds: Double) {
        func timeline<State>(_ initial: State, _ state: (EventPayload) -> State?) -> [(Double, State)] {
            let changes = events.compactMap { e in state(e.payload).map { (e.timeSeconds, $0) } }
            var out: [(Double, State)] = []
            var current = initial
            var next = 0
            var t = 0.0
            while t <= durationSeconds {
                while next < changes.count && changes[next].0 <= t {
                    current = changes[next].1
                    next += 1
                }
                out.append((t, current))
                t += 1
            }
            return out
        }
        self.init(events: events,
                  activity: timeline(ActivityState.unknown) { if case .activity(let s) = $0 { s } else { nil } },
                  posture: timeline(PostureState.unknown) { if case .posture(let s) = $0 { s } else { nil } })
    }

    /// Runs the scenario's trace through the pipeline (markers as button presses).
    public static func replay(_ scenario: SimulatedScenario, settings: PipelineSettings) -> ScenarioRun {
        var pipeline = PosturePipeline(settings: settings)
        var events: [PostureEvent] = []
        var activity: [(Double, ActivityState)] = []
        var posture: [(Double, PostureState)] = []
        var nextTick = 0.0
        for record in scenario.trace.records {
            pipeline.process(record.sample, action: record.marker, events: &events)
            if record.sample.timeSeconds >= nextTick {
                activity.append((record.sample.timeSeconds, pipeline.state.activity))
                posture.append((record.sample.timeSeconds, pipeline.state.posture))
                nextTick = record.sample.timeSeconds.rounded(.down) + 1
            }
        }
        return ScenarioRun(events: events, activity: activity, posture: posture)
    }

    /// The simulation options and settings a generated scenario is scored with: the exercise
    /// library and the routines alternate the two board mountings by seed (odd: board flat, +x forward and +z up;
    /// even: flat on the back, +z forward and +y up), with `[sensor] forward_axis` to match.
    public static func scoringSetup(_ kind: ScenarioKind, seed: UInt64,
                                    settings: PipelineSettings) -> (SimulationOptions, PipelineSettings) {
        var options = SimulationOptions()
        var s = settings
        if (kind == .exercises || kind.isRoutine) && seed % 2 == 0 {
            options.forwardAxis = SignedAxis(index: 2, sign: 1)
            s.sensor.forwardAxis = options.forwardAxis
        }
        return (options, s)
    }

    /// Times of the events with this name (`EventName`).
    public func times(of name: String) -> [Double] {
        events.filter { $0.name == name }.map(\.timeSeconds)
    }
}
