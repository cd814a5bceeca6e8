import Logging
import PostureControl
import PostureCore

/// Turns events into log lines a person reads while `posture run` works:
/// posture and activity changes, alerts, stretch feedback, faults.
public enum EventNarrator {
    public static func log(_ e: PostureEvent, logger: Logger) {
        let (level, text) = describe(e)
        logger.log(level: level, "\(text)")
    }

    public static func describe(_ e: PostureEvent) -> (Logger.Level, String) {
        func num(_ key: String, _ digits: Int = 0) -> String {
            guard let d = e[key]?.doubleValue else { return "?" }
            return DecimalFormatting.string(d, fractionDigits: digits)
        }
        func str(_ key: String) -> String { e[key]?.stringValue ?? "?" }
        switch e.name {
        case EventName.calibrated:
            let source = e["source"]?.stringValue == "auto" ? " (learned automatically)" : ""
            return (.notice, "calibrated: this posture is upright now\(source)")
        case EventName.posture:
            return (.info, "posture: \(str("state"))")
        case EventName.activity:
            return (.info, "activity: \(str("state"))")
        case EventName.slouchAlert:
            return (.notice, "slouch alert: slouched for \(num("slouched_s")) s, sit up")
        case EventName.sittingNudge:
            let s = e["sitting_s"]?.doubleValue ?? 0
            return (.notice, "sitting nudge: sitting for \(DurationText.format(s)), time to stand up and move")
        case EventName.holdStart:
            return (.info, "stretch hold started (pitch \(num("pitch_deg")) deg, roll \(num("roll_deg")) deg)")
        case EventName.holdEnd:
            let met = e["target_met"]?.boolValue == true ? "target met" : "shorter than the target"
            var extra = ""
            if let b = e["bounces"]?.intValue, b > 0 { extra += ", \(b) bounces" }
            if let j = e["jerks"]?.intValue, j > 0 { extra += ", \(j) jerks" }
            return (.info, "hold released after \(num("duration_s", 1)) s (\(met)\(extra))")
        case EventName.bounce:
            return (.warning, "bouncing (\(num("frequency_hz", 1)) Hz, \(num("amplitude_deg")) deg): ease in slowly instead")
        case EventName.jerk:
            return (.warning, "jerky movement (\(num("peak")) deg/s): move smoothly")
        case EventName.fault:
            return (.error, "fault (\(str("kind"))): \(str("detail"))")
        case "stretch_start":
            return (.notice, "stretch session started")
        case "stretch_end":
            return (.notice, "stretch session ended: \(e["holds"]?.intValue ?? 0) holds, \(e["holds_target_met"]?.intValue ?? 0) reached the target")
        case "breath_held":
            return (.info, "breathe: no breathing movement for \(num("held_s")) s during the hold")
        case "repetition":
            return (.info, "\(str("exercise")) repetition \(e["count"]?.intValue ?? 0)")
        case "sensor_recovered":
            return (.notice, "sensor back after \(num("down_s", 1)) s")
        default:
            return (.debug, e.jsonLine())
        }
    }
}
