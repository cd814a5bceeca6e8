import Foundation
import PostureCoaching
import PostureControl
import PostureCore
import PostureDaemon
import SystemSupport

/// The rows of `posture export`: the documented columns, written once.
enum ExportFormat {
    static let eventColumns = ["t", "day", "time", "event", "state", "duration_s", "target_met", "json"]
    static let dayColumns = ["day", "slouched_s", "upright_s", "sitting_s", "longest_sitting_bout_s", "slouch_alerts",
                             "sitting_nudges", "nudges_played", "nudges_suppressed", "stretch_sessions", "holds",
                             "holds_target_met", "hold_s_total", "longest_hold_s", "bounces", "jerks", "faults", "calibrations"]

    static func eventRow(_ e: StoredEvent, calendar: LocalCalendar) -> String {
        let object = try? JSONReader.object(from: e.json)
        func field(_ key: String) -> String {
            switch object?[key] {
            case .string(let s): return s
            case .number(let x): return plainNumber(x)
            case .bool(let b): return b ? "true" : "false"
            default: return ""
            }
        }
        let duration = ["duration_s", "slouched_s", "sitting_s"].map(field).first { !$0.isEmpty } ?? ""
        return [DecimalFormatting.string(e.wallSeconds, fractionDigits: 3), e.day, calendar.timeOfDay(e.wallSeconds), e.name,
                field("state"), duration, field("target_met"), e.json].map(csvField).joined(separator: ",") + "\n"
    }

    static func dayRow(_ d: DayStats) -> String {
        let values = dayValues(d.counters)
        return ([d.day] + dayColumns.dropFirst().map { values[$0] ?? "" }).map(csvField).joined(separator: ",") + "\n"
    }

    /// {"day":"2026-11-24","slouched_s":...}: the day's figures flat, in the column order.
    static func dayObject(_ d: DayStats) -> String {
        let values = dayValues(d.counters)
        let members = [#""day":"\#(jsonEscaped(d.day))""#] + dayColumns.dropFirst().compactMap { key in values[key].map { "\"\(key)\":\($0)" } }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// The counters as `posture stats --json` writes them, by key (numbers as JSON text).
    static func dayValues(_ c: DailyCounters) -> [String: String] {
        guard let data = try? JSONEncoder().encode(c),
              let text = String(data: data, encoding: .utf8), let object = try? JSONReader.object(from: text) else { return [:] }
        var out: [String: String] = [:]
        for (key, value) in object.members {
            if case .number(let x) = value { out[key] = plainNumber(x) }
        }
        return out
    }

    /// 12, 12.25: integers without a fraction, others as Swift's shortest exact text.
    static func plainNumber(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
