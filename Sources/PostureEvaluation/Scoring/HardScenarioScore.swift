import PostureCore
import PosturePipeline
import PostureSimulator

extension ScoreTally {
    /// The hard scenarios' table (issue 10): slouching while typing, jerks both ways, sitting
    /// nudges with short stands and a standing desk. Scored on held-out seeds.
    /// `baselines` adds their information rows under the typing targets.
    public func hardReport(title: String, baselines: TypingBaselines? = nil) -> ScoreReport {
        let m = movement
        var rows: [ScoreRow] = [
            .ratio("typing: slouch-alert precision", slouch.truePositives, of: slouch.truePositives + slouch.falseAlerts, atLeast: 0.95),
            .ratio("typing: slouch-alert recall", slouch.detected, of: slouch.expected, atLeast: 0.95),
            .info("typing: false slouch alerts", "\(slouch.falseAlerts)"),
            .info("typing: slouch-alert latency median/max",
                  "\(fmt(median(slouch.latencySeconds), 1)) / \(fmt(slouch.latencySeconds.max() ?? 0, 1)) s"),
        ]
        rows += baselines?.rows ?? []
        rows += [
            .ratio("hard holds: jerky holds found", m.jerkyHoldsFound, of: m.jerkyHolds, atLeast: 0.95),
            .ratio("hard holds: smooth holds without jerk", m.unjerkyHoldsClean, of: m.unjerkyHolds, atLeast: 0.95),
            .ratio("hard holds: jerk accuracy", m.jerkCorrect, of: m.jerkScored, atLeast: 0.95),
            // Every one: short stands (10-55 s) are not breaks, the standing desk (3-10 min) is.
            .ratio("sitting nudges on time (within 120 s)", nudges.matched, of: nudges.expected, atLeast: 1.0),
            ScoreRow(name: "sitting nudges before time", value: "\(nudges.extra)", target: "0",
                     verdict: nudges.expected == 0 ? .notApplicable : nudges.extra == 0 ? .met : .missed),
            .info("sitting-nudge timing error median/max",
                  "\(fmt(median(nudges.errorSeconds.map(abs)), 1)) / \(fmt(nudges.errorSeconds.map(abs).max() ?? 0, 1)) s"),
            .info("activity accuracy (per second)", activity.rows.first?.value ?? "n/a"),
        ] + shift.hardRows
        return ScoreReport(title: title, scenarios: scenarios, simulatedSeconds: simulatedSeconds, rows: rows)
    }
}
