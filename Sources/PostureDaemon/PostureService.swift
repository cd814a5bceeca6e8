import GPIO
import IMUDrivers
import Logging
import PostureConfig
import PostureCore
import PosturePipeline
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// The devices the service drives. Outputs and inputs are optional: a board may have no
/// buzzer, LED or button.
public struct DaemonHardware {
    /// Owns the IMU: reads, retries, re-initialises, re-probes after a disconnect.
    public var sensor: SensorSupervisor
    /// "MPU-6050 at 0x68 on /dev/i2c-1", or where it is looked for.
    public var sensorDescription: String
    public var motor: GPIOOutputLine?
    public var buzzer: GPIOOutputLine?
    public var led: GPIOOutputLine?
    public var button: GPIOInputLine?
    public var dataReady: GPIOInputLine?
    /// Trace markers replayed as presses (mock mode).
    public var actionSource: UserActionSource?
    public var isMock: Bool

    public init(sensor: SensorSupervisor, sensorDescription: String,
                motor: GPIOOutputLine? = nil, buzzer: GPIOOutputLine? = nil, led: GPIOOutputLine? = nil,
                button: GPIOInputLine? = nil, dataReady: GPIOInputLine? = nil, actionSource: UserActionSource? = nil,
                isMock: Bool = false) {
        self.sensor = sensor
        self.sensorDescription = sensorDescription
        self.motor = motor
        self.buzzer = buzzer
        self.led = led
        self.button = button
        self.dataReady = dataReady
        self.actionSource = actionSource
        self.isMock = isMock
    }
}

/// Sensor health as the service sees it.
public enum SensorHealth: Equatable, Sendable {
    case starting
    case ok
    /// Reads fail (unplugged, bus error); recovery attempts run with a backoff.
    case fault(detail: String, since: Double)
    /// Reads succeed but deliver no samples: the one failure the daemon cannot diagnose,
    /// so the watchdog pings stop and systemd restarts the service.
    case stalled(since: Double)

    var name: String {
        switch self {
        case .starting: return "starting"
        case .ok: return "ok"
        case .fault: return "fault"
        case .stalled: return "stalled"
        }
    }
}

/// The daemon's logic, free of waiting: each `tick()` reads the sensor when due, runs the
/// pipeline, turns events into nudges, drives the motor, handles the button, pings the
/// watchdog and flushes history. The run loop (or a test) calls `tick()` at
/// `nextDeadline()` or when a descriptor becomes readable.
public final class PostureService {
    public private(set) var config: PostureConfiguration
    public let hardware: DaemonHardware
    let clock: DaemonClock
    let calendar: LocalCalendar
    let logger: Logger
    let notifier: ServiceNotifier?
    let watchdogIntervalSeconds: Double?
    let stateStore: StateStore?
    let history: HistoryStore?
    /// Every event after time conversion, for tests and narration.
    public var eventObserver: ((PostureEvent) -> Void)?

    public private(set) var pipeline: PosturePipeline
    public private(set) var nudger: Nudger
    public private(set) var vibration: VibrationScheduler
    private var button: ButtonGestureRecognizer
    public private(set) var health = SensorHealth.starting

    // Per-tick buffers, reused so the sample path does not allocate.
    private var samples: [IMUSample] = []
    private var events: [PostureEvent] = []
    private var pendingActions: [UserAction] = []

    private let startMonotonic: Double
    private var nextReadTime: Double
    private var lastSampleTime: Double?
    private var lastSampleClock: Double?
    public private(set) var sampleCount = 0
    private var faultCount = 0
    private var sensorFaults: [SensorFault] = []
    private var stallCheckFrom: Double
    private var readySent = false
    private var progressSinceLastPing = false
    private var lastPing = -Double.infinity
    private var lastStatusLine = ""
    private var motorLevel = false
    private var ledLevel = false
    private var nextFlush: Double
    private var holdStartedAt: Double?
    private var holdTargetSignalled = false
    private var lastPipelineSlouchedSeconds = 0.0
    private var counters: [String: DailyCounters] = [:]
    private var currentDay: String
    public private(set) var stopped = false

