import ArgumentParser
import Foundation
import PostureCoaching
import PostureConfig
import PostureControl
import PostureDaemon

/// Options every control command shares: where the daemon listens, raw output.
struct ControlOptions: ParsableArguments {
    @Option(name: .long, help: "The daemon's control socket (default: control.socket from the configuration).")
    var socket: String?

    @Option(name: .long, help: "Configuration file to read the socket path from (default /etc/posture/posture.toml).")
    var config: String?

    @Flag(name: .long, help: "Print the daemon's JSON answer as is.")
    var json = false

    /// Sends one command and returns the answer; failures name the socket. With --json every
    /// failure is also a JSON answer on standard output (scripts read only that).
    func send(_ command: ControlCommand) throws -> ControlResponse {
        switch reach(command) {
        case .success(let response): return try answer(response)
        case .failure(let error): throw fail(error.description)
        }
    }

    /// The daemon's answer, or why there is none (nothing printed yet: the caller may fall back).
    func reach(_ command: ControlCommand) -> Result<ControlResponse, CLIError> {
        do {
            return .success(try exchange(command))
        } catch let error as CLIError {
            return .failure(error)
        } catch {
            return .failure(CLIError("\(error)"))
        }
    }

    /// Prints the answer under --json; a refusal becomes the error to throw.
    func answer(_ response: ControlResponse) throws -> ControlResponse {
        if json {
            print(ControlCodec.encode(response))
        }
        guard response.ok else { throw CLIError(response.error ?? "the daemon refused the request") }
        return response
    }

    /// The error to throw for a failure before any answer: printed as JSON first under --json.
    func fail(_ message: String) -> CLIError {
        if json { print(ControlCodec.encode(ControlResponse.failure(message))) }
        return CLIError(message)
    }

    private func exchange(_ command: ControlCommand) throws -> ControlResponse {
        // The daemon's own check, before connecting.
        if case .failure(let error) = command.validated() { throw CLIError(error.message) }
        let env = ProcessInfo.processInfo.environment
        var candidates: [String]
        if let socket {
            candidates = [socket]
        } else {
            let loaded: DaemonConfigLoader.Loaded
            do { loaded = try DaemonConfigLoader.load(path: config) } catch { throw CLIError(error.description) }
            candidates = DaemonPaths.clientSocketCandidates(loaded.config, environment: env)
        }
        // The per-user socket of a daemon started without root is the fallback.
        let path = candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
        do {
            return try ControlClient.send(command, socketPath: path)
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// Sends and prints the daemon's message (unless --json).
    func sendAndSay(_ command: ControlCommand, otherwise text: String) throws {
        let r = try send(command)
        if !json { print(r.message ?? text) }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the daemon's posture, activity, tilt, sitting time, snooze and sensor health.")
    @OptionGroup var control: ControlOptions

    @OptionGroup var state: StateDirectoryOption

    func run() throws {
        switch control.reach(.status) {
        case .success(let answer):
            let response = try control.answer(answer)
            guard !control.json, let s = response.status else { return }
            print(StatusText.render(s))
        case .failure(let unreachable):
            try OfflineReads.status(control: control, state: state, unreachable: unreachable)
        }
    }
}

enum StatusText {
    static func render(_ s: StatusReport) -> String {
        var lines: [String] = []
        func row(_ k: String, _ v: String) { lines.append(k.padding(toLength: 10, withPad: " ", startingAt: 0) + v) }
        row("posture", s.calibrated ? "\(s.posture) (tilt \(f(s.tiltDegrees)) deg, pitch \(f(s.pitchDegrees)), roll \(f(s.rollDegrees)))"
            : "not calibrated: sit upright and run `posture calibrate` (or long-press the button)")
        row("activity", s.activity + (s.sittingSeconds > 0 ? ", sitting for \(DurationText.format(s.sittingSeconds))" : ""))
        if let remaining = s.snoozeRemainingSeconds {
            row("snooze", "on, \(DurationText.format(remaining)) left")
        } else {
            row("snooze", s.quietHoursNow ? "off (quiet hours now: no alerts)" : "off")
        }
        if let paused = s.paused {
            row("pause", !paused ? "off" : s.pausedRemainingSeconds.map { "on, \(DurationText.format($0)) left (until midnight)" } ?? "on, until `posture resume`")
        }
        if let now = s.workingHoursNow, let today = s.workingHoursToday {
            row("schedule", "today \(today): " + (now ? "working hours now" : "outside working hours (no alerts)"))
        }
        if let ignored = s.alertsIgnoredInARow, ignored > 0 {
            let factor = s.alertBackoffFactor ?? 1
            row("alerts", "\(ignored) ignored in a row" + (factor > 1 ? ": backed off, cooldown x\(f(factor)) (sit up after an alert to reset)" : ""))
        }
        var sensor = "\(s.sensor.state): \(s.sensor.chip), \(s.sensor.samples) samples"
        if let age = s.sensor.lastSampleAgeSeconds { sensor += ", last \(f(age)) s ago" }
        if s.sensor.faults > 0 { sensor += ", \(s.sensor.faults) faults" }
        if let d = s.sensor.detail { sensor += " (\(d))" }
        row("sensor", sensor)
        row("uptime", DurationText.format(s.uptimeSeconds) + (s.mock ? " (mock mode)" : ""))
        if let r = s.routine, let i = r.currentStep, r.steps.indices.contains(i) {
            let side = r.currentSide.map { ", \($0) side" } ?? ""
            row("routine", "\(r.name), step \(i + 1)/\(r.steps.count): \(RoutineText.goal(r.steps[i]))\(side) (posture routine status)")
        }
        return lines.joined(separator: "\n")
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }
}

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate", abstract: "Take the wearer's current posture as upright (sit up straight first).")
    @OptionGroup var control: ControlOptions

    func run() throws {
        try control.sendAndSay(.calibrate, otherwise: "calibrated")
    }
}

struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze", abstract: "Silence slouch and sitting alerts for a while, or end a snooze.",
        discussion: "DURATION: 90s, 30m, 1h, 1h30m, or off. Stretch feedback still plays.")
    @Argument(help: "How long: 90s, 30m, 1h, 1h30m, or off.")
    var duration: String
    @OptionGroup var control: ControlOptions

