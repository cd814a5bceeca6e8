import ArgumentParser
import Foundation
import PostureDaemon
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// `posture bench daemon`: the daemon's own cost. Runs `posture run --mock` (100 Hz, the
/// demo trace, the default batch interval) in a child process for N seconds and reports
/// what a Raspberry Pi owner cares about: CPU share of one core, peak memory, wake-ups.
struct DaemonBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "CPU %, max RSS and wake-ups per second of `posture run --mock` (build with -c release).",
        discussion: "Targets on a desktop-class machine: < 1 % of one core, < 20 MB RSS, a few wake-ups per second.")

    @Option(name: .long, help: "How long to run the daemon, in seconds.")
    var seconds: Double = 30

    @Option(name: .long, help: "Extra configuration file for the daemon (socket and state go to a temporary directory).")
    var config: String?

    func validate() throws {
        guard seconds >= 2, seconds <= 3600 else { throw ValidationError("--seconds: \(seconds) is out of range (allowed 2 to 3600)") }
    }

    func run() throws {
        let dir = NSTemporaryDirectory() + "posture-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var toml = (try? config.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? "") ?? ""
        toml += "\n[control]\nsocket = \"\(dir)/control.sock\"\n[state]\ndirectory = \"\(dir)/state\"\n"
        let configPath = dir + "/bench.toml"
        try toml.write(toFile: configPath, atomically: true, encoding: .utf8)

        let exe = RunCommand.executablePath()
        // --stop-after is only a safety net: the bench reads the child's memory, then sends SIGTERM.
        let args = [exe, "run", "--mock", "--config", configPath, "--stop-after", String(seconds + 60)]
        let result = try ChildRun.spawn(args, stderrPath: dir + "/daemon.log", stopAfterSeconds: seconds)
        guard result.exitStatus == 0 else {
            let log = (try? String(contentsOfFile: dir + "/daemon.log", encoding: .utf8)) ?? ""
            throw CLIError("the daemon exited with status \(result.exitStatus):\n\(log.suffix(2000))")
        }
        let log = (try? String(contentsOfFile: dir + "/daemon.log", encoding: .utf8)) ?? ""
        let iterations = Self.loopWakeUps(in: log)
        let wall = result.wallSeconds
        let cpu = result.cpuSeconds / wall * 100
        print("posture run --mock, \(String(format: "%.0f", wall)) s (\(String(format: "%.0f", wall)) s of samples at 100 Hz):")
        print("  CPU           \(String(format: "%.2f", cpu)) % of one core (user \(String(format: "%.2f", result.userSeconds)) s, system \(String(format: "%.2f", result.systemSeconds)) s)")
        print("  max RSS       \(String(format: "%.1f", Double(result.peakRSSKilobytes) / 1024)) MB"
              + " (at the end: \(mb(result.status["VmRSS"])) MB = private \(mb(result.status["RssAnon"])) MB"
              + " + code and files \(mb(result.status["RssFile"])) MB; proportional share \(mb(result.status["Pss"])) MB)")
        print("  wake-ups      \(String(format: "%.1f", Double(result.voluntarySwitches) / wall)) /s (voluntary context switches)"
              + (iterations.map { ", loop \(String(format: "%.1f", Double($0) / wall)) /s" } ?? ""))
        print("  targets       CPU < 1 %: \(cpu < 1 ? "met" : "NOT met"); RSS < 20 MB: \(result.peakRSSKilobytes < 20 * 1024 ? "met" : "NOT met")")
    }

    func mb(_ kb: Int?) -> String { kb.map { String(format: "%.1f", Double($0) / 1024) } ?? "?" }

    /// "stopped after N samples, M loop wake-ups" from the daemon's last line.
    static func loopWakeUps(in log: String) -> Int? {
        guard let range = log.range(of: "samples, ", options: .backwards) else { return nil }
        let rest = log[range.upperBound...]
        return Int(rest.prefix { $0.isNumber })
    }
}

/// A child process and its resource usage (wait4), without Foundation's Process (which
/// reaps the child itself and hides the rusage).
struct ChildRun {
    var exitStatus: Int32
    var wallSeconds: Double
    var userSeconds: Double
    var systemSeconds: Double
    var cpuSeconds: Double { userSeconds + systemSeconds }
    var maxRSSKilobytes: Int
    var voluntarySwitches: Int
    /// Memory lines of /proc/PID/status and smaps_rollup read just before the stop, in kB.
    var status: [String: Int] = [:]

    /// The child's own peak (VmHWM: since its exec). wait4's ru_maxrss is not used: posix_spawn
    /// runs the child on the parent's memory until exec, and the kernel carries that peak over.
    var peakRSSKilobytes: Int { status["VmHWM"] ?? maxRSSKilobytes }

    static func spawn(_ argv: [String], stderrPath: String, stopAfterSeconds: Double) throws -> ChildRun {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let start = Date()
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw CLIError("cannot start \(argv[0]): \(SystemErrno.message(rc))") }
        SystemClock().sleep(seconds: stopAfterSeconds)
        let memory = readStatus(pid)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = Date().timeIntervalSince(start)
        let exited = (status & 0x7f) == 0
        return ChildRun(exitStatus: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), wallSeconds: wall,
                        userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
                        systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
                        maxRSSKilobytes: usage.ru_maxrss, voluntarySwitches: usage.ru_nvcsw, status: memory)
    }

    static func readStatus(_ pid: pid_t) -> [String: Int] {
        var out: [String: Int] = [:]
        let files = ["/proc/\(pid)/status", "/proc/\(pid)/smaps_rollup"]
        let text = files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n")
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[1].hasSuffix("kB"),
                  let kb = Int(parts[1].dropLast(2).trimmingCharacters(in: .whitespaces)) else { continue }
            out[String(parts[0])] = kb
        }
        return out
    }
}