    public init(config: PostureConfiguration, hardware: DaemonHardware, clock: DaemonClock,
                calendar: LocalCalendar = LocalCalendar(), logger: Logger = Logger(label: "posture"),
                notifier: ServiceNotifier? = nil, watchdogIntervalSeconds: Double? = nil,
                stateStore: StateStore? = nil, history: HistoryStore? = nil) {
        self.config = config
        self.hardware = hardware
        self.clock = clock
        self.calendar = calendar
        self.logger = logger
        self.notifier = notifier
        self.watchdogIntervalSeconds = watchdogIntervalSeconds
        self.stateStore = stateStore
        self.history = history
        pipeline = PosturePipeline(settings: config.pipeline)
        nudger = Nudger(settings: config.daemon.nudge)
        vibration = VibrationScheduler(settleSeconds: Double(config.daemon.nudge.settleMilliseconds) / 1000)
        button = Self.recognizer(config.daemon.button)
        let now = clock.monotonicSeconds
        startMonotonic = now
        nextReadTime = now
        stallCheckFrom = now
        nextFlush = now + config.daemon.state.flushIntervalSeconds
        currentDay = calendar.dayKey(clock.wallSeconds)
        samples.reserveCapacity(512)
        sensorFaults.reserveCapacity(8)
        events.reserveCapacity(32)
        pendingActions.reserveCapacity(8)
    }

    public static func recognizer(_ b: ButtonSettings) -> ButtonGestureRecognizer {
        ButtonGestureRecognizer(debounceSeconds: Double(b.debounceMilliseconds) / 1000,
                                longPressSeconds: Double(b.longPressMilliseconds) / 1000,
                                doublePressSeconds: Double(b.doublePressMilliseconds) / 1000)
    }

    // MARK: - Start and stop

    /// Restores the saved state and starts the sensor (a failure here is a fault, not fatal).
    public func start() {
        restoreState()
        setOutputs(motor: false)
        notify("STATUS=starting: \(hardware.sensorDescription)")
        do {
            try hardware.sensor.connect()
            logger.info("sensor: \(sensorName), \(formatRate(hardware.sensor.settings.sampleRateHz)) Hz")
        } catch {
            // Not fatal: the supervisor re-probes with backoff (the bus may appear later).
            logger.error("sensor not available yet: \(error); retrying")
            health = .fault(detail: "\(error)", since: clock.monotonicSeconds)
            notify("STATUS=waiting for the sensor: \(error)")
        }
        if !pipeline.state.isCalibrated {
            logger.notice("not calibrated yet: sit upright and long-press the button, or run `posture calibrate`")
        }
    }

    private func restoreState() {
        guard let store = stateStore else { return }
        let (state, outcome) = store.load()
        let wall = clock.wallSeconds
        switch outcome {
        case .loaded:
            logger.info("state restored from \(store.path)")
        case .missing:
            logger.notice("no saved state at \(store.path) yet: starting fresh")
        case .corrupt(let detail, let movedTo):
            logger.error("state file \(store.path) is corrupt (\(detail)); moved to \(movedTo ?? "nowhere") and starting fresh")
            emit(.fault(at: clock.monotonicSeconds, kind: "state", detail: "\(store.path): \(detail); replaced with defaults"))
        }
        if let up = state.uprightReference, up.count == 3, let v = Vector3(up[0], up[1], up[2]).normalized {
            pipeline.uprightReference = v
            logger.info("calibration restored: up = \(formatVector(v))")
        }
        nudger.restoreSnooze(untilWall: state.snoozeUntil, wall: wall)
        if let until = nudger.snoozeUntilWall {
            logger.info("snoozed until \(calendar.timeOfDay(until))")
        }
        counters = state.counters
    }

    /// Graceful stop: motor off, state saved, history flushed (SIGTERM, SIGINT).
    public func shutdown() {
        guard !stopped else { return }
        stopped = true
        notify("STOPPING=1")
        vibration.cancel(at: clock.monotonicSeconds)
        setOutputs(motor: false)
        setLED(false)
        accountOpenSittingBout()
        persist(reason: "shutdown")
    }

    // MARK: - The loop step

