// The daemon's own coaching events (never in `posture replay`: the nudger runs in the daemon).

/// `slouch_corrected`: the wearer sat up within the response window of a slouch alert.
public struct SlouchCorrection: Equatable, Sendable {
    /// From the alert (when its pattern was queued) to the upright posture.
    public var afterAlertSeconds: Double
    /// What became of the positive tap: `played`, `off` (positive_feedback = false), `routine`
    /// (a guided routine runs), or the rule that withheld it (`paused`, `quiet_hours`, ...).
    public var tap: String

    public init(afterAlertSeconds: Double, tap: String) {
        self.afterAlertSeconds = afterAlertSeconds
        self.tap = tap
    }
}

/// `alert_withheld`: a slouch alert or sitting nudge that did not vibrate, and why.
public struct AlertWithheld: Equatable, Sendable {
    /// The event that asked for it: `slouch_alert` or `sitting_nudge`.
    public var alert: String
    /// `budget` (backed off: alerts kept being ignored), `cooldown`, `hourly_limit`, `snoozed`,
    /// `paused`, `quiet_hours`, `outside_working_hours`.
    public var reason: String
    /// Alerts of this kind played in a row without an answer, and the cooldown's factor in force.
    public var ignoredInARow: Int
    public var backoffFactor: Double

    public init(alert: String, reason: String, ignoredInARow: Int, backoffFactor: Double) {
        self.alert = alert
        self.reason = reason
        self.ignoredInARow = ignoredInARow
        self.backoffFactor = backoffFactor
    }
}

extension EventJSONCodec {
    static func fields(of c: SlouchCorrection) -> [(key: String, value: EventValue)] {
        [("after_alert_s", .number(c.afterAlertSeconds, fractionDigits: 1)), ("tap", .string(c.tap))]
    }

    static func fields(of w: AlertWithheld) -> [(key: String, value: EventValue)] {
        [("alert", .string(w.alert)), ("reason", .string(w.reason)), ("ignored_in_a_row", .integer(w.ignoredInARow)),
         ("backoff_factor", .number(w.backoffFactor, fractionDigits: 1))]
    }
}
