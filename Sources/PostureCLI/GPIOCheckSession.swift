import GPIO
import PostureConfig
import PostureCore
import PostureDaemon
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

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
            reportGPIOError(message)
        }
    }

    /// Each pattern once on each output, one output after the other.
    mutating func play(_ patterns: [(String, NudgeKind, VibrationPattern)]) {
        var first = true
        for (role, offset, line) in outputs {
            for (name, kind, pattern) in patterns {
                // A pause between patterns, so each is felt (or seen) on its own.
                if !first { wait(untilSeconds: SystemTime.monotonicSeconds() + Self.gapSeconds) }
                first = false
                guard !stopped else { return }
                print("\(role.rawValue) (line \(offset)): \(name) \(pattern) ms")
                do {
                    try play(pattern, kind: kind, on: line)
                } catch {
                    failures += 1
                    reportGPIOError("\(role.configKey) \(offset): \(error)")
                    break
                }
            }
        }
    }

    /// Steps through the pattern with the daemon's scheduler: the same on/off times as a real nudge.
    private mutating func play(_ pattern: VibrationPattern, kind: NudgeKind, on line: GPIOOutputLine) throws {
        var scheduler = VibrationScheduler(settleSeconds: 0)
        scheduler.enqueue(pattern, kind: kind, at: SystemTime.monotonicSeconds())
        var active = false
        defer { if active { try? line.set(active: false) } }
        while !stopped {
            let now = SystemTime.monotonicSeconds()
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
        let start = SystemTime.monotonicSeconds()
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
        print("listening for \(formatGPIOSeconds(seconds)) s" + (button != nil ? ": press the button (short, long, double)" : ""))
        func report(_ gesture: ButtonGesture?, at time: Double) {
            guard let gesture else { return }
            gestures.append(gesture)
            print("button: \(gesture.rawValue) press at +\(formatGPIOSeconds(time - start)) s")
        }
        while !stopped {
            let now = SystemTime.monotonicSeconds()
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
                reportGPIOError("listening: \(error)")
                return
            }
            let after = SystemTime.monotonicSeconds()
            report(recognizer.poll(at: after), at: after)
        }
        let counts = [ButtonGesture.short, .long, .double].map { g in "\(gestures.filter { $0 == g }.count) \(g.rawValue)" }
        if button != nil { print("button: \(gestures.count) gesture\(gestures.count == 1 ? "" : "s") (\(counts.joined(separator: ", ")))") }
        if dataReady != nil {
            let elapsed = SystemTime.monotonicSeconds() - start
            print("data-ready: \(edgesTotal) edges in \(formatGPIOSeconds(elapsed)) s (\(formatGPIOSeconds(Double(edgesTotal) / max(elapsed, 1e-3)))/s)")
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

    /// Sleeps until a monotonic time or until one of `also` becomes readable (returns their indices);
    /// SIGINT/SIGTERM sets `stopped`.
    @discardableResult
    private mutating func wait(untilSeconds deadline: Double, also descriptors: [Int32?] = []) -> [Int] {
        var fds = [pollfd(fd: signals.readFD, events: Int16(POLLIN), revents: 0)]
        fds += descriptors.map { pollfd(fd: $0 ?? -1, events: Int16(POLLIN), revents: 0) }
        while !stopped {
            let remaining = deadline - SystemTime.monotonicSeconds()
            if remaining <= 0 { return [] }
            // PollWait rounds up: waking early would only loop; a millisecond late is below what a wearer feels.
            guard let count = try? PollWait.wait(&fds, timeoutSeconds: remaining), count > 0 else { return [] }
            if fds[0].revents != 0 {
                if signals.checkForStop() {
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
func reportGPIOError(_ message: String) {
    fflush(nil)  // all streams: stdout is not reachable from Swift 6 strict concurrency
    writeStandardError("posture: \(message)\n")
}

func formatGPIOSeconds(_ seconds: Double) -> String { DecimalFormatting.string(seconds, fractionDigits: 2) }
