import PostureControl
import PostureCore
import SystemSupport

/// The service's saved state and history: restored at start, written every flush interval,
/// at the day change and at shutdown.
extension PostureService {
    func restoreState() {
        history?.startRun(atWall: clock.wallSeconds)
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
        // No restored snooze outlasts the longest one a user can ask for.
        let longest = ControlCommand.snoozeSecondsRange.upperBound
        var snoozeUntil = state.snoozeUntil
        if let until = snoozeUntil, until > wall + longest {
            logger.warning("saved snooze ends \(until), beyond the longest snooze (\(Int(saturating: longest)) s): shortened to that")
            snoozeUntil = wall + longest
        }
        nudger.restoreSnooze(untilWall: snoozeUntil, wall: wall)
        if let until = nudger.snoozeUntilWall {
            logger.info("snoozed until \(calendar.timeOfDay(until))")
        }
        if state.paused == true {
            nudger.setPause(state.pausedUntil.map { .until(wallSeconds: $0) } ?? .indefinitely, wall: wall)
            if nudger.isPaused(wall: wall) {
                logger.info("paused \(nudger.pause?.untilWall.map { "until \(calendar.dayKey($0)) \(calendar.timeOfDay($0))" } ?? "until resumed")")
            }
        }
        ledger.restore(state.counters)
    }

    func rollDay() {
        let day = calendar.dayKey(clock.wallSeconds)
        guard day != ledger.currentDay else { return }
        logger.info("new day \(day)")
        persist(reason: "day change")
        ledger.startDay(day)
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
                try history.flush(counters: ledger.counters, runningUntilWall: clock.wallSeconds)
                if n > 0 { logger.debug("history: \(n) events written\(reason.map { " (\($0))" } ?? "")") }
                if historyWriteFailing {
                    historyWriteFailing = false
                    logger.notice("history: written again")
                }
            } catch {
                if !historyWriteFailing {
                    logger.error("history write failed: \(error); events kept in memory, retrying at every flush (said once)")
                }
                historyWriteFailing = true
            }
        }
        saveState()
    }

    func saveState() {
        guard let store = stateStore else { return }
        var s = PersistedState()
        if let up = pipeline.uprightReference { s.uprightReference = [up.x, up.y, up.z] }
        s.snoozeUntil = nudger.snoozeUntilWall
        s.counters = ledger.counters
        if let p = nudger.pause {
            s.paused = true
            s.pausedUntil = p.untilWall
        }
        do {
            try store.save(s)
            if stateSaveFailing {
                stateSaveFailing = false
                logger.notice("state: \(store.path) saved again")
            }
        } catch {
            if !stateSaveFailing {
                logger.error("state not saved: \(error); retrying at every flush (said once)")
            }
            stateSaveFailing = true
        }
    }
}

/// The Prometheus textfile (`[metrics] textfile`): rewritten atomically every interval and at exit.
extension PostureService {
    var metricsEnabled: Bool { !config.daemon.metrics.textfilePath.isEmpty }

    public var metricsSnapshot: MetricsSnapshot {
        MetricsSnapshot(up: !stopped, status: status(), pipeline: pipeline.snapshot.counters, service: metricCounters,
                        startWallSeconds: startWall)
    }

    /// Writes the file (temporary file and rename in its directory: node_exporter never reads
    /// half a file). Not synced: it is rewritten every few seconds. Mode 0644 despite the unit's
    /// UMask=0077: node_exporter runs as another user. A failure is logged once.
    func writeMetrics(up: Bool) {
        let path = config.daemon.metrics.textfilePath
        guard !path.isEmpty else { return }
        var snapshot = metricsSnapshot
        snapshot.up = up
        do {
            try AtomicFile.write(PrometheusText.render(snapshot), to: path, mode: 0o644, durable: false, exactMode: true)
            if metricsWriteFailing {
                metricsWriteFailing = false
                logger.notice("metrics: \(path) written again")
            }
        } catch {
            if !metricsWriteFailing {
                logger.error("metrics: \(error) (is its directory writable by the service? see ReadWritePaths in the README's Prometheus section); retrying every \(formatSeconds(config.daemon.metrics.intervalSeconds)) s")
            }
            metricsWriteFailing = true
        }
    }
}
