import GPIO
import IMUDrivers
import Logging
import PostureCoaching
import PostureConfig
import PostureControl
import PostureCore
import PosturePipeline
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's logic, free of waiting: each `tick()` reads the sensor when due, runs the
/// pipeline, turns events into nudges, drives the motor, handles the button, pings the
/// watchdog and flushes history. The run loop (or a test) calls `tick()` at
/// `nextDeadline()` or when a descriptor becomes readable.
///
/// An orchestrator: the decisions are in pure parts, each tested on its own
/// (SensorHealthTracker, EventReactions, DailyLedger, ControlHandling, ServiceReporter, and
/// PostureCoaching's nudger, vibration scheduler and button gestures); here they meet the devices.
public final class PostureService {
    public internal(set) var config: PostureConfiguration
    public let hardware: DaemonHardware
    let clock: DaemonClock
    let calendar: LocalCalendar
    let logger: Logger
    let notifier: ServiceNotifier?
    let stateStore: StateStore?
    let history: HistoryStore?
    /// The process's log level, changed by a reload (nil: the loggers' own levels stay).
    let logLevel: SharedLogLevel?
    /// Every event after time conversion, for tests and narration.
    public var eventObserver: ((PostureEvent) -> Void)?

    public internal(set) var pipeline: PosturePipeline
    public internal(set) var nudger: Nudger
    public internal(set) var vibration: VibrationScheduler
    var button: ButtonGestureRecognizer
    public private(set) var sensorHealth: SensorHealthTracker
    var reactions = EventReactions()
    /// The guided routine in progress (ServiceRoutines.swift), and the last one ended.
    var routine: RoutineRunner?
    var lastRoutine: RoutineSummary?
    public internal(set) var ledger: DailyLedger
    var flushSchedule: FlushSchedule
    /// The Prometheus textfile: what it counts, when it is next written, whether writing fails.
    var metricCounters = ServiceMetricCounters()
    var metricsSchedule: FlushSchedule
    var metricsWriteFailing = false
    /// Set while writes keep failing (full disk, read-only directory): said once, and once when it recovers.
    var stateSaveFailing = false
    var historyWriteFailing = false
    let startWall: Double
    private var reporter: ServiceReporter

    // Per-tick buffers, reused so the sample path does not allocate.
    private var samples: [IMUSample] = []
    private var events: [PostureEvent] = []
    var pendingActions: [UserAction] = []
    private var sensorFaults: [SensorFault] = []

    let startMonotonic: Double
    private var nextReadTime: Double
    private var motorLevel = false
    private var ledLevel = false
    public private(set) var stopped = false

