import Logging
import PostureCore
import PostureConfig
import Synchronization
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How log lines look: sd-daemon priority prefixes for journald and pipes, colours for a terminal.
public enum LogStyle: Sendable, Equatable {
    /// `<6>message key=value` (sd-daemon(3)); journald turns the prefix into the priority.
    case journal
    /// `14:03:07 info  message`, with ANSI colours.
    case terminal
    /// Like terminal, without colours.
    case plain

    /// journald sets JOURNAL_STREAM for services whose stderr it reads.
    public static func detect(environment: [String: String], stderrIsTTY: Bool) -> LogStyle {
        if environment["JOURNAL_STREAM"] != nil { return .journal }
        if !stderrIsTTY { return .journal }
        if environment["NO_COLOR"] != nil || environment["TERM"] == "dumb" { return .plain }
        return .terminal
    }
}

/// A swift-log handler writing one line per message to standard error (one write(2) each,
/// so lines from different threads do not interleave).
public struct StderrLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    let label: String
    let style: LogStyle
    let calendar: LocalCalendar
    let sink: LogSink

    public init(label: String, level: Logger.Level, style: LogStyle, calendar: LocalCalendar = LocalCalendar(),
                sink: LogSink = StandardErrorSink()) {
        self.label = label
        self.logLevel = level
        self.style = style
        self.calendar = calendar
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        sink.write(format(level: event.level, message: event.message.description, metadata: event.metadata))
    }

    func format(level: Logger.Level, message: String, metadata extra: Logger.Metadata?) -> String {
        var line = ""
        switch style {
        case .journal:
            line = "<\(Self.priority(level))>" + message
        case .terminal, .plain:
            let now = calendar.timeOfDay(DaemonLogging.wallSeconds())
            let name = Self.name(level)
            let padded = name + String(repeating: " ", count: max(0, 7 - name.count))
            if style == .terminal {
                line = now + " " + Self.colour(level) + padded + "\u{1B}[0m" + message
            } else {
                line = now + " " + padded + message
            }
        }
        var all = metadata
        if let extra { all.merge(extra) { $1 } }
        for key in all.keys.sorted() {
            if let value = all[key] { line += " \(key)=\(value)" }
        }
        return line + "\n"
    }

    /// syslog priorities as sd-daemon(3) prefixes: <3> error ... <7> debug.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    static func name(_ level: Logger.Level) -> String {
        level == .warning ? "warn" : (level == .critical ? "crit" : level.rawValue)
    }

    static func colour(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: return "\u{1B}[2m"
        case .info: return "\u{1B}[32m"
        case .notice: return "\u{1B}[1;36m"
        case .warning: return "\u{1B}[33m"
        case .error, .critical: return "\u{1B}[1;31m"
        }
    }
}

/// Where formatted log lines go.
public protocol LogSink: Sendable {
    func write(_ line: String)
}

public struct StandardErrorSink: LogSink {
    public init() {}
    public func write(_ line: String) {
        var text = line
        _ = text.withUTF8 { writeAll(2, UnsafeRawBufferPointer($0)) }
    }
}

extension Logger.Level {
    public init(_ choice: LogLevelChoice) {
        switch choice {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}

/// The process-wide level, changed by a SIGHUP reload; handlers consult it on every message.
public final class SharedLogLevel: Sendable {
    private let level: Mutex<Logger.Level>
    public init(_ level: Logger.Level) { self.level = Mutex(level) }
    public var value: Logger.Level {
        get { level.withLock { $0 } }
        set { level.withLock { $0 = newValue } }
    }
}

/// Bootstraps swift-log once per process; later calls only change the level.
public enum DaemonLogging {
    public static let sharedLevel = SharedLogLevel(.info)
    nonisolated(unsafe) private static var bootstrapped = false
    /// The daemon's clock, so `--speed 10` logs show the daemon's time; the system clock otherwise.
    nonisolated(unsafe) public static var clock: DaemonClock?

    static func wallSeconds() -> Double {
        if let clock { return clock.wallSeconds }
        return SystemTime.wallSeconds()
    }

    public static func bootstrap(level: Logger.Level, environment: [String: String]) {
        sharedLevel.value = level
        guard !bootstrapped else { return }
        bootstrapped = true
        let style = LogStyle.detect(environment: environment, stderrIsTTY: isatty(2) == 1)
        LoggingSystem.bootstrap { label in
            LevelFollowingHandler(inner: StderrLogHandler(label: label, level: .trace, style: style), shared: sharedLevel)
        }
    }
}

/// Applies the shared (reloadable) level in front of the stderr handler.
struct LevelFollowingHandler: LogHandler {
    var inner: StderrLogHandler
    let shared: SharedLogLevel
    var logLevel: Logger.Level {
        get { shared.value }
        set { shared.value = newValue }
    }
    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }
    func log(event: LogEvent) { inner.log(event: event) }
}
