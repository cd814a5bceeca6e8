import PostureCore
import PostureSimulator

/// Activity agreement per second, skipping 3 s either side of a labelled change.
public struct ActivityScore: Equatable, Sendable {
    public var seconds = 0
    public var correct = 0

    public init() {}

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels) {
        var k = 0
        for (t, state) in run.activity {
            while k < labels.activities.count && labels.activities[k].end < t { k += 1 }
            guard k < labels.activities.count else { break }
            let interval = labels.activities[k]
            guard t >= interval.start + 3, t <= interval.end - 3 else { continue }
            seconds += 1
            if state.rawValue == interval.state { correct += 1 }
        }
    }

    public var rows: [ScoreRow] { [.info("activity accuracy (per second)", ScoreRow.fractionText(correct, of: seconds))] }
}

/// Posture agreement per second, skipping 8 s after a labelled change (the confirmation time),
/// distractor spans and stretch breaks up to the next calibration (held positions there are
/// stretches, not postures to coach), and everything before the first calibration.
public struct PostureScore: Equatable, Sendable {
    public var seconds = 0
    public var correct = 0

    public init() {}

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels) {
        let skip = labels.distractors.map { ($0.start - 1, $0.end + 8) }
            + labels.stretchMarkers.map { m in (m, labels.calibrations.first(where: { $0 > m }) ?? .infinity) }
        var k = 0
        for (t, state) in run.posture {
            while k < labels.postures.count && labels.postures[k].end < t { k += 1 }
            guard k < labels.postures.count else { break }
            let interval = labels.postures[k]
            guard t >= interval.start + 8, t <= interval.end - 1,
                  !skip.contains(where: { t >= $0.0 && t <= $0.1 }),
                  t >= (labels.calibrations.first ?? .infinity) + 1 else { continue }
            seconds += 1
            if state.rawValue == interval.state { correct += 1 }
        }
    }

    public var rows: [ScoreRow] {
        [.info("posture accuracy (per second, outside stretches)", ScoreRow.fractionText(correct, of: seconds))]
    }
}
