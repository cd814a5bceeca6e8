import PostureCoaching
import PostureControl
import SystemSupport

/// The lines of `posture stats` under the table: the guided routines of the week, each run on a
/// line, and left against right per one-sided exercise and day.
enum StatsDetails {
    static func render(_ days: [DayStats], routineRuns: [RoutineRun], today: String, calendar: LocalCalendar = LocalCalendar()) -> String {
        var lines: [String] = []
        let todays = routineRuns.filter { $0.day == today }
        let more = routineRuns.count >= RoutineRun.statsLimit ? " or more" : ""
        lines.append("routines  today \(todays.count) (\(todays.filter(\.completed).count) complete), "
            + "last \(RoutineRun.statsDays) days \(routineRuns.count)\(more) (\(routineRuns.filter(\.completed).count) complete)")
        for run in routineRuns {
            lines.append("  \(run.day) \(calendar.timeOfDay(run.startWall).prefix(5))  " + RoutineText.oneLine(run.summary))
        }
        let sided = days.filter { !$0.counters.sides.isEmpty }
        if sided.isEmpty {
            lines.append("sides     no one-sided holds (left/right) on these days")
        }
        var first = true
        for d in sided {
            for t in d.counters.sides {
                lines.append((first ? "sides     " : "          ") + "\(d.day)  " + line(t))
                first = false
            }
        }
        if sided.count > 1 {
            for t in SideTotals.combine(sided.map(\.counters.sides)) {
                lines.append("          all \(sided.count) days  " + line(t))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "knee_to_chest (2 left, 2 right): left 85 s / right 60 s: right side 29 % short; angle ..."
    static func line(_ t: SideTotals) -> String {
        "\(t.exercise) (\(t.leftHolds) left, \(t.rightHolds) right): \(t.secondsText); \(t.degreesText)"
    }
}