    /// One step: call when `nextDeadline()` is reached or a descriptor became readable.
    public func tick() {
        guard !stopped else { return }
        let now = clock.monotonicSeconds
        pollButton(now: now)
        hardware.actionSource?.takeActions(into: &pendingActions)
        var readNow = now >= nextReadTime
        if readNow, let line = hardware.dataReady {
            // Batch time has come: read once the chip signals data (normally already queued),
            // or after a grace period in case an edge was lost.
            // Only a rising edge is news: the falling one ends a pulse, or a level INT (ST chips)
            // released by the previous read.
            let edges = (try? line.waitForEdges(timeoutSeconds: 0)) ?? []
            let signalled = edges.contains { $0.kind == .rising }
            readNow = signalled || now >= nextReadTime + dataReadyGraceSeconds
            if readNow { noteDataReady(edgeSeen: signalled) }
        }
        if readNow {
            readSensor(now: now)
            nextReadTime = now + readIntervalSeconds
        } else if !pendingActions.isEmpty {
            // An action waits for the next sample; read now rather than at the next batch.
            readSensor(now: now)
        }
        if !readySent && now - startMonotonic >= Self.readyAnywaySeconds {
            // Do not let systemd's start timeout kill a daemon that is only waiting for its
            // sensor: be ready, report the fault, keep retrying.
            readySent = true
            notify("READY=1\nSTATUS=waiting for the sensor: \(health.name)")
            logger.warning("no samples after \(Int(Self.readyAnywaySeconds)) s: running without them, retrying the sensor")
        }
        updateMotor(now: now)
        setLED(nudger.isSnoozed(wall: clock.wallSeconds) || health != .ok)
        pingWatchdog(now: now)
        rollDay()
        if now >= nextFlush {
            persist(reason: nil)
            nextFlush = now + config.daemon.state.flushIntervalSeconds
        }
    }

    /// With the FIFO the chip buffers samples and a batch is read a few times a second;
    /// without it every sample needs its own wake-up. A data-ready line wakes the loop itself.
    var readIntervalSeconds: Double {
        let s = config.daemon.sensor
        if s.useFIFO || hardware.isMock { return Double(s.readIntervalMilliseconds) / 1000 }
        return 1 / s.rateHz
    }

    /// Without an edge, read anyway one interval late: the FIFO (under a second at 100 Hz on
    /// an MPU-6050) must not overflow because the INT pin is not wired or not enabled.
    var dataReadyGraceSeconds: Double { readIntervalSeconds }
    private var readsWithoutEdge = 0

    private func noteDataReady(edgeSeen: Bool) {
        // A sensor in fault raises no edges either; that is reported as the fault, not as wiring.
        if edgeSeen || health != .ok { readsWithoutEdge = 0; return }
        readsWithoutEdge += 1
        if readsWithoutEdge == 8, let line = config.daemon.sensor.dataReadyLine {
            logger.warning("sensor.data_ready: no edges on line \(line); is the IMU's INT pin wired and enabled? Reading on the timer meanwhile")
        }
    }
    static let readyAnywaySeconds = 30.0

    /// True when the run loop should wake on the data-ready line (the batch time has come).
    public var isWaitingForDataReady: Bool {
        hardware.dataReady != nil && clock.monotonicSeconds >= nextReadTime
    }

    /// When `tick()` next has something to do (monotonic seconds).
    public func nextDeadline() -> Double {
        let now = clock.monotonicSeconds
        var read = nextReadTime
        if hardware.dataReady != nil && now >= nextReadTime { read = nextReadTime + dataReadyGraceSeconds }
        if !readySent { read = min(read, startMonotonic + Self.readyAnywaySeconds) }
        var d = min(read, nextFlush)
        if let t = vibration.nextTransition(after: now) { d = min(d, t) }
        if let t = button.nextDeadline { d = min(d, t) }
        return d
    }

    // MARK: - Sensor

    var sensorName: String {
        guard let sensor = hardware.sensor.sensor else { return hardware.sensorDescription }
        return "\(sensor.chipName) at 0x\(String(sensor.address, radix: 16))"
    }

