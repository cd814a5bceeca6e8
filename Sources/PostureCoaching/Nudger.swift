/// What the nudger decided for one request.
public enum NudgeDecision: Equatable, Sendable {
    case play(VibrationPattern, escalated: Bool)
    case suppressed(NudgeSuppression)
}

public enum NudgeSuppression: String, Equatable, Sendable {
    case snoozed, quietHours = "quiet_hours", cooldown, hourlyLimit = "hourly_limit"
    case paused, outsideWorkingHours = "outside_working_hours"
}

/// Decides whether a nudge plays and with which pattern: snooze, quiet hours,
/// cooldowns per kind, an hourly cap on alerts, escalation after ignored alerts.
/// Pure: times are passed in (monotonic for intervals, wall for snooze and quiet hours).
public struct Nudger: Sendable {
    public var settings: NudgeSettings
    /// Wall-clock end of the snooze (survives restarts through the state file).
    public private(set) var snoozeUntilWall: Double?
    /// A pause (Home Assistant's switch, `posture pause`); survives restarts through the state file.
    public private(set) var pause: NudgePause?
    private var lastPlayed: [NudgeKind: Double] = [:]
    /// Monotonic times of recent alerts, for the hourly cap (bounded by max_per_hour).
    private var recentAlertTimes: [Double] = []
    /// Alerts of each kind played in a row without acknowledgement or correction.
    public private(set) var ignoredInARow: [NudgeKind: Int] = [:]
    /// The last alert played, for acknowledgement by a short press.
    public private(set) var lastAlert: (kind: NudgeKind, monotonic: Double)?

    public init(settings: NudgeSettings) {
        self.settings = settings
    }

    /// Slouch and sitting alerts: what snooze, quiet hours and the hourly cap apply to.
    public static func isAlert(_ kind: NudgeKind) -> Bool { kind == .slouch || kind == .sitting }

    public func isSnoozed(wall: Double) -> Bool { snoozeUntilWall.map { wall < $0 } ?? false }

    public mutating func snooze(seconds: Double, wall: Double) {
        snoozeUntilWall = seconds > 0 ? wall + seconds : nil
    }

    public func isPaused(wall: Double) -> Bool { pause?.isActive(wall: wall) ?? false }

    /// Sets or ends (nil) the pause; one that has already ended is dropped.
    public mutating func setPause(_ p: NudgePause?, wall: Double) {
        pause = p.flatMap { $0.isActive(wall: wall) ? $0 : nil }
    }

    /// The pause in force now, forgetting one that ended (so `posture status` shows none).
    public mutating func expirePause(wall: Double) {
        if let p = pause, !p.isActive(wall: wall) { pause = nil }
    }

    public mutating func restoreSnooze(untilWall: Double?, wall: Double) {
        snoozeUntilWall = untilWall.flatMap { $0 > wall ? $0 : nil }
    }

    /// Decides, and records the nudge if it plays. `weekday` (0 = Sunday, local) enables the
    /// working-hours check of `settings.workingHours`.
    public mutating func request(_ kind: NudgeKind, monotonic: Double, wall: Double, minuteOfDay: Int,
                                 weekday: Int? = nil) -> NudgeDecision {
        let alert = Self.isAlert(kind)
        if alert {
            if isPaused(wall: wall) { return .suppressed(.paused) }
            if isSnoozed(wall: wall) { return .suppressed(.snoozed) }
            if let weekday, !settings.workingHours.isWorking(weekday: weekday, minuteOfDay: minuteOfDay) {
                return .suppressed(.outsideWorkingHours)
            }
            if let quiet = settings.quietHours, quiet.contains(minuteOfDay: minuteOfDay) { return .suppressed(.quietHours) }
        }
        if let last = lastPlayed[kind], monotonic - last < settings.cooldownSeconds(for: kind) {
            return .suppressed(.cooldown)
        }
        if alert {
            recentAlertTimes.removeAll { monotonic - $0 >= 3600 }
            if recentAlertTimes.count >= settings.maxPerHour { return .suppressed(.hourlyLimit) }
            recentAlertTimes.append(monotonic)
        }
        lastPlayed[kind] = monotonic
        guard alert else { return .play(settings.pattern(for: kind), escalated: false) }
        let ignored = ignoredInARow[kind, default: 0]
        ignoredInARow[kind] = ignored + 1
        lastAlert = (kind, monotonic)
        if settings.escalateAfter > 0 && ignored >= settings.escalateAfter {
            return .play(settings.escalationPattern, escalated: true)
        }
        return .play(settings.pattern(for: kind), escalated: false)
    }

    /// A short press: acknowledges the last alert if it is recent. Returns whether it did.
    public mutating func acknowledge(monotonic: Double) -> Bool {
        guard let last = lastAlert, monotonic - last.monotonic <= settings.ackWindowSeconds else { return false }
        ignoredInARow[last.kind] = 0
        lastAlert = nil
        return true
    }

    /// The wearer fixed what the alert was about (sat up, stood up): it was not ignored.
    public mutating func corrected(_ kind: NudgeKind) {
        ignoredInARow[kind] = 0
    }
}
