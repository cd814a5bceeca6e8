/// A value in an event's JSON object, with how it is printed.
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

/// JSON text writing for events (strings escaped per RFC 8259).
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
