import ArgumentParser
import Foundation
import PostureCoaching
import PostureControl
import PostureDaemon
import SystemSupport

/// `posture stats` and `posture status` when the daemon does not answer (not running, or the
/// socket not ours to use): from history.sqlite and state.json as saved at its last flush, saying so.
enum OfflineReads {
    /// The stats the daemon would give, from its files (the shared query: `OfflineHistory.stats`).
    static func stats(days: Int, control: ControlOptions, state: StateDirectoryOption, unreachable: CLIError) throws {
        let history: OfflineHistory
        let stats: [DayStats]
        let runs: [RoutineRun]
        let today = todayKey()
        do {
            history = try state.open(config: try loadConfiguration(control.config))
            stats = try cliErrors { try history.stats(days: days, today: today) }
            let weekStart = LocalCalendar.dayKey(today, adding: 1 - RoutineRun.statsDays) ?? today
            runs = try cliErrors { Array(try history.routineRuns(from: weekStart, to: today).runs.suffix(RoutineRun.statsLimit)) }
        } catch {
            throw control.fail("\(unreachable.description); no saved figures either: \(error)")
        }
        let note = "figures from the files in \(history.stateDirectory) (today's as of the daemon's last flush)"
        writeStandardError("posture: \(unreachable.description)\nposture: \(note)\n")
        if control.json {
            print(ControlCodec.encode(ControlResponse(ok: true, message: unreachable.description + "; " + note, stats: stats,
                                                      routineRuns: runs)))
        } else {
            print(StatsTable.render(stats))
            print(StatsDetails.render(stats, routineRuns: runs, today: today))
        }
    }

    /// What state.json says (calibration, snooze, today's counters); exit status 3, as
    /// `systemctl status` gives for a unit that is not running.
    static func status(control: ControlOptions, state: StateDirectoryOption, unreachable: CLIError) throws {
        let history: OfflineHistory
        do {
            history = try state.open(config: try loadConfiguration(control.config))
        } catch {
            throw control.fail("\(unreachable.description); no saved state either: \(error)")
        }
        let saved = history.state
        let wall = SystemTime.wallSeconds()
        let today = todayKey()
        let counters = (try? history.stats(days: 1, today: today))?.first?.counters
        let report = OfflineStatus(
            ok: false, error: unreachable.description, daemonReachable: false, stateDirectory: history.stateDirectory,
            calibrated: saved?.uprightReference != nil, calibratedAt: saved?.calibratedAt,
            snoozeUntil: saved?.snoozeUntil.flatMap { $0 > wall ? $0 : nil }, today: counters)
        if control.json {
            writeStandardError("posture: \(unreachable.description)\n")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self))
        } else {
            print(render(report, wall: wall))
        }
        throw ExitCode(3)
    }

    static func render(_ s: OfflineStatus, wall: Double) -> String {
        let calendar = LocalCalendar()
        var lines = ["daemon    not answering: \(s.error)", "saved in  \(s.stateDirectory)"]
        lines.append("calibrated " + (s.calibrated ? "yes" + (s.calibratedAt.map { " (\(calendar.dayKey($0)) \(calendar.timeOfDay($0)))" } ?? "")
            : "no: sit upright and run `posture calibrate` once the daemon runs"))
        lines.append("snooze    " + (s.snoozeUntil.map { "on until \(calendar.timeOfDay($0)) (\(DurationText.format($0 - wall)) left)" } ?? "off"))
        if let c = s.today {
            lines.append("today     slouched \(DurationText.format(c.slouchedSeconds)), sitting \(DurationText.format(c.sittingSeconds)), "
                + "\(c.slouchAlerts + c.sittingNudges) alerts, \(c.holdsTargetMet)/\(c.holds) holds on target")
        }
        return lines.joined(separator: "\n")
    }
}

/// `posture status --json` without the daemon.
struct OfflineStatus: Codable {
    var ok: Bool
    var error: String
    /// False: the error says why (not running, permission denied, no answer).
    var daemonReachable: Bool
    var stateDirectory: String
    var calibrated: Bool
    var calibratedAt: Double?
    var snoozeUntil: Double?
    var today: DailyCounters?

    enum CodingKeys: String, CodingKey {
        case ok, error, daemonReachable = "daemon_reachable", stateDirectory = "state_directory", calibrated
        case calibratedAt = "calibrated_at", snoozeUntil = "snooze_until", today
    }
}
