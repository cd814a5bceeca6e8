import ArgumentParser
import GPIO
import PostureCoaching
import PostureConfig
import PostureCore
import PostureDaemon
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
                                                ("warning", .warning)]

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

/// The requested lines and what is done with them. Waits with poll on the signal pipe, so Ctrl-C
/// stops at once and the outputs are left inactive.
struct GPIOCheckSession {
    let chip: any GPIOChip
    let signals: SignalWatcher
    private(set) var outputs: [(GPIOWiring.Role, Int, GPIOOutputLine)] = []
    private(set) var button: GPIOInputLine?
    private(set) var dataReady: GPIOInputLine?
    private(set) var failures = 0
    private(set) var stopped = false
    static let gapSeconds = 0.6

    init(chip: any GPIOChip, signals: SignalWatcher) {
        self.chip = chip
        self.signals = signals
    }

    mutating func request(_ assignment: GPIOWiring.Assignment) {
        let role = assignment.role.rawValue
        let label = GPIOLineReport.pad(role, 11)
        guard let offset = assignment.offset else {
            print("  \(label) not fitted (\(assignment.source) = none)")
            return
        }
        let consumer = "posture-gpio-\(role)"
        let polarity = assignment.line.activeLow ? "active-low" : "active-high"
        // What the kernel says before the request, then what was asked for.
        var text = "  \(label) \(GPIOLineReport.pad(String(offset), 4))"
        do {
            text += " " + GPIOLineReport.describe(try chip.lineInfo(offset: offset))
            if assignment.role.isOutput {
                let line = try assignment.line.requestOutput(on: chip, offset: offset, consumer: consumer)
                outputs.append((assignment.role, offset, line))
                print(text + " -> output \(polarity)")
            } else {
                let line = try assignment.line.requestInput(on: chip, offset: offset, consumer: consumer)
                if assignment.role == .button { button = line } else { dataReady = line }
                print(text + " -> input \(polarity), bias \(assignment.line.bias.rawValue)")
            }
        } catch {
            print(text + " -> not usable")
            failures += 1
            var message = "\(assignment.source) \(offset): \(error)"
            if case .lineBusy(_, _, let holder?) = error as? GPIOError, holder.hasPrefix("posture") {
                message += "; if the daemon runs, stop it first (`systemctl stop posture`)"
            }
            reportError(message)
        }
    }

    /// Each pattern once on each output, one output after the other.
    mutating func play(_ patterns: [(String, NudgeKind, VibrationPattern)]) {
        var first = true
        for (role, offset, line) in outputs {
            for (name, kind, pattern) in patterns {
                // A pause between patterns, so each is felt (or seen) on its own.
                if !first { wait(untilSeconds: gpioMonotonicSeconds() + Self.gapSeconds) }
                first = false
                guard !stopped else { return }
                print("\(role.rawValue) (line \(offset)): \(name) \(pattern) ms")
                do {
                    try play(pattern, kind: kind, on: line)
                } catch {
                    failures += 1
                    reportError("\(role.configKey) \(offset): \(error)")
                    break
                }
            }
        }
    }

    /// Steps through the pattern with the daemon's scheduler: the same on/off times as a real nudge.
    private mutating func play(_ pattern: VibrationPattern, kind: NudgeKind, on line: GPIOOutputLine) throws {
        var scheduler = VibrationScheduler(settleSeconds: 0)
        scheduler.enqueue(pattern, kind: kind, at: gpioMonotonicSeconds())
        var active = false
        defer { if active { try? line.set(active: false) } }
        while !stopped {
            let now = gpioMonotonicSeconds()
            let wanted = scheduler.level(at: now)
            if wanted != active {
                try line.set(active: wanted)
                active = wanted
            }
            guard scheduler.playing != nil, let next = scheduler.nextTransition(after: now) else { break }
            wait(untilSeconds: next)
        }
    }

