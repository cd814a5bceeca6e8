import Foundation
import SystemSupport
import TOMLKit
import PostureCore

/// A configuration file that cannot be used, with where and why.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    /// The file, or "<string>" for text given directly.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// `section.key`, when the problem is one key.
    public var key: String?
    public var message: String

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let key { s += "\(key): " }
        return s + message
    }
}

extension PostureConfiguration {
    /// Reads and validates a TOML file. A missing file is an error here; callers that
    /// accept a missing default file check for it first.
    public static func load(path: String) throws(ConfigError) -> PostureConfiguration {
        let bytes = try readFile(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(file: path, line: nil, key: nil, message: "not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// The file's bytes with POSIX calls: Foundation's URL and Data readers pulled several
    /// hundred kB of code into the daemon's resident memory for one small file.
    static func readFile(_ path: String) throws(ConfigError) -> [UInt8] {
        do {
            return try WholeFile.read(path: path)
        } catch {
            let reason = error.code == ENOENT ? "no such file" : error.reason
            throw ConfigError(file: path, line: nil, key: nil, message: "cannot read: \(reason)")
        }
    }

    /// Parses TOML text. Unknown sections and keys, wrong types and out-of-range values
    /// are errors that name the key, the value and what is allowed.
    public static func parse(_ text: String, file: String = "<string>") throws(ConfigError) -> PostureConfiguration {
        if text.utf8.contains(0) {
            throw ConfigError(file: file, line: nil, key: nil, message: "not a text file (contains NUL bytes)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, key: nil, message: "TOML syntax: \(error.description)")
        } catch {
            throw ConfigError(file: file, line: nil, key: nil, message: "TOML syntax: \(error)")
        }
        var config = PostureConfiguration()
        let specs = schema
        let sections = Set(specs.map(\.section))
        let locator = KeyLocator(text: text)
        for sectionName in table.keys.sorted() {
            guard sections.contains(sectionName) else {
                throw ConfigError(file: file, line: locator.line(section: sectionName, key: nil), key: sectionName,
                                  message: "unknown section (known: \(sections.sorted().joined(separator: ", ")))")
            }
            guard let section = table[sectionName]?.table else {
                throw ConfigError(file: file, line: locator.line(section: nil, key: sectionName), key: sectionName,
                                  message: "expected a [\(sectionName)] table")
            }
            let sectionSpecs = specs.filter { $0.section == sectionName }
            for keyName in section.keys.sorted() {
                let path = "\(sectionName).\(keyName)"
                let line = locator.line(section: sectionName, key: keyName)
                guard let spec = sectionSpecs.first(where: { $0.name == keyName }) else {
                    throw ConfigError(file: file, line: line, key: path,
                                      message: "unknown key (known in [\(sectionName)]: \(sectionSpecs.map(\.name).joined(separator: ", ")))")
                }
                guard let raw = section[keyName], let value = ConfigValue(raw) else {
                    throw ConfigError(file: file, line: line, key: path, message: "unsupported value type (allowed: \(spec.allowed))")
                }
                if let problem = spec.apply(&config, value) {
                    throw ConfigError(file: file, line: line, key: path, message: problem)
                }
            }
        }
        if let problem = config.crossCheck() {
            throw ConfigError(file: file, line: nil, key: problem.key, message: problem.message)
        }
        return config
    }

    /// Checks that involve more than one key; extended by the modules that add keys.
    func crossCheck() -> (key: String, message: String)? {
        for check in Self.crossChecks {
            if let problem = check(self) { return problem }
        }
        return nil
    }

    /// The configuration as a commented TOML file with every key at its current value:
    /// `posture config defaults` prints it for a default configuration.
    public func documentedTOML() -> String {
        var out = "# posture configuration. Every key is optional: the value shown is the default.\n"
        out += "# Unknown keys and out-of-range values are errors; `posture config check FILE` validates.\n"
        let specs = Self.schema
        var sectionOrder: [String] = []
        for spec in specs where !sectionOrder.contains(spec.section) { sectionOrder.append(spec.section) }
        for section in sectionOrder {
            out += "\n[\(section)]\n"
            if let doc = Self.sectionDocs.first(where: { $0.name == section }) {
                out += "# \(doc.doc)\n"
            }
            for spec in specs where spec.section == section {
                out += "\n"
                for line in spec.doc.split(separator: "\n", omittingEmptySubsequences: false) {
                    out += "# \(line)\n"
                }
                out += "# Allowed: \(spec.allowed).\n"
                out += "\(spec.name) = \(spec.render(self))\n"
            }
        }
        return out
    }
}

extension PostureConfiguration {
    /// Cross-key checks, e.g. "quiet hours start differs from end".
    static var crossChecks: [@Sendable (PostureConfiguration) -> (key: String, message: String)?] {
        pipelineCrossChecks + daemonCrossChecks
    }
}

extension ConfigValue {
    init?(_ raw: TOMLValueConvertible) {
        switch raw.type {
        case .bool: guard let b = raw.bool else { return nil }; self = .bool(b)
        case .int: guard let i = raw.int else { return nil }; self = .integer(i)
        case .double: guard let d = raw.double else { return nil }; self = .double(d)
        case .string: guard let s = raw.string else { return nil }; self = .string(s)
        case .array:
            guard let a = raw.array else { return nil }
            var items: [ConfigValue] = []
            for item in a {
                guard let v = ConfigValue(item) else { return nil }
                items.append(v)
            }
            self = .array(items)
        default: return nil
        }
    }
}

/// Finds the line of `key` inside `[section]` in the source text, for error messages
/// (TOMLKit does not expose source positions of parsed keys).
struct KeyLocator {
    let lines: [Substring]
    init(text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    func line(section: String?, key: String?) -> Int? {
        var current = ""
        for (i, raw) in lines.enumerated() {
            let l = raw.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[") {
                current = l.trimmingCharacters(in: CharacterSet(charactersIn: "[] \t"))
                if key == nil, current == section { return i + 1 }
                continue
            }
            guard let key, current == (section ?? "") else { continue }
            if l.hasPrefix(key) {
                let rest = l.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                if rest.hasPrefix("=") { return i + 1 }
            }
        }
        return nil
    }
}
