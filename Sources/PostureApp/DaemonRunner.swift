import Foundation
import Logging
import PostureConfig
import PostureCore
import PostureDaemon
import PosturePipeline
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// What `posture run` was asked for.
public struct DaemonOptions {
    /// nil = /etc/posture/posture.toml, which may be missing (defaults).
    public var configPath: String?
    /// Force mock mode (else `[mock] enabled`).
    public var mock = false
    /// Trace for the mock chip (else `[mock] trace`, else the bundled demo trace).
    public var mockTracePath: String?
    /// State directory from the command line: wins over the configured one and the mock default.
    public var stateDirectory: String?
    /// Clock speed factor (mock mode): 10 runs ten times faster than real time.
    public var speed = 1.0
    /// Stop by itself after this many seconds of the daemon's clock (benchmarks).
    public var runSeconds: Double?
    public var environment: [String: String]
    /// The demo when no trace file is found: the CLI generates one with the simulator.
    public var generateDemoRecords: (() -> [(sample: IMUSample, marker: UserAction?)])?
    public var executablePath: String
    /// The package version (Home Assistant's device info).
    public var softwareVersion = "unknown"

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executablePath: String = CommandLine.arguments.first ?? "posture") {
        self.environment = environment
        self.executablePath = executablePath
    }
}

/// Counts of the finished run (for `posture bench daemon` and the exit log line).
public struct DaemonRunSummary: Sendable {
    public var loopIterations = 0
    public var samples = 0
    public var clockSeconds = 0.0
}

/// `posture run`: loads the configuration, opens the hardware (or the mock), and runs the
/// poll loop around `PostureService` until SIGTERM or SIGINT.
public enum DaemonRunner {
    public static func run(_ options: DaemonOptions) -> Int32 {
        let clock = SystemClock(speed: options.speed)
        let loaded: DaemonConfigLoader.Loaded
        // A --mock-trace's own `# mounting:` is the default placement and forward axis.
        let mounting = options.mockTracePath.flatMap { traceMounting(path: $0) }
        do {
            loaded = try DaemonConfigLoader.load(path: options.configPath, mounting: mounting)
        } catch {
            DaemonLogging.bootstrap(level: .info, environment: options.environment)
            Logger(label: "posture").critical("configuration error: \(error)")
            return 78  // EX_CONFIG
        }
        let config = loaded.config
        DaemonLogging.bootstrap(level: Logger.Level(config.daemon.log.level), environment: options.environment,
                                wallSeconds: { clock.wallSeconds })
        let logger = Logger(label: "posture")
        if let notice = loaded.notice { logger.notice("\(notice)") }
        if let path = loaded.path { logger.info("configuration: \(path)") }
        if !loaded.fromMounting.isEmpty {
            logger.notice("from the mock trace's '# mounting:' line: \(loaded.fromMounting.joined(separator: ", ")) (the config's keys override)")
        }

        let mock = options.mock || config.daemon.mock.enabled
        let paths = DaemonPaths.resolve(config, environment: options.environment, mock: mock,
                                        stateDirectory: options.stateDirectory)
        for note in paths.notes { logger.notice("\(note)") }

        // Before any line or socket is opened: a SIGTERM/SIGINT during start-up is then a clean
        // stop at the loop's first turn (lines released, motor off), never the default death.
        let signals: SignalWatcher
        do {
            signals = try SignalWatcher()
        } catch {
            logger.critical("\(error)")
            return 1
        }
        let hardware: DaemonHardware
        do {
            hardware = mock
                ? try mockHardware(config, options: options, clock: clock, logger: logger)
                : realHardware(config, clock: clock, logger: logger)
        } catch {
            logger.critical("\(error)")
            return 1
        }

        var stateStore: StateStore?
        var history: HistoryStore?
        do {
            try DaemonPaths.ensureDirectory(paths.stateDirectory)
            stateStore = StateStore(directory: paths.stateDirectory)
            let h = try HistoryStore(path: paths.stateDirectory + "/history.sqlite")
            if let aside = h.movedAsideTo {
                logger.error("history database \(h.path) \(h.movedAsideReason ?? "was unusable"): moved to \(aside), starting a new one")
            }
            history = h
        } catch {
            // SQLite says only "unable to open database file": name the directory's own problem.
            let writable = access(paths.stateDirectory, W_OK) == 0 ? "" : " (\(paths.stateDirectory) is not writable: \(SystemErrno.text(SystemErrno.current)))"
            logger.error(stateStore == nil ? "state directory: \(error); running without saved state or history"
                                           : "history: \(error)\(writable); running without the event history")
        }

        let notifier = SystemdNotifier(environment: options.environment)
        let watchdog = SystemdNotifier.watchdogIntervalSeconds(environment: options.environment).map { $0 / 2 }
        let service = PostureService(config: config, hardware: hardware, clock: clock, logger: logger,
                                     notifier: notifier, watchdogIntervalSeconds: watchdog,
                                     stateStore: stateStore, history: history, logLevel: DaemonLogging.level)

        var control: ControlServer?
        do {
            try DaemonPaths.ensureDirectory((paths.socketPath as NSString).deletingLastPathComponent)
            var limits = ControlLimits()
            limits.idleTimeoutSeconds = config.daemon.control.idleTimeoutSeconds
            control = try ControlServer(path: paths.socketPath, mode: mode_t(config.daemon.control.mode), limits: limits)
            control?.note = { logger.notice("\($0)") }
            logger.info("control socket: \(paths.socketPath)")
        } catch let error as ControlSocketError where error.description.contains("already listening") {
            logger.critical("\(error)")
            return 1
        } catch {
            logger.error("control socket unavailable: \(error); `posture status` will not reach this daemon")
        }

        if mock {
            logger.notice("mock mode: simulated \(hardware.sensorDescription) playing a trace; motor patterns are logged. Ctrl-C stops.")
        }
        service.start()
        let homeAssistant = HomeAssistantLink.start(config.daemon.mqtt, nudge: config.daemon.nudge,
                                                    version: options.softwareVersion, clock: clock, logger: logger)
        #if os(Linux)
        // Setup (config parsing, the mock trace) freed its memory: hand it back to the system.
        _ = glibcMallocTrim(0)
        #endif
        let summary = loop(service: service, control: control, signals: signals, clock: clock,
                           configPath: loaded.path ?? options.configPath, runSeconds: options.runSeconds, logger: logger,
                           homeAssistant: homeAssistant, mounting: mounting)
        service.shutdown()
        homeAssistant?.stop(service: service)
        control?.shutdown()
        signals.restoreDefaults()
        logger.info("stopped after \(summary.samples) samples, \(summary.loopIterations) loop wake-ups")
        return 0
    }

