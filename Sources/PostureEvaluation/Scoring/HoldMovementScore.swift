import PostureCore
import PostureSimulator

/// Bounces and jerks, per labelled hold, and jerk events against jerk labels.
public struct HoldMovementScore: Equatable, Sendable {
    /// Holds with 0 or 2+ bounce cycles (1 cycle is not scored), and those classified right.
    public var bounceScored = 0
    public var bounceCorrect = 0
    public var jerkScored = 0
    public var jerkCorrect = 0
    /// Smooth holds, and those with a bounce or jerk event inside.
    public var smoothHolds = 0
    public var smoothHoldsFlagged = 0
    public var jerkLabels = 0
    public var jerkLabelsFound = 0
    public var jerkEvents = 0
    public var jerkEventsMatched = 0
    /// Per hold, both ways: jerky holds with a jerk found, holds without jerks left clean.
    public var jerkyHolds = 0
    public var jerkyHoldsFound = 0
    public var unjerkyHolds = 0
    public var unjerkyHoldsClean = 0

    public init() {}

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels, failures: inout [String]) {
        let bounceTimes = run.times(of: EventName.bounce)
        let jerkTimes = run.times(of: EventName.jerk)
        let tag = labels.tag
        for hold in labels.holds {
            let bounced = bounceTimes.contains { $0 >= hold.start && $0 <= hold.end + 2 }
            if hold.bounces != 1 {
                bounceScored += 1
                if bounced == (hold.bounces >= 2) { bounceCorrect += 1 } else {
                    failures.append("\(tag): hold \(hold.stretch) \(hold.style) \(fmt(hold.start, 1)) s: bounce \(bounced ? "reported" : "missed")")
                }
            }
            let jerked = jerkTimes.contains { $0 >= hold.start - 2 && $0 <= hold.end + 3 }
            jerkScored += 1
            if hold.jerks > 0 {
                jerkyHolds += 1
                if jerked { jerkyHoldsFound += 1 }
            } else {
                unjerkyHolds += 1
                if !jerked { unjerkyHoldsClean += 1 }
            }
            if jerked == (hold.jerks > 0) { jerkCorrect += 1 } else {
                failures.append("\(tag): hold \(hold.stretch) \(hold.style) \(fmt(hold.start, 1)) s: jerk \(jerked ? "reported" : "missed")")
            }
            if hold.style == "smooth" {
                smoothHolds += 1
                let flagged = bounceTimes.contains { $0 >= hold.start && $0 <= hold.end }
                    || jerkTimes.contains { $0 >= hold.start && $0 <= hold.end }
                if flagged {
                    smoothHoldsFlagged += 1
                    failures.append("\(tag): smooth hold \(hold.stretch) \(fmt(hold.start, 1)) s flagged")
                }
            }
        }
        jerkLabels += labels.jerks.count
        jerkLabelsFound += labels.jerks.filter { j in jerkTimes.contains { $0 >= j.t - 0.5 && $0 <= j.t + 2.5 } }.count
        jerkEvents += jerkTimes.count
        jerkEventsMatched += jerkTimes.filter { t in labels.jerks.contains { t >= $0.t - 0.5 && t <= $0.t + 2.5 } }.count
    }

    public var rows: [ScoreRow] {
        let smooth = smoothHolds == 0
            ? ScoreRow(name: "smooth holds with bounce/jerk", value: "0/0", target: "0", verdict: .notApplicable)
            : ScoreRow(name: "smooth holds with bounce/jerk", value: "\(smoothHoldsFlagged)/\(smoothHolds)", target: "0",
                       verdict: smoothHoldsFlagged == 0 ? .met : .missed)
        return [
            .ratio("bounce detection accuracy (holds)", bounceCorrect, of: bounceScored, atLeast: 0.95),
            .ratio("jerk detection accuracy (holds)", jerkCorrect, of: jerkScored, atLeast: 0.95),
            smooth,
            .info("jerk events: labels found / events matched", "\(jerkLabelsFound)/\(jerkLabels), \(jerkEventsMatched)/\(jerkEvents)"),
        ]
    }
}
