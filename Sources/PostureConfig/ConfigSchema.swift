import PostureCore

/// A value read from the TOML file, already reduced to what the schema needs.
public enum ConfigValue: Equatable, Sendable {
    case double(Double)
    case integer(Int)
    case bool(Bool)
    case string(String)
    case array([ConfigValue])

    var typeName: String {
        switch self {
        case .double: return "a number"
        case .integer: return "an integer"
        case .bool: return "a boolean"
        case .string: return "a string"
        case .array: return "an array"
        }
    }
}

/// One documented key of the configuration file: where it lives, what it accepts,
/// and how it sets the typed configuration. The schema is the single source of truth
/// for validation, defaults and the commented example file (`posture config defaults`).
public struct ConfigKeySpec: Sendable {
    public let section: String
    public let name: String
    /// One or two sentences for the example file.
    public let doc: String
    /// What is allowed, in words, e.g. "1.0 to 90.0".
    public let allowed: String
    let apply: @Sendable (inout PostureConfiguration, ConfigValue) -> String?
    let render: @Sendable (PostureConfiguration) -> String

    public var path: String { "\(section).\(name)" }

    /// Why a config value is not a number in `range`, in words.
    struct NumberProblem: Error { var text: String }

    /// A TOML number (an integer counts) inside `range`, or what is wrong with it.
    static func checkedNumber(_ value: ConfigValue, range: ClosedRange<Double>) -> Result<Double, NumberProblem> {
        let d: Double
        switch value {
        case .double(let x): d = x
        case .integer(let i): d = Double(i)
        default: return .failure(NumberProblem(text: "expected a number, found \(value.typeName)"))
        }
        guard d.isFinite, range.contains(d) else {
            return .failure(NumberProblem(text:
                "\(tomlNumber(d)) is out of range (allowed \(tomlNumber(range.lowerBound)) to \(tomlNumber(range.upperBound)))"))
        }
        return .success(d)
    }

    /// A number with an inclusive range (integers in the file are accepted too).
    public static func number(
        _ section: String, _ name: String, _ keyPath: WritableKeyPath<PostureConfiguration, Double> & Sendable,
        range: ClosedRange<Double>, doc: String
    ) -> ConfigKeySpec {
        ConfigKeySpec(
            section: section, name: name, doc: doc,
            allowed: "\(tomlNumber(range.lowerBound)) to \(tomlNumber(range.upperBound))",
            apply: { config, value in
                switch checkedNumber(value, range: range) {
                case .success(let d): config[keyPath: keyPath] = d; return nil
                case .failure(let problem): return problem.text
                }
            },
            render: { tomlNumber($0[keyPath: keyPath]) })
    }

    /// An integer with an inclusive range.
    public static func integer(
        _ section: String, _ name: String, _ keyPath: WritableKeyPath<PostureConfiguration, Int> & Sendable,
        range: ClosedRange<Int>, doc: String
    ) -> ConfigKeySpec {
        ConfigKeySpec(
            section: section, name: name, doc: doc, allowed: "\(range.lowerBound) to \(range.upperBound)",
            apply: { config, value in
                guard case .integer(let i) = value else { return "expected an integer, found \(value.typeName)" }
                guard range.contains(i) else {
                    return "\(i) is out of range (allowed \(range.lowerBound) to \(range.upperBound))"
                }
                config[keyPath: keyPath] = i
                return nil
            },
            render: { String($0[keyPath: keyPath]) })
    }

    public static func bool(
        _ section: String, _ name: String, _ keyPath: WritableKeyPath<PostureConfiguration, Bool> & Sendable, doc: String
    ) -> ConfigKeySpec {
        ConfigKeySpec(
            section: section, name: name, doc: doc, allowed: "true or false",
            apply: { config, value in
                guard case .bool(let b) = value else { return "expected true or false, found \(value.typeName)" }
                config[keyPath: keyPath] = b
                return nil
            },
            render: { $0[keyPath: keyPath] ? "true" : "false" })
    }

    /// A string; `parse` returns nil for a value it refuses.
    public static func string<T>(
        _ section: String, _ name: String, _ keyPath: WritableKeyPath<PostureConfiguration, T> & Sendable,
        allowed: String, doc: String,
        parse: @escaping @Sendable (String) -> T?, format: @escaping @Sendable (T) -> String
    ) -> ConfigKeySpec {
        ConfigKeySpec(
            section: section, name: name, doc: doc, allowed: allowed,
            apply: { config, value in
                guard case .string(let s) = value else { return "expected a string, found \(value.typeName)" }
                guard let parsed = parse(s) else { return "\"\(s)\" is not allowed (allowed: \(allowed))" }
                config[keyPath: keyPath] = parsed
                return nil
            },
            render: { tomlString(format($0[keyPath: keyPath])) })
    }

    /// A string from a fixed list of choices.
    public static func choice<T: RawRepresentable & CaseIterable & SendableMetatype>(
        _ section: String, _ name: String, _ keyPath: WritableKeyPath<PostureConfiguration, T> & Sendable, doc: String
    ) -> ConfigKeySpec where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        return string(section, name, keyPath, allowed: names.map { "\"\($0)\"" }.joined(separator: ", "), doc: doc,
                      parse: { T(rawValue: $0) }, format: { $0.rawValue })
    }

    /// Any other shape (arrays, optional values): the caller validates.
    public static func custom(
        _ section: String, _ name: String, allowed: String, doc: String,
        apply: @escaping @Sendable (inout PostureConfiguration, ConfigValue) -> String?,
        render: @escaping @Sendable (PostureConfiguration) -> String
    ) -> ConfigKeySpec {
        ConfigKeySpec(section: section, name: name, doc: doc, allowed: allowed, apply: apply, render: render)
    }
}

/// Section descriptions for the example file, in the order they appear there.
public struct ConfigSectionDoc: Sendable {
    public let name: String
    public let doc: String
    public init(_ name: String, _ doc: String) {
        self.name = name
        self.doc = doc
    }
}

/// A number as TOML writes it: always with a decimal point, no exponent for usual values.
func tomlNumber(_ d: Double) -> String {
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
    var s = String(d)
    if s.contains("e") { s = DecimalFormatting.string(d, fractionDigits: 6) }
    return s
}

func tomlString(_ s: String) -> String {
    var out = ""
    JSONText.appendString(s, to: &out)  // TOML basic strings escape like JSON
    return out
}
