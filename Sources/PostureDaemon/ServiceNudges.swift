import PostureCoaching
import PostureCore

/// The smarter nudges (issue 13.5): the positive tap after an answered slouch alert, and
/// what the alert budget withheld, said in the events so the wearer can see why it was quiet.
extension PostureService {
    /// An alert was answered: a slouch corrected within the response window earns the
    /// positive tap (positive_feedback), unless a guided routine runs (its cues are the point
    /// then) or pause, snooze, working hours or quiet hours keep the motor still.
    func answered(_ response: NudgeResponse, at t: Double, now: Double, counters c: inout DailyCounters) {
        guard response.kind == .slouch else { return }
        c.correctedAfterAlert += 1
        let tap: String
        if !nudger.earnsPositiveTap(response) {
            tap = "off"
        } else if routine != nil {
            tap = "routine"
        } else if case .suppressed(let reason) = nudge(.positive, now: now, counters: &c) {
            tap = reason.rawValue
        } else {
            tap = "played"
        }
        emit(PostureEvent(timeSeconds: t, payload: .slouchCorrected(
            SlouchCorrection(afterAlertSeconds: response.afterAlertSeconds, tap: tap))), now: now)
    }

    /// A slouch alert or sitting nudge that did not vibrate: counted, and an `alert_withheld` event.
    func withheld(_ kind: NudgeKind, reason: NudgeSuppression, now: Double, counters c: inout DailyCounters) {
        if reason == .budget { c.alertsBackedOff += 1 }
        let alert = kind == .sitting ? EventName.sittingNudge : EventName.slouchAlert
        emit(PostureEvent(timeSeconds: now, payload: .alertWithheld(AlertWithheld(
            alert: alert, reason: reason.rawValue, ignoredInARow: nudger.ignoredInARow[kind, default: 0],
            backoffFactor: nudger.backoffFactor(for: kind)))), now: now)
    }

    /// Alerts played in a row without an answer (the most of slouch and sitting), and the
    /// largest back-off factor in force: what `posture status` shows of the alert budget.
    var alertBudget: (ignoredInARow: Int, backoffFactor: Double) {
        let kinds: [NudgeKind] = [.slouch, .sitting]
        return (kinds.map { nudger.ignoredInARow[$0, default: 0] }.max() ?? 0,
                kinds.map { nudger.backoffFactor(for: $0) }.max() ?? 1)
    }
}