    private func readSensor(now: Double) {
        samples.removeAll(keepingCapacity: true)
        sensorFaults.removeAll(keepingCapacity: true)
        hardware.sensor.poll(into: &samples, faults: &sensorFaults)
        for fault in sensorFaults { handleSensorFault(fault, now: now) }
        if samples.isEmpty {
            if hardware.sensor.isConnected {
                let silentFor = now - (lastSampleClock ?? stallCheckFrom)
                if silentFor >= stallTimeoutSeconds, health == .ok || health == .starting {
                    health = .stalled(since: now)
                    faultCount += 1
                    counters[currentDay, default: DailyCounters()].faults += 1
                    logger.error("sensor stalled: no samples for \(formatSeconds(silentFor)) s; watchdog pings stop")
                    emit(.fault(at: now, kind: "stall", detail: "no samples for \(formatSeconds(silentFor)) s while the chip answers; watchdog pings stopped so systemd restarts the service"))
                    notify("STATUS=sensor stalled: no samples")
                }
            } else {
                // Re-probing on schedule is progress: the loop is alive and knows what is wrong.
                progressSinceLastPing = true
            }
            return
        }
        switch health {
        case .fault(_, let since), .stalled(let since):
            logger.notice("sensor delivers samples again after \(formatSeconds(now - since)) s: \(sensorName)")
            notify("STATUS=running: \(sensorName)")
            recovered(now: now, downSeconds: now - since)
        case .starting:
            health = .ok
        case .ok:
            break
        }
        process(samples, now: now)
        progressSinceLastPing = true
        lastSampleClock = now
        if !readySent {
            readySent = true
            notify("READY=1\nSTATUS=running: \(sensorName)")
            logger.info("ready: samples arriving")
        }
    }

    var stallTimeoutSeconds: Double { max(2, 4 * readIntervalSeconds) }

    /// Supervisor faults become `fault` events; losing the sensor is a fault state until
    /// samples arrive again (no nudges meanwhile: no samples, no detections).
    private func handleSensorFault(_ fault: SensorFault, now: Double) {
        faultCount += 1
        counters[currentDay, default: DailyCounters()].faults += 1
        emit(fault.event(atSeconds: fault.timeSeconds))
        switch fault.kind {
        case .busError, .disconnected, .noSensor:
            if case .fault = health { return }
            health = .fault(detail: fault.detail, since: now)
            notify("STATUS=sensor fault: \(fault.detail)")
        default:
            break
        }
    }

    private func recovered(now: Double, downSeconds: Double) {
        health = .ok
        stallCheckFrom = now
        // The first second after a gap is not trusted (filters settle): no detections from it.
        vibration.markDisturbed(from: now - 1, to: now + 1)
        emit(PostureEvent(timeSeconds: now, name: "sensor_recovered", fields: [("down_s", .number(downSeconds, fractionDigits: 1))]))
    }

    private func process(_ batch: [IMUSample], now: Double) {
        guard !batch.isEmpty else { return }
        events.removeAll(keepingCapacity: true)
        let last = batch.count - 1
        for (i, sample) in batch.enumerated() {
            // A press or request applies to the newest sample: the one nearest to when it happened.
            var action: UserAction?
            if i == last && !pendingActions.isEmpty {
                action = pendingActions.removeFirst()
                if action == .ack || action == .snooze {
                    perform(action ?? .ack, now: now)
                    action = nil
                }
            }
            let disturbed = vibration.isDisturbed(at: sample.timeSeconds)
            pipeline.process(sample, action: action, disturbed: disturbed, events: &events)
            lastSampleTime = sample.timeSeconds
        }
        sampleCount += batch.count
        account(now: now, batchSeconds: batchDuration(batch))
        for event in events { handle(event, now: now) }
        updateHoldTarget(now: now)
        updateStatusLine()
    }

    private func batchDuration(_ batch: [IMUSample]) -> Double {
        guard let first = batch.first, let last = batch.last else { return 0 }
        return last.timeSeconds - first.timeSeconds + (batch.count > 1 ? (last.timeSeconds - first.timeSeconds) / Double(batch.count - 1) : 0)
    }

    // MARK: - Events and nudges

