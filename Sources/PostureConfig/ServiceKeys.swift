// [control], [state], [log], [mock]: where the service listens and keeps its data, how it logs,
// and running without hardware.

public struct ControlSettings: Equatable, Sendable {
    public var socketPath = "/run/posture/control.sock"
    /// Permission bits of the socket; owner and group only.
    public var mode: UInt32 = 0o660
    /// A client connection with no traffic for this long is closed.
    public var idleTimeoutSeconds = 30.0
    public init() {}
}

public struct StateSettings: Equatable, Sendable {
    public var directory = "/var/lib/posture"
    public var historyDays = 90
    public var flushIntervalSeconds = 60.0
    public init() {}
}

public enum LogLevelChoice: String, Equatable, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}

public struct LogSettings: Equatable, Sendable {
    public var level = LogLevelChoice.info
    public init() {}
}

public struct MockSettings: Equatable, Sendable {
    public var enabled = false
    /// Empty = the bundled demo trace.
    public var tracePath = ""
    public var loop = true
    public var chip = IMUChipChoice.mpu6050
    public init() {}
}

extension PostureConfiguration {
    static var serviceKeys: [ConfigKeySpec] {
        [
            .string("control", "socket", \.daemon.control.socketPath, allowed: "an absolute path",
                    doc: "The Unix socket of `posture status`, `posture snooze`, ...",
                    parse: { $0.hasPrefix("/") && $0.utf8.count < 108 ? $0 : nil }, format: { $0 }),
            .custom("control", "mode", allowed: "an octal string without permissions for others, \"0600\" to \"0660\"",
                    doc: "Permission bits of the socket; whoever may write to it controls the daemon.",
                    apply: { c, v in
                        guard case .string(let s) = v else { return "expected a string such as \"0660\", found \(v.typeName)" }
                        guard let m = UInt32(s, radix: 8), m <= 0o777, m & 0o007 == 0, m & 0o600 == 0o600 else {
                            return "\"\(s)\" is not allowed (allowed: octal, read-write for the owner, nothing for others, e.g. \"0660\")"
                        }
                        c.daemon.control.mode = m
                        return nil
                    },
                    render: { c in
                        let o = String(c.daemon.control.mode, radix: 8)
                        return tomlString(String(repeating: "0", count: max(0, 4 - o.count)) + o)
                    }),
            .number("control", "idle_timeout_s", \.daemon.control.idleTimeoutSeconds, range: 1...3600,
                    doc: "A client connection that sends and reads nothing for this many seconds is closed (so idle clients never block others)."),
            .string("state", "directory", \.daemon.state.directory, allowed: "an absolute path",
                    doc: "Where state.json and history.sqlite live (systemd's StateDirectory).",
                    parse: { $0.hasPrefix("/") ? $0 : nil }, format: { $0 }),
            .integer("state", "history_days", \.daemon.state.historyDays, range: 1...3650,
                     doc: "Events and daily counters older than this many days are deleted."),
            .number("state", "flush_interval_s", \.daemon.state.flushIntervalSeconds, range: 5...3600,
                    doc: "How often events and counters are written to the SD card, in seconds (also on shutdown)."),
            .choice("log", "level", \.daemon.log.level, doc: "The least important messages logged."),
            .bool("mock", "enabled", \.daemon.mock.enabled,
                  doc: "Use a simulated IMU and GPIO chip instead of the hardware (as `posture run --mock`)."),
            .string("mock", "trace", \.daemon.mock.tracePath, allowed: "a path, or \"\" for the bundled demo trace",
                    doc: "The posture-trace v1 file the simulated IMU plays.", parse: { $0 }, format: { $0 }),
            .bool("mock", "loop", \.daemon.mock.loop, doc: "Start the trace again when it ends."),
            .choice("mock", "chip", \.daemon.mock.chip, doc: "The simulated chip (\"auto\" = mpu6050)."),
        ]
    }
}
