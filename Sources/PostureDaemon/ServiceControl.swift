import Logging
import PostureCoaching
import PostureConfig
import PostureControl

/// What the service answers and accepts from outside: control commands, `posture status`,
/// `posture stats`, a reloaded configuration.
extension PostureService {
    public func handle(_ command: ControlCommand) -> ControlResponse {
        ControlHandling.respond(to: command, target: self)
    }

    public func status() -> StatusReport {
        let wall = clock.wallSeconds
        var report = ServiceReporter.statusReport(
            snapshot: pipeline.snapshot, sensor: sensorHealth, sensorName: sensorName,
            now: clock.monotonicSeconds, wall: wall, startSeconds: startMonotonic, snoozeUntilWall: nudger.snoozeUntilWall,
            quietHoursNow: config.daemon.nudge.quietHours?.contains(minuteOfDay: calendar.minuteOfDay(wall)) ?? false,
            simulated: hardware.sensorCapabilities.isSimulated)
            .withSchedule(nudger: nudger, calendar: calendar, wall: wall)
        report.routine = routine?.summary(at: clock.monotonicSeconds, stopped: false)
        (report.alertsIgnoredInARow, report.alertBackoffFactor) = alertBudget
        return report
    }

    /// Newest first: today's live counters, then stored days.
    public func stats(days: Int) -> [DayStats] {
        let stored = (try? history?.dailyCounters(limit: days)) ?? []
        return ledger.stats(days: days, stored: stored,
                            openSittingBoutSeconds: pipeline.snapshot.sittingSeconds)
    }

    /// One page of `posture stats`, newest first: the days held in memory (merged over their
    /// stored rows), then stored days read with LIMIT/OFFSET, so no answer costs the loop more
    /// than a page. `nextOffset` is where the next page starts, nil after the last.
    public func statsPage(days: Int, offset: Int, pageDays: Int = ControlCommand.statsPageDays) -> (days: [DayStats], nextOffset: Int?) {
        let end = min(days, offset + max(1, pageDays))
        guard offset < end else { return ([], nil) }
        let oldestLive = ledger.oldestLiveDay
        let recentStored = (try? history?.dailyCounters(fromDay: oldestLive)) ?? []
        let live = ledger.stats(days: Int.max, stored: recentStored, openSittingBoutSeconds: pipeline.snapshot.sittingSeconds)
        var page = Array(live.dropFirst(offset).prefix(end - offset))
        let want = end - offset - page.count
        // One row past the page tells whether another page follows.
        let older = (try? history?.dailyCounters(before: oldestLive, offset: max(0, offset - live.count), limit: want + 1)) ?? []
        let more = offset + page.count < live.count || older.count > want
        page += older.prefix(want)
        let next = offset + page.count
        return (page, more && next < days ? next : nil)
    }

    // MARK: - Reload

    /// Applies a validated configuration (SIGHUP). Settings that need the hardware reopened
    /// are reported and take effect at the next start.
    public func reload(_ newConfig: PostureConfiguration) {
        let new = newConfig.daemon
        let restartNeeded = ConfigReload.settingsNeedingRestart(old: config.daemon, new: new)
        config = newConfig
        pipeline.updateSettings(newConfig.pipeline)
        nudger.settings = new.nudge
        vibration.settleSeconds = Double(new.nudge.settleMilliseconds) / 1000
        button.debounceSeconds = Double(new.button.debounceMilliseconds) / 1000
        button.longPressSeconds = Double(new.button.longPressMilliseconds) / 1000
        button.doublePressSeconds = Double(new.button.doublePressMilliseconds) / 1000
        logLevel?.value = Logger.Level(new.log.level)
        flushSchedule.change(intervalSeconds: new.state.flushIntervalSeconds, now: clock.monotonicSeconds)
        metricsSchedule.change(intervalSeconds: new.metrics.intervalSeconds, now: clock.monotonicSeconds)
        logger.notice("configuration reloaded")
        if !restartNeeded.isEmpty {
            logger.warning("changed settings that take effect after a restart: \(restartNeeded.joined(separator: ", "))")
        }
        notify("READY=1\nSTATUS=running: configuration reloaded")
    }
}

extension PostureService: ControlTarget {
    var holdTargetSeconds: Double { pipeline.settings.stretch.holdTargetSeconds }
    var snoozeUntilWall: Double? { nudger.snoozeUntilWall }

    func calibrateNow() -> Bool {
        pendingActions.append(.calibrate)
        readSensor(now: clock.monotonicSeconds)
        return pipeline.state.isCalibrated && !pendingActions.contains(.calibrate)
    }

    func startStretchNow() {
        pendingActions.append(.stretch)
        readSensor(now: clock.monotonicSeconds)
    }

    func acknowledgeAlert() -> Bool { acknowledge(now: clock.monotonicSeconds) }

    func pause(_ request: PauseRequest) -> Double? { setPause(request) }

    func timeOfDay(_ wallSeconds: Double) -> String { calendar.timeOfDay(wallSeconds) }

    var routineNames: [String] { routineDefinitions.map(\.name) }
    func startRoutineNow(named name: String) -> Result<RoutineSummary, ControlCommandError> {
        let r = startRoutine(named: name, now: clock.monotonicSeconds)
        // The stretch session it opens starts at the next sample: read it now.
        if !pendingActions.isEmpty { readSensor(now: clock.monotonicSeconds) }
        return r
    }
    func routineProgress() -> RoutineSummary? { routineSummary(now: clock.monotonicSeconds) }
    func stopRoutineNow() -> RoutineSummary? { stopRoutine(now: clock.monotonicSeconds) }
    func skipRoutineStepNow() -> Bool { skipRoutineStep(now: clock.monotonicSeconds) }
}

extension ButtonSettings {
    /// What a gesture does, as configured.
    public func action(for gesture: ButtonGesture) -> ButtonAction {
        switch gesture {
        case .short: return shortAction
        case .long: return longAction
        case .double: return doubleAction
        }
    }
}