    private func handle(_ event: PostureEvent, now: Double) {
        // Logged and stored before the nudge it causes, so the log reads in cause-effect order.
        emit(event, now: now)
        var c = counters[currentDay] ?? DailyCounters()
        defer { counters[currentDay] = c }
        switch event.name {
        case EventName.slouchAlert:
            c.slouchAlerts += 1
            nudge(.slouch, now: now, counters: &c)
        case EventName.sittingNudge:
            c.sittingNudges += 1
            nudge(.sitting, now: now, counters: &c)
        case EventName.posture:
            if event["state"]?.stringValue == PostureState.upright.rawValue { nudger.corrected(.slouch) }
        case EventName.activity:
            let state = event["state"]?.stringValue
            if state == ActivityState.standing.rawValue || state == ActivityState.walking.rawValue {
                nudger.corrected(.sitting)
            }
        case EventName.calibrated:
            c.calibrations += 1
        case PipelineEventName.stretchStart:
            c.stretchSessions += 1
        case EventName.holdStart:
            holdStartedAt = event.timeSeconds
            holdTargetSignalled = false
        case EventName.holdEnd:
            holdStartedAt = nil
            let duration = event["duration_s"]?.doubleValue ?? 0
            c.holds += 1
            c.holdSecondsTotal += duration
            c.longestHoldSeconds = max(c.longestHoldSeconds, duration)
            if event["target_met"]?.boolValue == true {
                c.holdsTargetMet += 1
                if !holdTargetSignalled { nudge(.holdTarget, now: now, counters: &c) }
            }
        case EventName.bounce:
            c.bounces += 1
            nudge(.warning, now: now, counters: &c)
        case EventName.jerk:
            c.jerks += 1
            nudge(.warning, now: now, counters: &c)
        case EventName.fault:
            c.faults += 1
        default:
            break
        }
    }

    /// The wearer needs to know when the hold has lasted long enough, while still holding.
    private func updateHoldTarget(now: Double) {
        guard let start = holdStartedAt, !holdTargetSignalled,
              now - start >= pipeline.settings.stretch.holdTargetSeconds else { return }
        holdTargetSignalled = true
        var c = counters[currentDay] ?? DailyCounters()
        nudge(.holdTarget, now: now, counters: &c)
        counters[currentDay] = c
        logger.info("hold target reached (\(formatSeconds(pipeline.settings.stretch.holdTargetSeconds)) s): you may release")
    }

    private func nudge(_ kind: NudgeKind, now: Double, counters c: inout DailyCounters) {
        let wall = clock.wallSeconds
        switch nudger.request(kind, monotonic: now, wall: wall, minuteOfDay: calendar.minuteOfDay(wall)) {
        case .play(let pattern, let escalated):
            c.nudgesPlayed += 1
            vibration.enqueue(pattern, kind: kind, at: now)
            let what = escalated ? "\(kind.rawValue) (escalated: \(config.daemon.nudge.escalateAfter) ignored in a row)" : kind.rawValue
            logger.notice("nudge: \(what) pattern \(patternPicture(pattern)) \(pattern) ms")
        case .suppressed(let reason):
            if Nudger.isAlert(kind) { c.nudgesSuppressed += 1 }
            logger.info("nudge \(kind.rawValue) not played: \(reason.rawValue)")
        }
    }

    private func updateMotor(now: Double) {
        let level = vibration.level(at: now)
        if level != motorLevel { setOutputs(motor: level) }
    }

    private func setOutputs(motor level: Bool) {
        motorLevel = level
        do {
            try hardware.motor?.set(active: level)
            try hardware.buzzer?.set(active: level)
        } catch {
            logger.error("motor line: \(error)")
        }
        logger.trace("motor \(level ? "on" : "off")")
    }

    private func setLED(_ on: Bool) {
        guard on != ledLevel, let led = hardware.led else { return }
        ledLevel = on
        try? led.set(active: on)
    }

    // MARK: - Button and actions

    private func pollButton(now: Double) {
        guard let line = hardware.button else { return }
        do {
            for edge in try line.waitForEdges(timeoutSeconds: 0) {
                if let g = button.edge(pressed: edge.kind == .rising, at: edge.timeSeconds) { gesture(g, now: now) }
            }
        } catch {
            logger.error("button line: \(error)")
        }
        if let g = button.poll(at: now) { gesture(g, now: now) }
    }

