import PostureCoaching
import PostureControl
import SystemSupport

/// Pauses and working hours: `posture pause`, Home Assistant's switch, `[schedule]`.
extension PostureService {
    /// Pauses alerts or resumes them. Saved at once: the wearer expects it to hold over a restart.
    /// Returns the wall-clock end of the pause (nil: until resumed, or resumed).
    @discardableResult
    public func setPause(_ request: PauseRequest) -> Double? {
        let wall = clock.wallSeconds
        switch request {
        case .off:
            nudger.setPause(nil, wall: wall)
            logger.notice("pause off")
        case .resumed:
            nudger.setPause(.indefinitely, wall: wall)
            logger.notice("paused until resumed")
        case .tomorrow:
            let cal = calendar
            let end = nextLocalMidnight(after: wall) { cal.secondsSinceMidnight($0) }
            nudger.setPause(.until(wallSeconds: end), wall: wall)
            logger.notice("paused until tomorrow (\(calendar.dayKey(end)) 00:00)")
        }
        saveState()
        return nudger.pause?.untilWall
    }

    /// Alerts are held back now: paused, snoozed or outside working hours (Home Assistant's switch shows the pause only).
    public var isPaused: Bool { nudger.isPaused(wall: clock.wallSeconds) }
}

extension StatusReport {
    /// Adds the pause and today's working hours.
    func withSchedule(nudger: Nudger, calendar: LocalCalendar, wall: Double) -> StatusReport {
        var s = self
        s.paused = nudger.isPaused(wall: wall)
        s.pausedUntil = nudger.isPaused(wall: wall) ? nudger.pause?.untilWall : nil
        s.pausedRemainingSeconds = s.pausedUntil.map { ($0 - wall).rounded() }
        let hours = nudger.settings.workingHours
        let weekday = calendar.weekday(wall)
        s.workingHoursNow = hours.isWorking(weekday: weekday, minuteOfDay: calendar.minuteOfDay(wall))
        s.workingHoursToday = hours.days[weekday].description
        return s
    }
}
