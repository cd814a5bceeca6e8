/// The posture states of `posture` events (see shared spec, section 3).
public enum PostureState: String, Sendable, Equatable, CaseIterable {
    case upright, slouched, reclined, leaning, unknown
}

/// The activity states of `activity` events.
public enum ActivityState: String, Sendable, Equatable, CaseIterable {
    case sitting, standing, walking, lying, unknown
}

/// A value in an event's JSON object.
public enum EventValue: Equatable, Sendable {
    /// A number printed with a fixed count of fraction digits (determinism).
    case number(Double, fractionDigits: Int)
    case integer(Int)
    case bool(Bool)
    case string(String)
    /// `[x,y,z]` with a fixed count of fraction digits.
    case vector(Vector3, fractionDigits: Int)

    public var doubleValue: Double? {
        switch self {
        case .number(let d, _): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }
    public var intValue: Int? {
        if case .integer(let i) = self { return i }
        return nil
    }
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    public var vectorValue: Vector3? {
        if case .vector(let v, _) = self { return v }
        return nil
    }
}

/// One event as written to JSON Lines: `{"t":...,"event":"name",...fields}`.
///
/// Fields keep their order so the output is byte-for-byte deterministic. The spec's
/// events have named constructors below; extensions add events by name.
public struct PostureEvent: Equatable, Sendable {
    /// Seconds since the start of the trace (replay) or since the Unix epoch (daemon).
    public var timeSeconds: Double
    public var name: String
    public var fields: [(key: String, value: EventValue)]

    public init(timeSeconds: Double, name: String, fields: [(key: String, value: EventValue)] = []) {
        self.timeSeconds = timeSeconds
        self.name = name
        self.fields = fields
    }

    public subscript(key: String) -> EventValue? {
        fields.first(where: { $0.key == key })?.value
    }

    public static func == (a: PostureEvent, b: PostureEvent) -> Bool {
        a.timeSeconds == b.timeSeconds && a.name == b.name && a.fields.count == b.fields.count
            && zip(a.fields, b.fields).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// The event as one line of JSON (no trailing newline). `t` gets 3 decimals
    /// (milliseconds), enough for samples at up to 1 kHz.
    public func jsonLine(timeFractionDigits: Int = 3) -> String {
        var out = "{\"t\":"
        DecimalFormatting.append(timeSeconds, fractionDigits: timeFractionDigits, to: &out)
        out += ",\"event\":"
        JSONText.appendString(name, to: &out)
        for (key, value) in fields {
            out += ","
            JSONText.appendString(key, to: &out)
            out += ":"
            JSONText.append(value, to: &out)
        }
        out += "}"
        return out
    }
}

/// The event names fixed by the shared spec.
public enum EventName {
    public static let calibrated = "calibrated"
    public static let posture = "posture"
    public static let slouchAlert = "slouch_alert"
    public static let activity = "activity"
    public static let sittingNudge = "sitting_nudge"
    public static let holdStart = "hold_start"
    public static let holdEnd = "hold_end"
    public static let bounce = "bounce"
    public static let jerk = "jerk"
    public static let fault = "fault"
}

extension PostureEvent {
    public static func calibrated(at t: Double, up: Vector3) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: EventName.calibrated, fields: [("up", .vector(up, fractionDigits: 4))])
    }
    public static func posture(at t: Double, state: PostureState) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: EventName.posture, fields: [("state", .string(state.rawValue))])
    }
    public static func slouchAlert(at t: Double, slouchedSeconds: Double) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: EventName.slouchAlert, fields: [("slouched_s", .number(slouchedSeconds, fractionDigits: 1))])
    }
    public static func activity(at t: Double, state: ActivityState) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: EventName.activity, fields: [("state", .string(state.rawValue))])
    }
    public static func sittingNudge(at t: Double, sittingSeconds: Double) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: EventName.sittingNudge, fields: [("sitting_s", .number(sittingSeconds, fractionDigits: 1))])
    }
    public static func fault(at t: Double, kind: String, detail: String) -> PostureEvent {
        PostureEvent(timeSeconds: t, name: EventName.fault, fields: [("kind", .string(kind)), ("detail", .string(detail))])
    }
}

/// Minimal JSON text writing for events (strings escaped per RFC 8259).
public enum JSONText {
    public static func append(_ value: EventValue, to out: inout String) {
        switch value {
        case .number(let d, let digits): appendNumber(d, fractionDigits: digits, to: &out)
        case .integer(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .string(let s): appendString(s, to: &out)
        case .vector(let v, let digits):
            out += "["
            appendNumber(v.x, fractionDigits: digits, to: &out); out += ","
            appendNumber(v.y, fractionDigits: digits, to: &out); out += ","
            appendNumber(v.z, fractionDigits: digits, to: &out)
            out += "]"
        }
    }

    /// JSON has no NaN or infinity: those become `null`.
    public static func appendNumber(_ d: Double, fractionDigits: Int, to out: inout String) {
        if d.isFinite { DecimalFormatting.append(d, fractionDigits: fractionDigits, to: &out) } else { out += "null" }
    }

    public static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
