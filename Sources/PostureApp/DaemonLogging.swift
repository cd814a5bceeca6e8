import Logging
import PostureDaemon
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Program set-up of logging, as swift-log asks: the program bootstraps once, libraries only
/// log. Lines go to standard error in the style the environment wants (journald, terminal).
public enum DaemonLogging {
    /// The process-wide level: the service changes it on reload.
    public static let level = SharedLogLevel(.info)
    nonisolated(unsafe) private static var bootstrapped = false

    /// Bootstraps swift-log once per process; later calls only change the level.
    /// `wallSeconds` dates terminal lines (the real time of day, also under `--speed`).
    public static func bootstrap(level newLevel: Logger.Level, environment: [String: String],
                                 wallSeconds: @escaping @Sendable () -> Double = { SystemTime.wallSeconds() }) {
        level.value = newLevel
        guard !bootstrapped else { return }
        bootstrapped = true
        let style = LogStyle.detect(environment: environment, stderrIsTTY: isatty(2) == 1)
        let shared = level
        LoggingSystem.bootstrap { label in
            LevelFollowingHandler(inner: StderrLogHandler(label: label, level: .trace, style: style, wallSeconds: wallSeconds),
                                  shared: shared)
        }
    }
}
