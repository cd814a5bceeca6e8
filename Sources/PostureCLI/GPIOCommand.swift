import ArgumentParser
import GPIO
import PostureConfig
import PostureCore
import PostureDaemon
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// `posture gpio [--config FILE] [--chip SPEC] [--line ROLE=OFFSET|none]... [--pattern NAME]... [--no-play]
/// [--listen SECONDS] [--all-lines]`: the wiring check.
struct GPIOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpio",
        abstract: "Check the GPIO wiring: chips and lines, each nudge pattern on each output, button gestures.",
        discussion: """
            Opens the chip the daemon would (gpio.chip), shows the configured lines as the kernel sees them \
            (name, in use, consumer), requests them as the daemon does, plays each nudge pattern once on the \
            motor, then the buzzer, then the LED, and with --listen reports button gestures (short, long, \
            double press, with the daemon's timings) and data-ready edges per second. Stop the daemon first: \
            its lines are busy while it runs. Exit status 1 when the chip or a line cannot be used.
            """)

    @Option(name: .long, help: ArgumentHelp("TOML configuration (default /etc/posture/posture.toml; defaults when that file is missing).",
                                            valueName: "FILE"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The chip instead of gpio.chip: a label, name, number or path (alternatives separated by commas).",
                                            valueName: "SPEC"))
    var chip: String?

    @Option(name: .long, help: ArgumentHelp("A line offset instead of the configured one, or none; roles: motor, buzzer, led, button, data-ready. Repeatable.",
                                            valueName: "ROLE=OFFSET"))
    var line: [String] = []

    @Option(name: .long, help: ArgumentHelp("Play only this pattern (slouch, sitting, hold, warning). Repeatable; default all four.",
                                            valueName: "NAME"))
    var pattern: [String] = []

    @Flag(name: .long, help: "Do not play the patterns.")
    var noPlay = false

    @Option(name: .long, help: ArgumentHelp("Then report button gestures and data-ready edges for this long.", valueName: "SECONDS"))
    var listen: Double = 0

    @Flag(name: .long, help: "List every line of the chip, not only the configured ones.")
    var allLines = false

    func run() throws {
        let loaded: DaemonConfigLoader.Loaded
        do { loaded = try DaemonConfigLoader.load(path: config) } catch { throw CLIError(error.description) }
        guard listen.isFinite, listen >= 0 else { throw CLIError("--listen \(listen): expected seconds, 0 or more") }
        let wiring = try GPIOWiring(loaded.config.daemon, lineOverrides: line)
        let patterns = try GPIOCheckPatterns.selected(pattern, nudge: loaded.config.daemon.nudge)
        if let notice = loaded.notice { print("config: \(notice)") } else if let path = loaded.path { print("config: \(path)") }
        let spec = chip ?? loaded.config.daemon.gpio.chip

        let chips = listGPIOChips()
        print("chips:" + (chips.isEmpty ? " none in /dev" : ""))
        for info in chips { print("  \(info)") }

        let gpioChip: any GPIOChip & Sendable
        do { gpioChip = try openGPIOChip(spec) } catch {
            throw CLIError("\(chip == nil ? "gpio.chip" : "--chip") \"\(spec)\": \(error)")
        }
        print("using \(gpioChip.name) [\(gpioChip.label)], \(gpioChip.lineCount) lines")
        if allLines { GPIOLineReport.printAll(gpioChip) }

        let signals: SignalWatcher
        do { signals = try SignalWatcher() } catch { throw CLIError("\(error)") }
        defer { signals.restoreDefaults() }
        var session = GPIOCheckSession(chip: gpioChip, signals: signals)
        print("lines:")
        for assignment in wiring.assignments { session.request(assignment) }

        if !noPlay { session.play(patterns) }
        if listen > 0 && !session.stopped { session.listen(seconds: listen, button: loaded.config.daemon.button) }
        session.releaseOutputs()
        if session.stopped { throw ExitCode(128 + SIGINT) }
        if session.failures > 0 {
            fflush(nil)  // the summary on stderr comes after the listing on stdout, also in a pipe
            throw CLIError("\(session.failures) line\(session.failures == 1 ? "" : "s") could not be used (see above)")
        }
        let fitted = wiring.assignments.filter { $0.offset != nil }.count
        print("ok: \(fitted) line\(fitted == 1 ? "" : "s") requested, used and released; outputs left inactive")
    }
}
