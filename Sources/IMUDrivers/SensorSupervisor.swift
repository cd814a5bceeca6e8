import I2C
import PostureCore
import SystemSupport

/// A sensor or bus fault, for the daemon's `fault` event (`kind`, `detail`).
public struct SensorFault: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A read failed after retries (the first of a run of failures).
        case busError = "bus_error"
        /// The chip was reset and configured again.
        case reinitialised = "reinitialised"
        /// The sensor stopped answering; re-probing with backoff.
        case disconnected = "disconnected"
        /// A sensor was found and configured again after a disconnect.
        case reconnected = "reconnected"
        /// No sensor could be opened (first connection or re-probe).
        case noSensor = "no_sensor"
        /// The FIFO overflowed and was flushed; samples were lost.
        case fifoOverflow = "fifo_overflow"
        /// Samples lost without an overflow: a broken transfer left the FIFO mid-frame, or
        /// burst reads came too slowly for the data rate.
        case samplesDropped = "samples_dropped"
        /// Data stopped changing or stopped arriving while the configuration looked right.
        case stuckData = "stuck_data"
        /// The chip lost its configuration (it reset itself, a brown-out).
        case chipReset = "chip_reset"
        /// Samples at the end of the measuring range (clipped motion).
        case saturated = "saturated"
    }

    public var kind: Kind
    public var detail: String
    /// On the supervisor's monotonic clock.
    public var timeSeconds: Double

    public init(kind: Kind, detail: String, timeSeconds: Double) {
        self.kind = kind
        self.detail = detail
        self.timeSeconds = timeSeconds
    }

    /// The `fault` event (shared spec, section 3) at `eventTimeSeconds` (the daemon's
    /// event clock: Unix time; `timeSeconds` here is monotonic).
    public func event(atSeconds eventTimeSeconds: Double) -> PostureEvent {
        .fault(at: eventTimeSeconds, kind: kind.rawValue, detail: detail)
    }
}

/// How hard the supervisor tries before escalating.
public struct SupervisorPolicy: Equatable, Sendable {
    /// Immediate retries of a failed read within one poll.
    public var retriesPerPoll = 2
    /// First retry wait; doubles per retry.
    public var retryBackoffSeconds = 0.002
    /// Failed polls in a row before the chip is reset and configured again.
    public var reinitAfterFailedPolls = 3
    /// First wait between re-probes after a disconnect; doubles up to the maximum.
    public var reprobeInitialSeconds = 0.5
    public var reprobeMaxSeconds = 8.0
    /// No new sample for this long means the chip stopped (checked against its registers).
    public var noDataTimeoutSeconds = 1.0
    /// This many bit-identical samples in a row means frozen data (real sensors are noisy).
    public var identicalSamplesForStuck = 50
    /// At most one `saturated` and one `samples_dropped` fault per this interval (counts add up).
    public var reportIntervalSeconds = 10.0

    public init() {}
}

/// Owns the sensor and keeps samples coming through bus errors, chip resets and unplugging.
/// `poll` never throws: every problem becomes a `SensorFault` and a recovery step.
public final class SensorSupervisor {
    /// Finds and builds the sensor (probe + driver); called again to re-probe.
    public typealias Connector = () throws -> IMUSensor

    public let settings: IMUSettings
    public let policy: SupervisorPolicy
    public private(set) var sensor: IMUSensor?
    public var isConnected: Bool { sensor != nil }

    private let connector: Connector
    private let clock: MonotonicClock
    private let sleeper: Sleeper
    private var everConnected = false
    private var nextConnectTime = -Double.infinity
    private var reprobeDelay: Double
    private var reportedOutage = false
    private var failedPolls = 0
    private var lastDataTime = 0.0
    private var lastSample: IMUSample?
    private var identicalRun = 0
    private var lastSaturationReport = -Double.infinity
    private var lastDropReport = -Double.infinity
    private var droppedSinceReport = 0

    public init(settings: IMUSettings, policy: SupervisorPolicy = SupervisorPolicy(), clock: MonotonicClock,
                sleeper: Sleeper, connect: @escaping Connector) {
        self.settings = settings
        self.policy = policy
        self.clock = clock
        self.sleeper = sleeper
        connector = connect
        reprobeDelay = policy.reprobeInitialSeconds
    }

    /// A supervisor that probes `bus` (at `address`, or the default addresses) on every
    /// (re)connection: the same code for /dev/i2c-N and for a mock bus.
    public convenience init(bus: I2CBus, address: UInt8? = nil, probe: IMUProbe = IMUProbe(), settings: IMUSettings,
                            policy: SupervisorPolicy = SupervisorPolicy(), clock: MonotonicClock, sleeper: Sleeper,
                            warn: @escaping (String) -> Void = { _ in }) {
        self.init(settings: settings, policy: policy, clock: clock, sleeper: sleeper) {
            try probe.openSensor(bus: bus, address: address, clock: clock, sleeper: sleeper, warn: warn)
        }
    }

    /// Connects and configures now, throwing the reason on failure (for a clear start-up
    /// message). `poll` keeps retrying either way.
    public func connect() throws {
        let s = try connector()
        try startWithRetries(s)
        adopt(s)
    }

    /// A reset and configuration is a dozen transfers: one NACK on a noisy bus should not
    /// turn it into a disconnect.
    private func startWithRetries(_ s: IMUSensor) throws {
        var attempt = 0
        while true {
            do {
                try s.start(settings: settings)
                return
            } catch let error as I2CError where error.isTransient && attempt < policy.retriesPerPoll {
                sleeper.sleep(seconds: policy.retryBackoffSeconds * Double(1 << attempt))
                attempt += 1
            }
        }
    }

