import Foundation
import PostureCore

/// Durations as people type them: "90s", "30m", "1h", "1h30m", "45" (seconds), "off".
public enum DurationText {
    /// Seconds; 0 for "off". nil when not understood.
    public static func parseSeconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "off" || t == "0" { return 0 }
        if let plain = Double(t), plain.isFinite, plain > 0 { return plain }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for ch in t {
            if ch.isNumber || ch == "." {
                number.append(ch)
                continue
            }
            guard let value = Double(number), value.isFinite else { return nil }
            switch ch {
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86400
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, total > 0 else { return nil }
        return total
    }

    /// "1h 05m", "12m 30s", "45s"
    public static func format(_ seconds: Double) -> String {
        let s = max(0, Int(saturating: seconds.rounded()))  // figures come from a peer's answer
        if s >= 3600 { return "\(s / 3600)h " + pad2((s % 3600) / 60) + "m" }
        if s >= 60 { return "\(s / 60)m " + pad2(s % 60) + "s" }
        return "\(s)s"
    }

    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
