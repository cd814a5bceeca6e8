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
                             "holds_target_met", "hold_s_total", "longest_hold_s", "bounces", "jerks", "faults", "calibrations",
                             "routines", "routines_completed", "routine_steps_done"] + sideColumns
    /// Left and right of the day's one-sided holds: all exercises, then each one-sided exercise
    /// of the spec (held time and the largest angle per side).
    static let sideColumns = ["side_left_holds", "side_right_holds", "side_left_s", "side_right_s"]
        + Exercise.allCases.filter(\.isOneSided).flatMap { e in ["left_s", "right_s", "left_deg", "right_deg"].map { "\(e.rawValue)_\($0)" } }
    /// One row per step of each guided routine (the run's figures repeated on each).
    static let routineColumns = ["day", "time", "start_t", "end_t", "routine", "stopped", "duration_s", "step", "steps", "exercise",
                                 "kind", "count", "hold_target_s", "both_sides", "outcome", "holds", "holds_target_met", "hold_s",
                                 "left_hold_s", "right_hold_s", "repetitions", "bounces", "jerks", "unconfirmed"]

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
        let all = c.sides.reduce(into: SideTotals(exercise: "all")) { $0.add($1) }
        out["side_left_holds"] = String(all.leftHolds)
        out["side_right_holds"] = String(all.rightHolds)
        out["side_left_s"] = plainNumber(all.leftSeconds)
        out["side_right_s"] = plainNumber(all.rightSeconds)
        for e in Exercise.allCases where e.isOneSided {
            let t = c.sides.first { $0.exercise == e.rawValue } ?? SideTotals(exercise: e.rawValue)
            out[e.rawValue + "_left_s"] = plainNumber(t.leftSeconds)
            out[e.rawValue + "_right_s"] = plainNumber(t.rightSeconds)
            out[e.rawValue + "_left_deg"] = plainNumber(t.leftDegrees)
            out[e.rawValue + "_right_deg"] = plainNumber(t.rightDegrees)
        }
        return out
    }

    /// The CSV rows of one routine run: one per step.
    static func routineRows(_ r: RoutineRun, calendar: LocalCalendar) -> String {
        let s = r.summary
        let run = [r.day, calendar.timeOfDay(r.startWall), DecimalFormatting.string(r.startWall, fractionDigits: 3),
                   DecimalFormatting.string(r.endWall, fractionDigits: 3), s.name, s.stopped ? "true" : "false",
                   plainNumber(s.durationSeconds)]
        var out = ""
        for (i, step) in s.steps.enumerated() {
            func side(_ name: String) -> String { plainNumber(step.holds.filter { $0.side == name }.reduce(0) { $0 + $1.seconds }) }
            let cells = run + [
                String(i + 1), String(s.steps.count), step.exercise, step.kind.rawValue, String(step.count),
                step.holdSeconds.map(plainNumber) ?? "", step.bothSides ? "true" : "false", step.outcome.rawValue,
                String(step.holds.count), String(step.holdsMet(side: nil)),
                plainNumber(step.holds.reduce(0) { $0 + $1.seconds }), side("left"), side("right"),
                String(step.repetitions), String(step.bounces), String(step.jerks), String(step.unconfirmed),
            ]
            out += cells.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The run as one JSON object: {"day":...,"end_t":...,"start_t":...,"summary":{...}} (keys sorted).
    static func routineObject(_ r: RoutineRun) -> String {
        (try? RoutineRun.encoder.encode(r)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
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