    private func gesture(_ g: ButtonGesture, now: Double) {
        let b = config.daemon.button
        let action: ButtonAction
        switch g {
        case .short: action = b.shortAction
        case .long: action = b.longAction
        case .double: action = b.doubleAction
        }
        logger.info("button: \(g.rawValue) press -> \(action.rawValue)")
        switch action {
        case .ackOrSnooze:
            if !acknowledge(now: now) { snooze(seconds: config.daemon.nudge.snoozeDefaultSeconds) }
        case .ack: _ = acknowledge(now: now)
        case .snooze: snooze(seconds: config.daemon.nudge.snoozeDefaultSeconds)
        case .calibrate: pendingActions.append(.calibrate)
        case .stretch: pendingActions.append(.stretch)
        case .none: break
        }
    }

    private func perform(_ action: UserAction, now: Double) {
        switch action {
        case .ack: _ = acknowledge(now: now)
        case .snooze: snooze(seconds: config.daemon.nudge.snoozeDefaultSeconds)
        case .calibrate, .stretch: pendingActions.append(action)
        }
    }

    @discardableResult
    private func acknowledge(now: Double) -> Bool {
        guard nudger.acknowledge(monotonic: now) else { return false }
        vibration.cancel(at: now)
        updateMotor(now: now)
        logger.info("alert acknowledged")
        return true
    }

    /// Snoozes alerts (0 ends the snooze). Saved at once: the wearer expects it to hold.
    public func snooze(seconds: Double) {
        let wall = clock.wallSeconds
        nudger.snooze(seconds: seconds, wall: wall)
        if let until = nudger.snoozeUntilWall {
            logger.notice("snoozed for \(formatDuration(seconds)), until \(calendar.timeOfDay(until))")
        } else {
            logger.notice("snooze off")
        }
        saveState()
    }

    // MARK: - Control requests

    public func handle(_ request: ControlRequest) -> ControlResponse {
        let now = clock.monotonicSeconds
        switch request.cmd {
        case "status":
            return ControlResponse(ok: true, status: status())
        case "calibrate":
            guard health == .ok else { return .failure("cannot calibrate: sensor \(health.name)") }
            pendingActions.append(.calibrate)
            readSensor(now: now)
            return pipeline.state.isCalibrated && !pendingActions.contains(.calibrate)
                ? ControlResponse(ok: true, message: "calibrated: this posture is now upright")
                : ControlResponse(ok: true, message: "calibration will be taken at the next sample")
        case "stretch":
            pendingActions.append(.stretch)
            readSensor(now: now)
            return ControlResponse(ok: true, message: "stretch session started: hold each stretch \(formatSeconds(pipeline.settings.stretch.holdTargetSeconds)) s, no bouncing")
        case "ack":
            return acknowledge(now: now) ? ControlResponse(ok: true, message: "acknowledged") : .failure("no recent alert to acknowledge")
        case "snooze":
            guard let seconds = request.seconds, seconds.isFinite, seconds >= 0, seconds <= 7 * 86400 else {
                return .failure("snooze needs \"seconds\" from 0 (off) to 604800")
            }
            snooze(seconds: seconds)
            if let until = nudger.snoozeUntilWall {
                return ControlResponse(ok: true, message: "snoozed for \(formatDuration(seconds)) (until \(calendar.timeOfDay(until)))", status: status())
            }
            return ControlResponse(ok: true, message: "snooze off", status: status())
        case "stats":
            let days = request.days ?? 7
            guard (1...3650).contains(days) else { return .failure("\"days\" must be 1 to 3650") }
            return ControlResponse(ok: true, stats: stats(days: days))
        default:
            return .failure("unknown command \"\(request.cmd)\" (known: \(ControlRequest.commands.joined(separator: ", ")))")
        }
    }

    public func status() -> StatusReport {
        let now = clock.monotonicSeconds
        let wall = clock.wallSeconds
        let snap = pipeline.snapshot
        var detail: String?
        switch health {
        case .fault(let d, let since): detail = "\(d) (for \(formatSeconds(now - since)) s)"
        case .stalled(let since): detail = "no samples for \(formatSeconds(now - since)) s"
        default: detail = nil
        }
        let snoozeUntil = nudger.isSnoozed(wall: wall) ? nudger.snoozeUntilWall : nil
        return StatusReport(
            posture: snap.state.posture.rawValue, activity: snap.state.activity.rawValue,
            calibrated: snap.state.isCalibrated,
            tiltDegrees: round1(snap.state.tiltDegrees), pitchDegrees: round1(snap.state.pitchDegrees),
            rollDegrees: round1(snap.state.rollDegrees), sittingSeconds: round1(snap.sittingSeconds),
            snoozeUntil: snoozeUntil, snoozeRemainingSeconds: snoozeUntil.map { round1($0 - wall) },
            quietHoursNow: config.daemon.nudge.quietHours?.contains(minuteOfDay: calendar.minuteOfDay(wall)) ?? false,
            sensor: SensorReport(chip: sensorName, state: health.name, detail: detail, samples: sampleCount,
                                 lastSampleAgeSeconds: lastSampleClock.map { round1(now - $0) }, faults: faultCount),
            uptimeSeconds: round1(now - startMonotonic), mock: hardware.isMock)
    }

