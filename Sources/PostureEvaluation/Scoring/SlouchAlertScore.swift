import PostureCore
import PosturePipeline
import PostureSimulator

/// Slouch alerts against labelled slouch episodes: precision, recall, latency.
public struct SlouchAlertScore: Equatable, Sendable {
    /// Alerts that matched an expected episode (the first per episode).
    public var truePositives = 0
    /// Alerts outside every episode and hover span.
    public var falseAlerts = 0
    /// Episodes that expect an alert, and those that got one.
    public var expected = 0
    public var detected = 0
    /// First alert - (episode start + alert_after_s), per detected episode.
    public var latencySeconds: [Double] = []

    public init() {}

    /// One scenario's episodes (merged as in `ScoringRules`) and alerts.
    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels, _ settings: PipelineSettings,
                             failures: inout [String]) {
        let tag = labels.tag
        let a = settings.slouch.alertAfterSeconds
        let angle = settings.slouch.angleDegrees
        let alerts = run.times(of: EventName.slouchAlert)
        let hovers = labels.distractors.filter { $0.kind == "hover" }
        // Episodes less than 10 s apart, or in one hover span (the levels between may stay
        // within the hysteresis), are one episode for the wearer.
        var episodes: [(start: Double, end: Double, expected: Bool)] = []
        for e in labels.slouchEpisodes {
            let clear = e.pitchDegrees >= angle + 2 && e.end - e.start >= a + 5
            let sameHover = hovers.contains { h in episodes.last.map { $0.start >= h.start && $0.start <= h.end } ?? false
                && e.start >= h.start && e.start <= h.end }
            if let last = episodes.last, e.start - last.end < 10 || sameHover {
                episodes[episodes.count - 1].end = e.end
                episodes[episodes.count - 1].expected = last.expected || clear
            } else {
                episodes.append((e.start, e.end, clear))
            }
        }
        var alerted = Set<Int>()
        for t in alerts {
            if let i = episodes.indices.first(where: { t >= episodes[$0].start + a - 5 && t <= episodes[$0].end + 3 }) {
                if episodes[i].expected && !alerted.contains(i) {
                    truePositives += 1
                    let latency = t - (episodes[i].start + a)
                    latencySeconds.append(latency)
                    alerted.insert(i)
                    if latency > 15 { failures.append("\(tag): late slouch alert at \(fmt(t, 1)) s (+\(fmt(latency, 1)) s)") }
                }
                continue
            }
            if hovers.contains(where: { t >= $0.start && t <= $0.end + 3 }) { continue }
            falseAlerts += 1
            failures.append("\(tag): false slouch alert at \(fmt(t, 1)) s")
        }
        for (i, e) in episodes.enumerated() where e.expected {
            expected += 1
            if alerted.contains(i) { detected += 1 } else {
                failures.append("\(tag): missed slouch \(fmt(e.start, 1))-\(fmt(e.end, 1)) s")
            }
        }
    }

    public var rows: [ScoreRow] {
        [
            .ratio("slouch-alert precision", truePositives, of: truePositives + falseAlerts, atLeast: 0.95),
            .ratio("slouch-alert recall", detected, of: expected, atLeast: 0.95),
            .info("slouch-alert latency median/max", "\(fmt(median(latencySeconds), 1)) / \(fmt(latencySeconds.max() ?? 0, 1)) s"),
        ]
    }
}

extension ScenarioLabels {
    /// How misses name the scenario: "desk-work seed 3".
    var tag: String { "\(scenario) seed \(seed)" }
}
