import PostureCore
import PosturePipeline
import PostureSimulator

/// Sitting nudges against the ideal times derived from the labelled sitting bouts.
public struct SittingNudgeScore: Equatable, Sendable {
    public var expected = 0
    /// Ideal times with a nudge within 120 s.
    public var matched = 0
    /// Nudges before any ideal time of the scenario (repeats after the first are allowed).
    public var extra = 0
    /// Signed nudge - ideal time, per matched nudge.
    public var errorSeconds: [Double] = []

    public init() {}

    /// The ideal time of a bout's first nudge: its start (breaks shorter than [sitting] break_s do
    /// not end it) + nudge_after_s.
    public static func idealTimes(_ labels: ScenarioLabels, _ settings: PipelineSettings) -> [Double] {
        let n = settings.sitting.nudgeAfterSeconds
        var ideals: [Double] = []
        var boutStart: Double?
        var nudged = false
        for interval in labels.activities {
            if interval.state == ActivityState.sitting.rawValue {
                if boutStart == nil { boutStart = interval.start; nudged = false }
                if let b = boutStart, !nudged, interval.end >= b + n { ideals.append(b + n); nudged = true }
            } else if interval.end - interval.start >= settings.sitting.breakSeconds {
                boutStart = nil
            }
        }
        return ideals
    }

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels, _ settings: PipelineSettings,
                             failures: inout [String]) {
        let ideals = Self.idealTimes(labels, settings)
        let nudges = run.times(of: EventName.sittingNudge)
        var used = Set<Int>()
        for ideal in ideals {
            expected += 1
            if let i = nudges.indices.filter({ !used.contains($0) }).min(by: { abs(nudges[$0] - ideal) < abs(nudges[$1] - ideal) }),
               abs(nudges[i] - ideal) <= 120 {
                used.insert(i)
                matched += 1
                errorSeconds.append(nudges[i] - ideal)
            } else {
                failures.append("\(labels.tag): sitting nudge due at \(fmt(ideal, 1)) s missed (nudges at \(nudges.map { fmt($0, 1) }.joined(separator: ", ")))")
            }
        }
        // Repeats are allowed after the first nudge of a bout; count only nudges far from any ideal.
        let early = nudges.indices.filter { i in
            !used.contains(i) && !ideals.contains(where: { nudges[i] > $0 })
        }
        extra += early.count
        for i in early { failures.append("\(labels.tag): sitting nudge at \(fmt(nudges[i], 1)) s before time") }
    }

    public var rows: [ScoreRow] {
        let absolute = errorSeconds.map(abs)
        return [
            .info("sitting nudges matched", "\(matched)/\(expected), \(extra) extra"),
            .info("sitting-nudge timing error median/max", "\(fmt(median(absolute), 1)) / \(fmt(absolute.max() ?? 0, 1)) s"),
        ]
    }
}