    /// Newest first: today's live counters, then stored days.
    public func stats(days: Int) -> [DayStats] {
        var byDay: [String: DailyCounters] = [:]
        if let history, let stored = try? history.dailyCounters(limit: days) {
            for d in stored { byDay[d.day] = d.counters }
        }
        for (day, c) in counters { byDay[day] = c }
        if var today = byDay[currentDay] {
            today.longestSittingBoutSeconds = max(today.longestSittingBoutSeconds, pipeline.snapshot.sittingSeconds)
            byDay[currentDay] = today
        } else {
            byDay[currentDay] = DailyCounters()
        }
        return byDay.keys.sorted(by: >).prefix(days).map { DayStats(day: $0, counters: byDay[$0] ?? DailyCounters()) }
    }

    // MARK: - Reload

    /// Applies a validated configuration (SIGHUP). Settings that need the hardware reopened
    /// are reported and take effect at the next start.
    public func reload(_ newConfig: PostureConfiguration) {
        let old = config.daemon
        let new = newConfig.daemon
        var restartNeeded: [String] = []
        if old.sensor != new.sensor { restartNeeded.append("[sensor] bus/chip/rate") }
        if old.gpio != new.gpio { restartNeeded.append("[gpio]") }
        if old.button.line != new.button.line || old.button.activeLow != new.button.activeLow || old.button.bias != new.button.bias {
            restartNeeded.append("button.line/active_low/bias")
        }
        if old.control != new.control { restartNeeded.append("[control]") }
        if old.state.directory != new.state.directory { restartNeeded.append("state.directory") }
        if old.mock != new.mock { restartNeeded.append("[mock]") }
        config = newConfig
        pipeline.updateSettings(newConfig.pipeline)
        nudger.settings = new.nudge
        vibration.settleSeconds = Double(new.nudge.settleMilliseconds) / 1000
        button.debounceSeconds = Double(new.button.debounceMilliseconds) / 1000
        button.longPressSeconds = Double(new.button.longPressMilliseconds) / 1000
        button.doublePressSeconds = Double(new.button.doublePressMilliseconds) / 1000
        DaemonLogging.sharedLevel.value = Logger.Level(new.log.level)
        nextFlush = min(nextFlush, clock.monotonicSeconds + new.state.flushIntervalSeconds)
        logger.notice("configuration reloaded")
        if !restartNeeded.isEmpty {
            logger.warning("changed settings that take effect after a restart: \(restartNeeded.joined(separator: ", "))")
        }
        notify("READY=1\nSTATUS=running: configuration reloaded")
    }

    // MARK: - Accounting, persistence

    private func account(now: Double, batchSeconds: Double) {
        var c = counters[currentDay] ?? DailyCounters()
        let snap = pipeline.snapshot
        let slouchedTotal = snap.counters.slouchedSeconds
        c.slouchedSeconds += max(0, slouchedTotal - lastPipelineSlouchedSeconds)
        lastPipelineSlouchedSeconds = slouchedTotal
        if snap.state.posture == .upright { c.uprightSeconds += batchSeconds }
        if snap.state.activity == .sitting { c.sittingSeconds += batchSeconds }
        c.longestSittingBoutSeconds = max(c.longestSittingBoutSeconds, snap.sittingSeconds)
        counters[currentDay] = c
    }

    private func accountOpenSittingBout() {
        var c = counters[currentDay] ?? DailyCounters()
        c.longestSittingBoutSeconds = max(c.longestSittingBoutSeconds, pipeline.snapshot.sittingSeconds)
        counters[currentDay] = c
    }

