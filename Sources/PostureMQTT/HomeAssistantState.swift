import PostureCore

/// The values Home Assistant shows, published as one retained JSON object on BASE/state.
public struct HomeAssistantState: Equatable, Sendable {
    public var slouching = false
    public var sitting = false
    public var tiltDegrees = 0.0
    public var sittingBoutSeconds = 0.0
    public var slouchedMinutesToday = 0.0
    public var breaksToday = 0
    public var holdsToday = 0
    public var lastHoldSeconds = 0.0
    public var paused = false
    public var posture = "unknown"
    public var activity = "unknown"
    public var calibrated = false
    /// "ok", "fault", "stalled", "starting"
    public var sensor = "starting"
    /// Slouch alerts answered by sitting up today, and the alert budget's back-off (1: none).
    public var correctedAfterAlertToday = 0
    public var alertBackoffFactor = 1.0

    public init() {}

    /// The JSON object; values rounded to what the entities show, so that noise in the last
    /// digit does not make a new message.
    public var json: String {
        var out = "{"
        func key(_ k: String) {
            if out.count > 1 { out += "," }
            JSONText.appendString(k, to: &out)
            out += ":"
        }
        func onOff(_ k: String, _ v: Bool) { key(k); out += v ? "\"ON\"" : "\"OFF\"" }
        func number(_ k: String, _ v: Double, _ digits: Int) { key(k); out += DecimalFormatting.string(v.isFinite ? v : 0, fractionDigits: digits) }
        func string(_ k: String, _ v: String) { key(k); JSONText.appendString(v, to: &out) }
        onOff("slouching", slouching)
        onOff("sitting", sitting)
        number("tilt_deg", tiltDegrees, 1)
        number("sitting_bout_s", sittingBoutSeconds.rounded(.down), 0)
        number("slouched_today_min", slouchedMinutesToday, 1)
        key("breaks_today"); out += String(breaksToday)
        key("holds_today"); out += String(holdsToday)
        number("last_hold_s", lastHoldSeconds, 1)
        onOff("paused", paused)
        string("posture", posture)
        string("activity", activity)
        key("calibrated"); out += calibrated ? "true" : "false"
        string("sensor", sensor)
        key("corrected_after_alert_today"); out += String(correctedAfterAlertToday)
        number("alert_backoff_factor", alertBackoffFactor, 1)
        out += "}"
        return out
    }
}
