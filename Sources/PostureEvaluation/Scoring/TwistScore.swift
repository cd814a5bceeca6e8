import PostureCore
import PostureSimulator

/// Quick self-twists: a twist event within [t - 0.5 s, t + 2 s] of a labelled one.
public struct TwistScore: Equatable, Sendable {
    public var labelled = 0
    public var found = 0
    public var events = 0

    public init() {}

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels, failures: inout [String]) {
        let twists = run.times(of: EventName.twist)
        labelled += labels.twists.count
        events += twists.count
        for t in labels.twists {
            if twists.contains(where: { $0 >= t - 0.5 && $0 <= t + 2 }) { found += 1 } else {
                failures.append("\(labels.tag): missed twist at \(fmt(t, 1)) s")
            }
        }
    }

    public var rows: [ScoreRow] { [.info("twists: found / events", "\(found)/\(labelled), \(events) events")] }
}
