import PostureCore
import PostureSimulator

/// Repetition counts per labelled series.
public struct RepetitionScore: Equatable, Sendable {
    public var series = 0
    /// |last counted - labelled count| per series.
    public var countError: [Double] = []

    public init() {}

    /// Series: consecutive labels of one exercise less than 20 s apart.
    public static func series(_ labels: ScenarioLabels) -> [(start: Double, end: Double, count: Int)] {
        var series: [(start: Double, end: Double, count: Int)] = []
        var lastExercise = ""
        for r in labels.repetitions {
            if let last = series.last, r.exercise == lastExercise, r.t - last.end < 20 {
                series[series.count - 1].end = r.t
                series[series.count - 1].count += 1
            } else {
                series.append((r.t, r.t, 1))
            }
            lastExercise = r.exercise
        }
        return series
    }

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels) {
        let counts: [(t: Double, count: Int)] = run.events.compactMap { e in
            guard case .repetition(let count, _) = e.payload else { return nil }
            return (e.timeSeconds, count)
        }
        for s in Self.series(labels) {
            series += 1
            let counted = counts.filter { $0.t >= s.start - 2 && $0.t <= s.end + 10 }.map(\.count).max() ?? 0
            countError.append(Double(abs(counted - s.count)))
        }
    }

    public var rows: [ScoreRow] {
        [.info("repetition count |error| median/max (series)",
               "\(fmt(median(countError), 1)) / \(fmt(countError.max() ?? 0, 0)) (\(series) series)")]
    }
}