    /// Button gestures as the daemon recognises them, and data-ready edges counted per second.
    mutating func listen(seconds: Double, button settings: ButtonSettings) {
        guard button != nil || dataReady != nil else {
            print("listen: no button or data-ready line to listen to")
            return
        }
        let start = gpioMonotonicSeconds()
        let end = start + seconds
        var recognizer = PostureService.recognizer(settings)
        var gestures: [ButtonGesture] = []
        var secondStart = start
        var edgesThisSecond = 0
        var edgesTotal = 0
        // Edges queued while the patterns played are not answers to "press the button now".
        let stale = ((try? button?.waitForEdges(timeoutSeconds: 0)) ?? []).count
            + ((try? dataReady?.waitForEdges(timeoutSeconds: 0)) ?? []).count
        if stale > 0 { print("listen: \(stale) edge\(stale == 1 ? "" : "s") from before listening ignored") }
        print("listening for \(formatSeconds(seconds)) s" + (button != nil ? ": press the button (short, long, double)" : ""))
        func report(_ gesture: ButtonGesture?, at time: Double) {
            guard let gesture else { return }
            gestures.append(gesture)
            print("button: \(gesture.rawValue) press at +\(formatSeconds(time - start)) s")
        }
        while !stopped {
            let now = gpioMonotonicSeconds()
            if dataReady != nil && now >= secondStart + 1 {
                print("data-ready: \(edgesThisSecond) edges/s")
                secondStart += 1
                edgesThisSecond = 0
            }
            if now >= end { break }
            var deadline = end
            if let next = recognizer.nextDeadline { deadline = min(deadline, next) }
            if dataReady != nil { deadline = min(deadline, secondStart + 1) }
            let ready = wait(untilSeconds: deadline, also: [button?.pollFileDescriptor, dataReady?.pollFileDescriptor])
            do {
                if ready.contains(0), let line = button {
                    for edge in try line.waitForEdges(timeoutSeconds: 0) {
                        report(recognizer.edge(pressed: edge.kind == .rising, at: edge.timeSeconds), at: edge.timeSeconds)
                    }
                }
                if ready.contains(1), let line = dataReady {
                    let rising = try line.waitForEdges(timeoutSeconds: 0).filter { $0.kind == .rising }.count
                    edgesThisSecond += rising
                    edgesTotal += rising
                }
            } catch {
                failures += 1
                reportError("listening: \(error)")
                return
            }
            let after = gpioMonotonicSeconds()
            report(recognizer.poll(at: after), at: after)
        }
        let counts = [ButtonGesture.short, .long, .double].map { g in "\(gestures.filter { $0 == g }.count) \(g.rawValue)" }
        if button != nil { print("button: \(gestures.count) gesture\(gestures.count == 1 ? "" : "s") (\(counts.joined(separator: ", ")))") }
        if dataReady != nil {
            let elapsed = gpioMonotonicSeconds() - start
            print("data-ready: \(edgesTotal) edges in \(formatSeconds(elapsed)) s (\(formatSeconds(Double(edgesTotal) / max(elapsed, 1e-3)))/s)")
            if edgesTotal == 0 {
                print("data-ready: no edges: check the wire from the IMU's INT pin to this line; the IMU pulses INT only "
                    + "once posture has configured it (MPU family), e.g. run `posture probe` in another terminal meanwhile")
            }
        }
    }

    /// Drives every output inactive now (release does too; this makes it explicit before exit).
    mutating func releaseOutputs() {
        for (_, _, line) in outputs { try? line.set(active: false) }
        outputs.removeAll()
    }

    /// Sleeps (poll) until a monotonic time or until one of `also` becomes readable (returns their indices);
    /// SIGINT/SIGTERM sets `stopped`.
    @discardableResult
    private mutating func wait(untilSeconds deadline: Double, also descriptors: [Int32?] = []) -> [Int] {
        var fds = [pollfd(fd: signals.readFD, events: Int16(POLLIN), revents: 0)]
        fds += descriptors.map { pollfd(fd: $0 ?? -1, events: Int16(POLLIN), revents: 0) }
        while !stopped {
            let remaining = deadline - gpioMonotonicSeconds()
            if remaining <= 0 { return [] }
            // Rounded up: waking early would only loop; a millisecond late is below what a wearer feels.
            let timeoutMilliseconds = Int32(min((remaining * 1000).rounded(.up), Double(Int32.max)))
            let count = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return [] }
            if fds[0].revents != 0 {
                if signals.drain().contains(where: { if case .stop = $0 { return true } else { return false } }) {
                    stopped = true
                    print("stopped")
                }
                fds[0].revents = 0
                continue
            }
            return fds.indices.dropFirst().filter { fds[$0].revents != 0 }.map { $0 - 1 }
        }
        return []
    }
}

/// One line on stderr, after what stdout holds so far (the two stay in order on a terminal and in logs).
private func reportError(_ message: String) {
    fflush(nil)  // all streams: stdout is not reachable from Swift 6 strict concurrency
    writeStandardError("posture: \(message)\n")
}

private func formatSeconds(_ seconds: Double) -> String { DecimalFormatting.string(seconds, fractionDigits: 2) }