    public init(config: PostureConfiguration, hardware: DaemonHardware, clock: DaemonClock,
                calendar: LocalCalendar = LocalCalendar(), logger: Logger = Logger(label: "posture"),
                notifier: ServiceNotifier? = nil, watchdogIntervalSeconds: Double? = nil,
                stateStore: StateStore? = nil, history: HistoryStore? = nil, logLevel: SharedLogLevel? = nil) {
        self.config = config
        self.hardware = hardware
        self.clock = clock
        self.calendar = calendar
        self.logger = logger
        self.notifier = notifier
        self.stateStore = stateStore
        self.history = history
        self.logLevel = logLevel
        pipeline = PosturePipeline(settings: config.pipeline)
        nudger = Nudger(settings: config.daemon.nudge)
        vibration = VibrationScheduler(settleSeconds: Double(config.daemon.nudge.settleMilliseconds) / 1000)
        button = Self.recognizer(config.daemon.button)
        let now = clock.monotonicSeconds
        startMonotonic = now
        nextReadTime = now
        sensorHealth = SensorHealthTracker(startSeconds: now)
        reporter = ServiceReporter(startSeconds: now, watchdogIntervalSeconds: watchdogIntervalSeconds)
        flushSchedule = FlushSchedule(intervalSeconds: config.daemon.state.flushIntervalSeconds, now: now)
        metricsSchedule = FlushSchedule(intervalSeconds: config.daemon.metrics.intervalSeconds, now: now)
        startWall = clock.wallSeconds
        ledger = DailyLedger(day: calendar.dayKey(clock.wallSeconds))
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

    public var health: SensorHealth { sensorHealth.health }
    public var sampleCount: Int { sensorHealth.sampleCount }

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
            _ = sensorHealth.noteFault(losesSensor: true, detail: "\(error)", now: clock.monotonicSeconds)
            notify("STATUS=waiting for the sensor: \(error)")
        }
        writeMetrics(up: true)
        if !pipeline.state.isCalibrated {
            logger.notice("not calibrated yet: sit upright and long-press the button, or run `posture calibrate`")
        }
    }

    /// Graceful stop: motor off, state saved, history flushed (SIGTERM, SIGINT).
    public func shutdown() {
        guard !stopped else { return }
        stopped = true
        notify("STOPPING=1")
        vibration.cancel(at: clock.monotonicSeconds)
        setOutputs(motor: false)
        setLED(false)
        ledger.accountOpenSittingBout(pipeline.snapshot.sittingSeconds)
        persist(reason: "shutdown")
        writeMetrics(up: false)
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
            if readNow, sensorHealth.noteDataReadyRead(edgeSeen: signalled), let line = config.daemon.sensor.dataReadyLine {
                logger.warning("sensor.data_ready: no edges on line \(line); is the IMU's INT pin wired and enabled? Reading on the timer meanwhile")
            }
        }
        if readNow {
            readSensor(now: now)
            nextReadTime = now + readIntervalSeconds
        } else if !pendingActions.isEmpty {
            // An action waits for the next sample; read now rather than at the next batch.
            readSensor(now: now)
        }
        if let message = reporter.readyAnyway(now: now, health: health) {
            // Report the fault, keep retrying.
            notify(message)
            logger.warning("no samples after \(Int(ServiceReporter.readyAnywaySeconds)) s: running without them, retrying the sensor")
        }
        pollRoutine(now: now)
        updateMotor(now: now)
        let wall = clock.wallSeconds
        if let p = nudger.pause, !p.isActive(wall: wall) {
            nudger.expirePause(wall: wall)
            logger.notice("pause ended: alerts play again")
            saveState()
        }
        setLED(nudger.isSnoozed(wall: wall) || nudger.isPaused(wall: wall) || health != .ok)
        if let ping = reporter.watchdogPing(now: now, health: health) { notify(ping) }
        rollDay()
        if flushSchedule.isDue(now: now) { persist(reason: nil) }
        if metricsEnabled && metricsSchedule.isDue(now: now) { writeMetrics(up: true) }
    }

    /// With the FIFO the chip buffers samples and a batch is read a few times a second;
    /// without it every sample needs its own wake-up (unless the sensor keeps its backlog
    /// anyway). A data-ready line wakes the loop itself.
    var readIntervalSeconds: Double {
        let s = config.daemon.sensor
        if s.useFIFO || hardware.sensorCapabilities.keepsBacklog { return Double(s.readIntervalMilliseconds) / 1000 }
        return 1 / s.rateHz
    }

    /// Without an edge, read anyway one interval late: the FIFO (under a second at 100 Hz on
    /// an MPU-6050) must not overflow because the INT pin is not wired or not enabled.
    var dataReadyGraceSeconds: Double { readIntervalSeconds }

    /// True when the run loop should wake on the data-ready line (the batch time has come).
    public var isWaitingForDataReady: Bool {
        hardware.dataReady != nil && clock.monotonicSeconds >= nextReadTime
    }

    /// When `tick()` next has something to do (monotonic seconds).
    public func nextDeadline() -> Double {
        let now = clock.monotonicSeconds
        var read = nextReadTime
        if hardware.dataReady != nil && now >= nextReadTime { read = nextReadTime + dataReadyGraceSeconds }
        if let ready = reporter.readyDeadline { read = min(read, ready) }
        var d = min(read, flushSchedule.nextSeconds)
        if metricsEnabled { d = min(d, metricsSchedule.nextSeconds) }
        if let t = vibration.nextTransition(after: now) { d = min(d, t) }
        if let t = button.nextDeadline { d = min(d, t) }
        if let t = routine?.nextDeadline { d = min(d, t) }
        return d
    }

    // MARK: - Sensor

    var sensorName: String {
        guard let sensor = hardware.sensor.sensor else { return hardware.sensorDescription }
        return "\(sensor.chipName) at 0x\(String(sensor.address, radix: 16))"
    }

    func readSensor(now: Double) {
        samples.removeAll(keepingCapacity: true)
        sensorFaults.removeAll(keepingCapacity: true)
        hardware.sensor.poll(into: &samples, faults: &sensorFaults)
        for fault in sensorFaults { handleSensorFault(fault, now: now) }
        if samples.isEmpty {
            if hardware.sensor.isConnected {
                if let silentFor = sensorHealth.noteEmptyRead(now: now, stallTimeoutSeconds: stallTimeoutSeconds) {
                    ledger.today.faults += 1
                    logger.error("sensor stalled: no samples for \(formatSeconds(silentFor)) s; watchdog pings stop")
                    emit(.fault(at: now, kind: "stall", detail: "no samples for \(formatSeconds(silentFor)) s while the chip answers; watchdog pings stopped so systemd restarts the service"))
                    notify("STATUS=sensor stalled: no samples")
                }
            } else {
                // Re-probing on schedule is progress: the loop is alive and knows what is wrong.
                reporter.progressed()
            }
            return
        }
        if let downSeconds = sensorHealth.noteSamples(now: now) {
            logger.notice("sensor delivers samples again after \(formatSeconds(downSeconds)) s: \(sensorName)")
            notify("STATUS=running: \(sensorName)")
            // The first second after a gap is not trusted (filters settle): no detections from it.
            vibration.markDisturbed(from: now - 1, to: now + 1)
            emit(.sensorRecovered(at: now, downSeconds: downSeconds))
        }
        process(samples, now: now)
        reporter.progressed()
        sensorHealth.delivered(samples.count, now: now)
        if let ready = reporter.samplesArrived(sensorName: sensorName) {
            notify(ready)
            logger.info("ready: samples arriving")
        }
    }

    var stallTimeoutSeconds: Double { max(2, 4 * readIntervalSeconds) }

    /// Supervisor faults become `fault` events; losing the sensor is a fault state until
    /// samples arrive again (no nudges meanwhile: no samples, no detections).
    private func handleSensorFault(_ fault: SensorFault, now: Double) {
        let losesSensor = fault.kind == .busError || fault.kind == .disconnected || fault.kind == .noSensor
        let entered = sensorHealth.noteFault(losesSensor: losesSensor, detail: fault.detail, now: now)
        ledger.today.faults += 1
        emit(fault.event(atSeconds: fault.timeSeconds))
        if entered { notify("STATUS=sensor fault: \(fault.detail)") }
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
        }
        let snap = pipeline.snapshot
        ledger.account(pipelineSlouchedSeconds: snap.counters.slouchedSeconds, upright: snap.state.posture == .upright,
                       sitting: snap.state.activity == .sitting, sittingBoutSeconds: snap.sittingSeconds,
                       batchSeconds: batchDuration(batch))
        for event in events { react(to: event, now: now) }
        let target = pipeline.settings.holdTarget(for: reactions.holdExercise)
        // During a routine the runner signals its own (per-step) hold targets.
        if routine == nil, reactions.holdTargetReached(now: now, targetSeconds: target) {
            nudge(.holdTarget, now: now)
            logger.info("hold target reached (\(formatSeconds(target)) s): you may release")
        }
        if let line = reporter.statusLine(pipeline.state, snoozed: nudger.isSnoozed(wall: clock.wallSeconds)) { notify(line) }
    }

    private func batchDuration(_ batch: [IMUSample]) -> Double {
        guard let first = batch.first, let last = batch.last else { return 0 }
        return last.timeSeconds - first.timeSeconds + (batch.count > 1 ? (last.timeSeconds - first.timeSeconds) / Double(batch.count - 1) : 0)
    }

    // MARK: - Events and nudges

    func react(to event: PostureEvent, now: Double) {
        // Logged and stored before the nudge it causes, so the log reads in cause-effect order.
        emit(event, now: now)
        var c = ledger.today
        let reaction = reactions.react(to: event, counters: &c)
        if let kind = reaction.corrected, let response = nudger.corrected(kind, monotonic: now) {
            answered(response, at: event.timeSeconds, now: now, counters: &c)
        }
        // A routine's hold targets are its own (RoutineRunner); the general one would be a second buzz.
        if let kind = reaction.nudge, !(routine != nil && kind == .holdTarget) { nudge(kind, now: now, counters: &c) }
        ledger.today = c
        feedRoutine(event, now: now)
    }

    private func nudge(_ kind: NudgeKind, now: Double) {
        var c = ledger.today
        nudge(kind, now: now, counters: &c)
        ledger.today = c
    }

    @discardableResult
    func nudge(_ kind: NudgeKind, now: Double, counters c: inout DailyCounters) -> NudgeDecision {
        let wall = clock.wallSeconds
        let decision = nudger.request(kind, monotonic: now, wall: wall, minuteOfDay: calendar.minuteOfDay(wall),
                                      weekday: calendar.weekday(wall))
        switch decision {
        case .play(let pattern, let escalated):
            c.nudgesPlayed += 1
            metricCounters.nudge(kind, played: true)
            vibration.enqueue(pattern, kind: kind, at: now)
            let what = escalated ? "\(kind.rawValue) (escalated: \(config.daemon.nudge.escalateAfter) ignored in a row)" : kind.rawValue
            logger.notice("nudge: \(what) pattern \(pattern.picture) \(pattern) ms")
        case .suppressed(let reason):
            metricCounters.nudge(kind, played: false)
            if Nudger.isAlert(kind) {
                c.nudgesSuppressed += 1
                withheld(kind, reason: reason, now: now, counters: &c)
            } else {
                logger.info("nudge \(kind.rawValue) not played: \(reason.rawValue)")
            }
        }
        return decision
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
        let action = config.daemon.button.action(for: g)
        // While a routine runs, a short press skips its step (alerts are not the point then).
        if routine != nil && (g == .short || action == .routine) {
            logger.info("button: \(g.rawValue) press -> skip the routine step")
            _ = skipRoutineStep(now: now)
            return
        }
        logger.info("button: \(g.rawValue) press -> \(action.rawValue)")
        switch action {
        case .routine:
            if case .failure(let why) = startRoutine(named: RoutineDefinition.basicDaily.name, now: now) { logger.error("button: \(why.message)") }
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
    func acknowledge(now: Double) -> Bool {
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

    // MARK: - Output

    func emit(_ event: PostureEvent, now: Double? = nil) {
        var e = event
        let mono = now ?? clock.monotonicSeconds
        // Samples carry monotonic times; people and the history want wall-clock times.
        e.timeSeconds = clock.wallSeconds - (mono - event.timeSeconds) * clock.wallSecondsPerClockSecond
        if let history {
            history.append(PostureEventRecord(wallSeconds: e.timeSeconds, day: calendar.dayKey(e.timeSeconds),
                                              name: e.name, json: e.jsonLine()))
        }
        if case .calibrated = event.payload { saveState() }
        metricCounters.observe(e)
        EventNarrator.log(e, logger: logger)
        eventObserver?(e)
    }

    func notify(_ message: String) { notifier?.notify(message) }

    func notifyReloading() {
        // systemd 253+ wants the monotonic time with RELOADING=1 (Type=notify-reload).
        notify("RELOADING=1\nMONOTONIC_USEC=\(SystemTime.monotonicMicroseconds())")
    }

    func notifyReady(status: String) { notify("READY=1\nSTATUS=\(status)") }
}
