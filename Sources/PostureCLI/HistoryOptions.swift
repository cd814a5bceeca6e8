import ArgumentParser
import Foundation
import PostureConfig
import PostureDaemon
import SystemSupport

/// Where the readers of the history find it: `--state-dir`, else the configured state directory
/// (or the per-user one a daemon without root used). Read-only: never blocks the daemon.
struct StateDirectoryOption: ParsableArguments {
    @Option(name: .customLong("state-dir"),
            help: "The daemon's state directory (history.sqlite, state.json; default: state.directory from the configuration; the demo's is its mock/ subfolder).")
    var stateDir: String?

    /// Opens the history of the first candidate directory that has one.
    func open(config: PostureConfiguration) throws(CLIError) -> OfflineHistory {
        let candidates = stateDir.map { [$0] }
            ?? DaemonPaths.readerStateCandidates(config, environment: ProcessInfo.processInfo.environment)
        var problems: [String] = []
        for directory in candidates {
            do { return try OfflineHistory(stateDirectory: directory) } catch { problems.append("\(error)") }
        }
        var message = problems.joined(separator: "; ")
        if let demo = candidates.map({ $0 + "/" + DaemonPaths.mockStateSubdirectory })
            .first(where: { FileManager.default.fileExists(atPath: $0 + "/history.sqlite") }) {
            message += " (the demo's history is in \(demo): --state-dir \(demo))"
        }
        throw CLIError(message)
    }
}

/// Loads a configuration file for a command that only reads (a missing default file means defaults).
func loadConfiguration(_ path: String?) throws(CLIError) -> PostureConfiguration {
    do { return try DaemonConfigLoader.load(path: path).config } catch { throw CLIError(error.description) }
}

/// "YYYY-MM-DD" from an option, checked.
func parseDay(_ text: String, option: String) throws(CLIError) -> String {
    guard LocalCalendar.dayKey(text, adding: 0) == text else {
        throw CLIError("\(option): '\(text)' is not a date YYYY-MM-DD")
    }
    return text
}

/// Today's local day.
func todayKey(_ calendar: LocalCalendar = LocalCalendar()) -> String {
    calendar.dayKey(SystemTime.wallSeconds())
}