    func run() throws {
        guard let seconds = DurationText.parseSeconds(duration), ControlCommand.snoozeSecondsRange.contains(seconds) else {
            throw control.fail("'\(duration)' is not a duration like 90s, 30m, 1h or off (at most 7 days)")
        }
        try control.sendAndSay(.snooze(seconds: seconds), otherwise: "ok")
    }
}

struct StretchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stretch", abstract: "Start a stretch session: holds are timed, bouncing and jerks are flagged.")
    @OptionGroup var control: ControlOptions

    func run() throws {
        try control.sendAndSay(.stretch, otherwise: "stretch session started")
    }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Today and recent days: slouched time, sitting bouts, nudges, stretches, holds, warnings.")
    @Option(name: .long, help: "How many days, newest first (1 to 3650).")
    var days = ControlCommand.defaultStatsDays
    @OptionGroup var control: ControlOptions

    func validate() throws {
        let range = ControlCommand.statsDaysRange
        guard range.contains(days) else {
            throw ValidationError("--days: \(days) is out of range (allowed \(range.lowerBound) to \(range.upperBound))")
        }
    }

    @OptionGroup var state: StateDirectoryOption

    func run() throws {
        switch control.reach(.stats(days: days)) {
        case .success(let answer):
            let r = try control.answer(answer)
            guard !control.json else { return }
            print(StatsTable.render(r.stats ?? []))
            print(StatsDetails.render(r.stats ?? [], routineRuns: r.routineRuns ?? [], today: todayKey()))
        case .failure(let unreachable):
            try OfflineReads.stats(days: days, control: control, state: state, unreachable: unreachable)
        }
    }
}

enum StatsTable {
    static func render(_ days: [DayStats]) -> String {
        let header = ["day", "slouched", "upright", "sitting", "longest bout", "alerts", "nudges", "skipped",
                      "stretches", "holds (met)", "hold time", "longest hold", "bounces", "jerks", "sat up", "backed off"]
        var rows = [header]
        for d in days {
            let c = d.counters
            rows.append([
                d.day, DurationText.format(c.slouchedSeconds), DurationText.format(c.uprightSeconds),
                DurationText.format(c.sittingSeconds), DurationText.format(c.longestSittingBoutSeconds),
                "\(c.slouchAlerts + c.sittingNudges)", "\(c.nudgesPlayed)", "\(c.nudgesSuppressed)",
                "\(c.stretchSessions)", "\(c.holds) (\(c.holdsTargetMet))", DurationText.format(c.holdSecondsTotal),
                DurationText.format(c.longestHoldSeconds), "\(c.bounces)", "\(c.jerks)",
                "\(c.correctedAfterAlert)", "\(c.alertsBackedOff)",
            ])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for r in rows { for (i, cell) in r.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { r in
            r.enumerated().map { i, cell in
                i == 0 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
