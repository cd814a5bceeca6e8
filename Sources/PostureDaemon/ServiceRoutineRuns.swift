import PostureCoaching
import PostureControl
import SystemSupport

/// Guided routines into the history (table `routine_run`, with their steps) and back out for
/// `posture stats`.
extension PostureService {
    /// Stores an ended routine; `now` is on the monotonic clock, the history keeps wall time.
    func recordRoutineRun(_ summary: RoutineSummary, now: Double) {
        guard let history else { return }
        let end = clock.wallSeconds - (clock.monotonicSeconds - now) * clock.wallSecondsPerClockSecond
        history.append(RoutineRun(startWall: end - summary.durationSeconds, endWall: end, day: calendar.dayKey(end), summary: summary))
    }

    /// The routines of today and the six days before, oldest first, at most `RoutineRun.statsLimit` (the newest).
    func recentRoutineRuns() -> [RoutineRun] {
        guard let history else { return [] }
        let today = calendar.dayKey(clock.wallSeconds)
        let first = LocalCalendar.dayKey(today, adding: 1 - RoutineRun.statsDays) ?? today
        do {
            return Array(try history.routineRuns(from: first, to: today).suffix(RoutineRun.statsLimit))
        } catch {
            logger.error("history: routine runs not readable: \(error)")
            return []
        }
    }
}