    static func loop(service: PostureService, control: ControlServer?, signals: SignalWatcher, clock: DaemonClock,
                     configPath: String?, runSeconds: Double?, logger: Logger,
                     homeAssistant: HomeAssistantLink? = nil, mounting: TraceMounting? = nil) -> DaemonRunSummary {
        var summary = DaemonRunSummary()
        let start = clock.monotonicSeconds
        var fds: [pollfd] = []
        fds.reserveCapacity(24)
        var readable = Set<Int32>()
        while true {
            let now = clock.monotonicSeconds
            var deadline = service.nextDeadline()
            if let runSeconds { deadline = min(deadline, start + runSeconds) }
            // At most a second per wait; PollWait rounds up (waking a hair early would only spin once more).
            // Requests left for the next round (a bounded number is answered per round): no sleeping.
            let waitReal = control?.hasPendingRequests == true ? 0 : min(1, max(0, deadline - now) * clock.realSecondsPerClockSecond)
            fds.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: signals.readFD, events: Int16(POLLIN), revents: 0))
            for r in control?.pollRequests ?? [] { fds.append(pollfd(fd: r.fd, events: r.events, revents: 0)) }
            if let fd = service.hardware.button?.pollFileDescriptor {
                fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
            }
            if let fd = homeAssistant?.pollFileDescriptor { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            if service.isWaitingForDataReady, let fd = service.hardware.dataReady?.pollFileDescriptor {
                fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
            }
            let n = (try? PollWait.wait(&fds, timeoutSeconds: waitReal)) ?? 0
            summary.loopIterations += 1
            readable.removeAll(keepingCapacity: true)
            if n > 0 {
                for p in fds where p.revents != 0 { readable.insert(p.fd) }
            }
            if readable.contains(signals.readFD) {
                var stop = false
                for s in signals.drain() {
                    switch s {
                    case .stop(let number):
                        logger.notice("signal \(number == SIGINT ? "SIGINT" : "SIGTERM"): stopping")
                        stop = true
                    case .reload:
                        logger.notice("SIGHUP: reloading \(configPath ?? DaemonConfigLoader.defaultPath)")
                        service.reload(configPath: configPath, mounting: mounting)
                    }
                }
                if stop { break }
            }
            // Every round (idle timeouts run on real time, whatever --speed says).
            control?.serve(ready: readable, now: SystemTime.monotonicSeconds()) { service.handle($0) }
            service.tick()
            if let homeAssistant { homeAssistant.step(service: service, commandsWaiting: readable.contains(homeAssistant.pollFileDescriptor)) }
            if let runSeconds, clock.monotonicSeconds - start >= runSeconds { break }
        }
        summary.samples = service.sampleCount
        summary.clockSeconds = clock.monotonicSeconds - start
        return summary
    }
}

#if os(Linux)
/// glibc's malloc_trim(3) (malloc.h is not in the Glibc module).
@_silgen_name("malloc_trim")
func glibcMallocTrim(_ pad: Int) -> Int32
#endif