    private func rollDay() {
        let day = calendar.dayKey(clock.wallSeconds)
        guard day != currentDay else { return }
        logger.info("new day \(day)")
        persist(reason: "day change")
        currentDay = day
        // The state file keeps today and yesterday; older days are in the database.
        let keep = counters.keys.sorted(by: >).prefix(2)
        counters = counters.filter { keep.contains($0.key) }
        if let history {
            let oldest = calendar.dayKey(clock.wallSeconds - Double(config.daemon.state.historyDays) * 86400)
            do { try history.prune(before: oldest) } catch { logger.error("history prune: \(error)") }
        }
    }

    /// Writes the history batch and the state file (every flush interval, at the day change, at shutdown).
    public func persist(reason: String?) {
        if let history {
            do {
                let n = history.pendingCount
                try history.flush(counters: counters)
                if n > 0 { logger.debug("history: \(n) events written\(reason.map { " (\($0))" } ?? "")") }
            } catch {
                logger.error("history write failed: \(error); events kept in memory for the next try")
            }
        }
        saveState()
    }

    private func saveState() {
        guard let store = stateStore else { return }
        var s = PersistedState()
        if let up = pipeline.uprightReference { s.uprightReference = [up.x, up.y, up.z] }
        s.snoozeUntil = nudger.snoozeUntilWall
        s.counters = counters
        do {
            try store.save(s)
        } catch {
            logger.error("state not saved: \(error)")
        }
    }

    // MARK: - Output

    private func emit(_ event: PostureEvent, now: Double? = nil) {
        var e = event
        let mono = now ?? clock.monotonicSeconds
        // Samples carry monotonic times; people and the history want wall-clock times.
        e.timeSeconds = clock.wallSeconds - (mono - event.timeSeconds)
        if let history {
            history.append(PostureEventRecord(wallSeconds: e.timeSeconds, day: calendar.dayKey(e.timeSeconds),
                                              name: e.name, json: e.jsonLine()))
        }
        if event.name == EventName.calibrated { saveState() }
        EventNarrator.log(e, logger: logger)
        eventObserver?(e)
    }


    private func updateStatusLine() {
        let s = pipeline.state
        let line = "STATUS=\(s.posture.rawValue), \(s.activity.rawValue)"
            + (s.isCalibrated ? "" : " (not calibrated)")
            + (nudger.isSnoozed(wall: clock.wallSeconds) ? ", snoozed" : "")
        if line != lastStatusLine {
            lastStatusLine = line
            notify(line)
        }
    }

    private func pingWatchdog(now: Double) {
        guard let interval = watchdogIntervalSeconds, progressSinceLastPing, now - lastPing >= interval else { return }
        if case .stalled = health { return }
        notify("WATCHDOG=1")
        lastPing = now
        progressSinceLastPing = false
    }

    private func notify(_ message: String) { notifier?.notify(message) }

    func notifyReloading() {
        // systemd 253+ wants the monotonic time with RELOADING=1 (Type=notify-reload).
        notify("RELOADING=1\nMONOTONIC_USEC=\(SystemTime.monotonicMicroseconds())")
    }

    func notifyReady(status: String) { notify("READY=1\nSTATUS=\(status)") }
}

func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
func formatSeconds(_ x: Double) -> String { DecimalFormatting.string(x, fractionDigits: x < 10 ? 1 : 0) }
func formatRate(_ x: Double) -> String { DecimalFormatting.string(x, fractionDigits: x == x.rounded() ? 0 : 1) }
func formatDuration(_ x: Double) -> String { DurationText.format(x) }
func formatVector(_ v: Vector3) -> String {
    "[" + DecimalFormatting.string(v.x, fractionDigits: 3) + ", " + DecimalFormatting.string(v.y, fractionDigits: 3)
        + ", " + DecimalFormatting.string(v.z, fractionDigits: 3) + "]"
}

/// ▮▯▮ for [150, 100, 150]: on steps as full blocks, off steps as empty ones.
func patternPicture(_ p: VibrationPattern) -> String {
    var s = ""
    for (i, ms) in p.stepsMilliseconds.enumerated() {
        let n = max(1, min(6, ms / 150))
        s += String(repeating: i % 2 == 0 ? "\u{25AE}" : "\u{25AF}", count: n)
    }
    return s
}
