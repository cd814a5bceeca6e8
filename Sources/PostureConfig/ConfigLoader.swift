#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PosturePipeline
import SystemSupport
import PostureCore
import TOMLParsing

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
    /// The largest configuration file read: 2 MiB (the documented file is 15 kB; parsing 2 MiB
    /// takes milliseconds and a few MB). Larger files, FIFOs and devices are refused unread.
    public static let maximumFileBytes = 2 << 20

    /// Reads and validates a TOML file. A missing file is an error here; callers that
    /// accept a missing default file check for it first.
    public static func load(path: String) throws(ConfigError) -> PostureConfiguration {
        var keysSet: Set<String> = []
        return try load(path: path, keysSet: &keysSet)
    }

    /// As `load(path:)`, and says which keys (`section.key`) the file set: defaults that
    /// another source may give (a trace's `# mounting:`) yield to these.
    public static func load(path: String, keysSet: inout Set<String>) throws(ConfigError) -> PostureConfiguration {
        let bytes = try readFile(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(file: path, line: nil, key: nil, message: "not UTF-8 text")
        }
        return try parse(text, file: path, keysSet: &keysSet)
    }

    /// The file's bytes with POSIX calls: Foundation's URL and Data readers pulled several
    /// hundred kB of code into the daemon's resident memory for one small file.
    static func readFile(_ path: String) throws(ConfigError) -> [UInt8] {
        do {
            return try WholeFile.read(path: path, maximumBytes: maximumFileBytes)
        } catch {
            let reason: String
            switch error.step {
            case .notRegularFile: reason = "not a regular file (a FIFO, device or socket)"
            case .tooLarge: reason = "larger than 2 MiB, the limit for a configuration file"
            case .open, .read: reason = error.code == ENOENT ? "no such file" : error.reason
            }
            throw ConfigError(file: path, line: nil, key: nil, message: "cannot read: \(reason)")
        }
    }

    /// Parses TOML text. Unknown sections and keys, wrong types and out-of-range values
    /// are errors that name the key, its line, the value and what is allowed.
    public static func parse(_ text: String, file: String = "<string>") throws(ConfigError) -> PostureConfiguration {
        var keysSet: Set<String> = []
        return try parse(text, file: file, keysSet: &keysSet)
    }

    /// As `parse(_:file:)`, adding each key set (`section.key`) to `keysSet`.
    public static func parse(_ text: String, file: String = "<string>",
                             keysSet: inout Set<String>) throws(ConfigError) -> PostureConfiguration {
        if text.utf8.contains(0) {
            throw ConfigError(file: file, line: nil, key: nil, message: "not a text file (contains NUL bytes)")
        }
        let table: TOMLTable
        do {
            table = try TOMLDocument.parse(text)
        } catch {
            throw ConfigError(file: file, line: error.line, key: nil, message: "TOML syntax: \(error.message) (column \(error.column))")
        }
        var config = PostureConfiguration()
        let specs = schema
        let sections = Set(specs.map(\.section))
        // Sorted, as before, so that of several problems the same one is reported.
        for sectionName in table.keys.sorted() {
            guard let sectionEntry = table.entry(sectionName) else { continue }
            let sectionLine = sectionEntry.position.line
            if sectionName == routineSection {
                config.daemon.routines = try parseRoutines(sectionEntry, file: file)
                continue
            }
            guard sections.contains(sectionName) else {
                throw ConfigError(file: file, line: sectionLine, key: sectionName,
                                  message: "unknown section (known: \((sections.sorted() + ["[[routine]]"]).joined(separator: ", ")))")
            }
            guard case .table(let section) = sectionEntry.value else {
                throw ConfigError(file: file, line: sectionLine, key: sectionName,
                                  message: "expected a [\(sectionName)] table")
            }
            let sectionSpecs = specs.filter { $0.section == sectionName }
            for keyName in section.keys.sorted() {
                guard let entry = section.entry(keyName) else { continue }
                let path = "\(sectionName).\(keyName)"
                let line = entry.position.line
                guard let spec = sectionSpecs.first(where: { $0.name == keyName }) else {
                    throw ConfigError(file: file, line: line, key: path,
                                      message: "unknown key (known in [\(sectionName)]: \(sectionSpecs.map(\.name).joined(separator: ", ")))")
                }
                guard let value = ConfigValue(entry.value) else {
                    throw ConfigError(file: file, line: line, key: path, message: "unsupported value type (allowed: \(spec.allowed))")
                }
                if let problem = spec.apply(&config, value) {
                    throw ConfigError(file: file, line: line, key: path, message: problem)
                }
                keysSet.insert(path)
            }
        }
        config.applyPlacementDefaults(keysSet: keysSet)
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
        return out + documentedRoutines()
    }
}

extension PostureConfiguration {
    /// Which of the keys a trace's `# mounting:` could default were set in the file.
    public static func mountingKeys(set keysSet: Set<String>) -> TraceMounting.ExplicitKeys {
        var explicit: TraceMounting.ExplicitKeys = []
        if keysSet.contains("sensor.placement") { explicit.insert(.placement) }
        if keysSet.contains("sensor.forward_axis") { explicit.insert(.forwardAxis) }
        if keysSet.contains("calibration.activity_at_calibration") { explicit.insert(.activityAtCalibration) }
        return explicit
    }

    /// `activity_at_calibration` not set: the placement's own default (standing at the waist).
    mutating func applyPlacementDefaults(keysSet: Set<String>) {
        if !keysSet.contains("calibration.activity_at_calibration") {
            pipeline.calibration.activityAtCalibration = pipeline.sensor.placement.defaultActivityAtCalibration
        }
    }
}

extension PostureConfiguration {
    /// Cross-key checks, e.g. "quiet hours start differs from end".
    static var crossChecks: [@Sendable (PostureConfiguration) -> (key: String, message: String)?] {
        pipelineCrossChecks + daemonCrossChecks
    }
}

extension ConfigValue {
    /// Tables inside a section have no configuration meaning: nil, reported as unsupported.
    init?(_ raw: TOMLValue) {
        switch raw {
        case .boolean(let b): self = .bool(b)
        case .integer(let i):
            guard let i = Int(exactly: i) else { return nil }
            self = .integer(i)
        case .float(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a):
            var items: [ConfigValue] = []
            for item in a {
                guard let v = ConfigValue(item) else { return nil }
                items.append(v)
            }
            self = .array(items)
        case .table: return nil
        }
    }
}
