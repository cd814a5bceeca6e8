/// What one local day looked like: the figures of `posture stats`.
public struct DailyCounters: Codable, Equatable, Sendable {
    public var slouchedSeconds = 0.0
    public var uprightSeconds = 0.0
    public var sittingSeconds = 0.0
    public var longestSittingBoutSeconds = 0.0
    public var slouchAlerts = 0
    public var sittingNudges = 0
    /// Nudges that vibrated (alerts and stretch feedback).
    public var nudgesPlayed = 0
    /// Alerts not played (snooze, quiet hours, cooldown, hourly cap).
    public var nudgesSuppressed = 0
    public var stretchSessions = 0
    public var holds = 0
    public var holdsTargetMet = 0
    public var holdSecondsTotal = 0.0
    public var longestHoldSeconds = 0.0
    /// The duration of the day's most recent hold (Home Assistant's "last hold").
    public var lastHoldSeconds = 0.0
    /// Sitting bouts ended by standing up or walking.
    public var breaks = 0
    public var bounces = 0
    public var jerks = 0
    public var faults = 0
    public var calibrations = 0
    /// Guided routines ended (done or stopped), those with every step done, steps done in them.
    public var routines = 0
    public var routinesCompleted = 0
    public var routineStepsDone = 0
    /// Slouch alerts answered by sitting up within `response_window_s` (slouch_corrected).
    public var correctedAfterAlert = 0
    /// Alerts withheld by the alert budget (backed off: alerts kept being ignored).
    public var alertsBackedOff = 0
    /// Left against right per one-sided exercise (SideTotals.swift), in the order first held.
    public var sides: [SideTotals] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case slouchedSeconds = "slouched_s", uprightSeconds = "upright_s", sittingSeconds = "sitting_s"
        case longestSittingBoutSeconds = "longest_sitting_bout_s"
        case slouchAlerts = "slouch_alerts", sittingNudges = "sitting_nudges"
        case nudgesPlayed = "nudges_played", nudgesSuppressed = "nudges_suppressed"
        case stretchSessions = "stretch_sessions", holds, holdsTargetMet = "holds_target_met"
        case holdSecondsTotal = "hold_s_total", longestHoldSeconds = "longest_hold_s"
        case bounces, jerks, faults, calibrations
        case routines, routinesCompleted = "routines_completed", routineStepsDone = "routine_steps_done"
        case lastHoldSeconds = "last_hold_s", breaks
        case correctedAfterAlert = "corrected_after_alert", alertsBackedOff = "alerts_backed_off"
        case sides
    }

    // Tolerant decoding: a field added in a later version is simply zero in older files.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func d(_ k: CodingKeys) -> Double { (try? c.decodeIfPresent(Double.self, forKey: k)) ?? 0 }
        func i(_ k: CodingKeys) -> Int { (try? c.decodeIfPresent(Int.self, forKey: k)) ?? 0 }
        slouchedSeconds = d(.slouchedSeconds); uprightSeconds = d(.uprightSeconds); sittingSeconds = d(.sittingSeconds)
        longestSittingBoutSeconds = d(.longestSittingBoutSeconds)
        slouchAlerts = i(.slouchAlerts); sittingNudges = i(.sittingNudges)
        nudgesPlayed = i(.nudgesPlayed); nudgesSuppressed = i(.nudgesSuppressed)
        stretchSessions = i(.stretchSessions); holds = i(.holds); holdsTargetMet = i(.holdsTargetMet)
        holdSecondsTotal = d(.holdSecondsTotal); longestHoldSeconds = d(.longestHoldSeconds)
        bounces = i(.bounces); jerks = i(.jerks); faults = i(.faults); calibrations = i(.calibrations)
        routines = i(.routines); routinesCompleted = i(.routinesCompleted); routineStepsDone = i(.routineStepsDone)
        lastHoldSeconds = d(.lastHoldSeconds); breaks = i(.breaks)
        correctedAfterAlert = i(.correctedAfterAlert); alertsBackedOff = i(.alertsBackedOff)
        sides = (try? c.decodeIfPresent([SideTotals].self, forKey: .sides)) ?? []
    }
}