    private func adopt(_ s: IMUSensor) {
        sensor = s
        everConnected = true
        reportedOutage = false
        reprobeDelay = policy.reprobeInitialSeconds
        failedPolls = 0
        lastDataTime = clock.nowSeconds()
        lastSample = nil
        identicalRun = 0
    }

    /// Reads what is available, appending samples and faults. Call it regularly (every
    /// 20-100 ms with the FIFO; faster than the sample rate with burst reads).
    public func poll(into samples: inout [IMUSample], faults: inout [SensorFault]) {
        let now = clock.nowSeconds()
        guard let s = sensor else {
            reconnect(now: now, faults: &faults)
            return
        }
        var attempt = 0
        while true {
            let before = samples.count
            do {
                let report = try s.readAvailable(into: &samples)
                failedPolls = 0
                handle(report, now: now, faults: &faults)
                if report.fifoOverflowed || report.droppedSamples > 0 {
                    lastDataTime = now   // the chip is producing data, we were just late
                }
                if report.saturatedSamples > 0 {
                    identicalRun = 0     // clipped samples repeat legitimately
                    lastSample = nil
                    if samples.count > before { lastDataTime = now }
                } else if samples.count > before {
                    lastDataTime = now
                    if checkStuck(samples, from: before) {
                        faults.append(SensorFault(kind: .stuckData, detail: "\(s.chipName) at \(hex(s.address)): \(identicalRun) identical samples in a row", timeSeconds: now))
                        reinitialise(s, now: now, faults: &faults)
                    }
                } else if now - lastDataTime > policy.noDataTimeoutSeconds {
                    let configured = (try? s.verifyConfiguration()) ?? true
                    let silent = DecimalFormatting.string(now - lastDataTime, fractionDigits: 1)
                    faults.append(configured
                        ? SensorFault(kind: .stuckData, detail: "\(s.chipName) at \(hex(s.address)): no new data for \(silent) s", timeSeconds: now)
                        : SensorFault(kind: .chipReset, detail: "\(s.chipName) at \(hex(s.address)) lost its configuration (it reset itself)", timeSeconds: now))
                    reinitialise(s, now: now, faults: &faults)
                }
                return
            } catch {
                let transient = (error as? I2CError)?.isTransient ?? false
                if transient && attempt < policy.retriesPerPoll {
                    sleeper.sleep(seconds: policy.retryBackoffSeconds * Double(1 << attempt))
                    attempt += 1
                    continue
                }
                if samples.count > before { lastDataTime = now }
                failedPolls += 1
                if failedPolls == 1 {
                    faults.append(SensorFault(kind: .busError, detail: "\(error)", timeSeconds: now))
                }
                if failedPolls >= policy.reinitAfterFailedPolls || !transient {
                    reinitialise(s, now: now, faults: &faults)
                }
                return
            }
        }
    }

    private func handle(_ report: IMUReadReport, now: Double, faults: inout [SensorFault]) {
        if report.fifoOverflowed {
            faults.append(SensorFault(kind: .fifoOverflow, detail: "FIFO overflowed and was flushed; about \(report.droppedSamples) samples lost", timeSeconds: now))
        } else if report.droppedSamples > 0 {
            droppedSinceReport += report.droppedSamples
            if now - lastDropReport >= policy.reportIntervalSeconds {
                lastDropReport = now
                faults.append(SensorFault(kind: .samplesDropped, detail: "about \(droppedSinceReport) samples lost (a broken transfer, or reads slower than the data rate)", timeSeconds: now))
                droppedSinceReport = 0
            }
        }
        if report.saturatedSamples > 0 && now - lastSaturationReport >= policy.reportIntervalSeconds {
            lastSaturationReport = now
            faults.append(SensorFault(kind: .saturated, detail: "\(report.saturatedSamples) samples at full scale; consider a larger range", timeSeconds: now))
        }
    }

    /// True when the identical-sample run reaches the limit (no allocation: compares in place).
    private func checkStuck(_ samples: [IMUSample], from start: Int) -> Bool {
        for i in start..<samples.count {
            let x = samples[i]
            if let p = lastSample, p.accelG == x.accelG, p.gyroDegreesPerSecond == x.gyroDegreesPerSecond {
                identicalRun += 1
            } else {
                identicalRun = 0
            }
            lastSample = x
        }
        return identicalRun >= policy.identicalSamplesForStuck
    }

    private func reinitialise(_ s: IMUSensor, now: Double, faults: inout [SensorFault]) {
        do {
            try startWithRetries(s)
            failedPolls = 0
            lastDataTime = clock.nowSeconds()
            lastSample = nil
            identicalRun = 0
            faults.append(SensorFault(kind: .reinitialised, detail: "\(s.chipName) at \(hex(s.address)) reset and configured again", timeSeconds: now))
        } catch {
            sensor = nil
            reportedOutage = true
            reprobeDelay = policy.reprobeInitialSeconds
            nextConnectTime = now + reprobeDelay
            faults.append(SensorFault(kind: .disconnected, detail: "\(s.chipName) at \(hex(s.address)) does not answer (\(error)); re-probing", timeSeconds: now))
        }
    }

    private func reconnect(now: Double, faults: inout [SensorFault]) {
        guard now >= nextConnectTime else { return }
        do {
            let s = try connector()
            try startWithRetries(s)
            let wasConnected = everConnected
            adopt(s)
            if wasConnected {
                faults.append(SensorFault(kind: .reconnected, detail: "\(s.chipName) at \(hex(s.address)) configured again", timeSeconds: now))
            }
        } catch {
            nextConnectTime = now + reprobeDelay
            reprobeDelay = min(reprobeDelay * 2, policy.reprobeMaxSeconds)
            if !reportedOutage {
                reportedOutage = true
                faults.append(SensorFault(kind: .noSensor, detail: "\(error)", timeSeconds: now))
            }
        }
    }
}
