import GPIO
import PostureCoaching
import PostureConfig
import PostureDaemon

/// The lines the daemon uses (as it requests them), with the command line's overrides.
struct GPIOWiring {
    typealias Role = DaemonGPIOLine.Role

    struct Assignment {
        var line: DaemonGPIOLine
        var role: Role { line.role }
        var offset: Int? {
            get { line.offset }
            set { line.offset = newValue }
        }
        /// "--line" or the config key, for messages.
        var source: String
    }

    var assignments: [Assignment]

    init(_ settings: DaemonSettings, lineOverrides: [String]) throws {
        assignments = DaemonGPIOLine.all(settings).map { Assignment(line: $0, source: $0.role.configKey) }
        for text in lineOverrides {
            let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let roles = Role.allCases.map(\.rawValue).joined(separator: ", ")
            guard parts.count == 2, let role = Role(rawValue: parts[0].lowercased()),
                  let index = assignments.firstIndex(where: { $0.role == role })
            else { throw CLIError("--line \(text): expected ROLE=OFFSET or ROLE=none with ROLE one of \(roles)") }
            if parts[1].lowercased() == "none" {
                assignments[index].offset = nil
            } else if let offset = Int(parts[1]), offset >= 0 {
                assignments[index].offset = offset
            } else {
                throw CLIError("--line \(text): '\(parts[1])' is no line offset (a number from 0, or none)")
            }
            assignments[index].source = "--line \(role.rawValue)"
        }
    }
}

/// The nudge patterns `--pattern` names, from the configuration (what the daemon plays).
enum GPIOCheckPatterns {
    static let names: [(String, NudgeKind)] = [("slouch", .slouch), ("sitting", .sitting), ("hold", .holdTarget),
                                                ("warning", .warning), ("recalibrate", .recalibrate)]

    static func selected(_ requested: [String], nudge: NudgeSettings) throws -> [(String, NudgeKind, VibrationPattern)] {
        let wanted = requested.isEmpty ? names.map(\.0) : requested
        return try wanted.map { name in
            guard let (label, kind) = names.first(where: { $0.0 == name.lowercased() }) else {
                throw CLIError("--pattern \(name): expected one of \(names.map(\.0).joined(separator: ", "))")
            }
            return (label, kind, nudge.pattern(for: kind))
        }
    }
}

/// How lines look in the listing.
enum GPIOLineReport {
    static func describe(_ info: GPIOLineInfo) -> String {
        let name = info.name.map { "\"\($0)\"" } ?? "unnamed"
        let use = info.isUsed ? "in use by \(info.consumer.map { "'\($0)'" } ?? "an unnamed consumer")" : "free"
        return "\(name), \(info.isOutput ? "output" : "input") \(info.activeLow ? "active-low" : "active-high"), \(use)"
    }

    static func printAll(_ chip: any GPIOChip) {
        print("all lines:")
        for offset in 0..<chip.lineCount {
            do { print("  \(pad(String(offset), 4)) \(describe(try chip.lineInfo(offset: offset)))") } catch {
                print("  \(pad(String(offset), 4)) \(error)")
            }
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
