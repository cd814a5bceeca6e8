/// What the nudger decided for one request.
public enum NudgeDecision: Equatable, Sendable {
    case play(VibrationPattern, escalated: Bool)
    case suppressed(NudgeSuppression)
}

public enum NudgeSuppression: String, Equatable, Sendable, CaseIterable {
    case snoozed, quietHours = "quiet_hours", cooldown, hourlyLimit = "hourly_limit"
    case paused, outsideWorkingHours = "outside_working_hours"
    /// The alert budget: alerts kept being ignored, so the cooldown is backed off.
    case budget
}

/// A slouch (or sitting) alert answered in time: the wearer corrected it.
public struct NudgeResponse: Equatable, Sendable {
    public var kind: NudgeKind
    /// From the alert to the correction.
    public var afterAlertSeconds: Double
}

/// Decides whether a nudge plays and with which pattern: snooze, quiet hours,
/// cooldowns per kind, an hourly cap on alerts, escalation after ignored alerts, and the
/// alert budget that backs the cooldown off while alerts keep being ignored.
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
    /// Per kind, the played alert still waiting for its answer (the wearer correcting it).
    private var unansweredAlert: [NudgeKind: Double] = [:]

    public init(settings: NudgeSettings) {
        self.settings = settings
    }

    /// Slouch and sitting alerts: what snooze, quiet hours and the hourly cap apply to.
    public static func isAlert(_ kind: NudgeKind) -> Bool { kind == .slouch || kind == .sitting }

    /// What pause, snooze, working hours and quiet hours silence: the alerts, and the tap that
    /// answers one (no buzz of any kind in a quiet hour).
    static func isQuietable(_ kind: NudgeKind) -> Bool { isAlert(kind) || kind == .positive }

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
        if Self.isQuietable(kind) {
            if isPaused(wall: wall) { return .suppressed(.paused) }
            if isSnoozed(wall: wall) { return .suppressed(.snoozed) }
            if let weekday, !settings.workingHours.isWorking(weekday: weekday, minuteOfDay: minuteOfDay) {
                return .suppressed(.outsideWorkingHours)
            }
            if let quiet = settings.quietHours, quiet.contains(minuteOfDay: minuteOfDay) { return .suppressed(.quietHours) }
        }
        if let last = lastPlayed[kind] {
            if monotonic - last < settings.cooldownSeconds(for: kind) { return .suppressed(.cooldown) }
            if monotonic - last < cooldownSeconds(for: kind) { return .suppressed(.budget) }
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
        unansweredAlert[kind] = monotonic
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

    /// The wearer fixed what an alert of this kind was about (sat up, stood up). A slouch
    /// corrected within `response_window_s` of its alert answers it (returned, once per alert)
    /// and resets the count of ignored alerts; a later one leaves the alert ignored. Any break
    /// answers a sitting nudge: it asked for one, whenever it comes.
    public mutating func corrected(_ kind: NudgeKind, monotonic: Double) -> NudgeResponse? {
        if kind == .sitting { ignoredInARow[kind] = 0 }
        guard let alert = unansweredAlert[kind] else { return nil }
        unansweredAlert[kind] = nil
        let after = monotonic - alert
        guard kind == .sitting || after <= settings.responseWindowSeconds else { return nil }
        ignoredInARow[kind] = 0
        return NudgeResponse(kind: kind, afterAlertSeconds: after)
    }

    /// Whether the positive tap is due for this answer (`positive_feedback`, slouch only).
    public func earnsPositiveTap(_ response: NudgeResponse) -> Bool {
        settings.positiveFeedback && response.kind == .slouch
    }

    /// The cooldown in force: the configured one, backed off while alerts keep being ignored
    /// (`backoff_after`, doubling up to `backoff_max_factor`).
    public func cooldownSeconds(for kind: NudgeKind) -> Double {
        settings.cooldownSeconds(for: kind) * backoffFactor(for: kind)
    }

    /// 1 while the wearer answers alerts; 2, 4, ... (at most `backoff_max_factor`) after
    /// `backoff_after` ignored alerts in a row.
    public func backoffFactor(for kind: NudgeKind) -> Double {
        let ignored = ignoredInARow[kind, default: 0]
        guard Self.isAlert(kind), settings.backoffAfter > 0, ignored >= settings.backoffAfter else { return 1 }
        let doublings = min(ignored - settings.backoffAfter + 1, 30)
        return max(1, min(settings.backoffMaxFactor, Double(1 << doublings)))
    }
}
