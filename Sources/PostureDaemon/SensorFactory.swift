import I2C
import IMUDrivers
import MockIMU
import PostureConfig
import PostureCore
import SystemSupport

extension IMUSettings {
    public init(_ s: SensorBusSettings) {
        self.init()
        sampleRateHz = s.rateHz
        accelRangeG = s.accelRangeG
        gyroRangeDegreesPerSecond = s.gyroRangeDegreesPerSecond
        lowPassHz = s.lowPassHz
        useFIFO = s.useFIFO
        batchIntervalSeconds = Double(s.readIntervalMilliseconds) / 1000
    }
}

/// Builds the sensor of `posture run`: the real bus, or the register-level mock.
public enum SensorFactory {
    /// The I2C sensor from `[sensor]`: adapter by number or name, address or probe, chip check.
    /// Opened lazily and re-probed by the supervisor, so a bus or sensor that appears later is found.
    public static func hardware(_ s: SensorBusSettings, clock: DaemonClock, warn: @escaping (String) -> Void) -> SensorSupervisor {
        let busSpec = s.bus.description
        return SensorSupervisor(settings: IMUSettings(s), clock: clock, sleeper: clock) {
            let bus = try I2CAdapterDirectory().openBus(busSpec)
            let sensor = try IMUProbe().openSensor(bus: bus, address: s.address, clock: clock, sleeper: clock, warn: warn)
            try checkChip(sensor, wanted: s.chip)
            return sensor
        }
    }

    /// Probes `[sensor]`'s bus once: nil when a supported IMU answers there, otherwise why not
    /// (no bus, no permission, nothing at the addresses). For `posture run --mock-if-no-sensor`.
    public static func absenceReason(_ s: SensorBusSettings) -> String? {
        do {
            let bus = try I2CAdapterDirectory().openBus(s.bus.description)
            _ = try IMUProbe().openSensor(bus: bus, address: s.address, clock: SystemClock(),
                                          sleeper: SystemClock())
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Where the sensor is looked for, for messages before it is found.
    public static func describe(_ s: SensorBusSettings) -> String {
        "IMU on I2C bus \(s.bus)" + (s.address.map { " at 0x" + String($0, radix: 16) } ?? "")
    }

    static func checkChip(_ sensor: IMUSensor, wanted: IMUChipChoice) throws {
        guard wanted != .auto, let found = ChipCatalog.chips.first(where: { $0.name == sensor.chipName }) else { return }
        if let why = ChipCatalog.mismatch(configured: wanted.rawValue, found: found) { throw ChipMismatch(description: why) }
    }

    struct ChipMismatch: Error, CustomStringConvertible {
        var description: String
    }

    /// A mock bus whose simulated chip feels the trace, in clock time, looping.
    /// Bus time 0 is the trace's first sample; the driver timestamps with the daemon's clock.
    public static func mock(records: [(sample: IMUSample, marker: UserAction?)], chip: IMUChipChoice, loop: Bool,
                            settings: IMUSettings = IMUSettings(), clock: DaemonClock,
                            faults: MockFaultPlan = MockFaultPlan()) throws -> (SensorSupervisor, MockI2CBus, TraceMarkerSchedule) {
        var samples = TraceMotionSamples()
        samples.reserveCapacity(records.count)
        for r in records { samples.append(r.sample) }
        guard let motion = TraceMotionSource(samples, loops: loop) else {
            throw MockSetupError(description: "the mock trace has no samples")
        }
        let t0 = samples.firstTimeSeconds ?? 0
        let markers = records.compactMap { r in r.marker.map { (r.sample.timeSeconds - t0, $0) } }
        return try mock(motion: motion, markers: markers, chip: chip, settings: settings, clock: clock, faults: faults)
    }

    /// A mock bus whose simulated chip plays `motion`; `markers` are in seconds from the
    /// trace's first sample. Loops when `motion` does.
    public static func mock(motion: TraceMotionSource, markers: [(Double, UserAction)], chip: IMUChipChoice,
                            settings: IMUSettings = IMUSettings(), clock: DaemonClock,
                            faults: MockFaultPlan = MockFaultPlan()) throws -> (SensorSupervisor, MockI2CBus, TraceMarkerSchedule) {
        let busClock = OffsetClock(base: clock, originSeconds: clock.monotonicSeconds)
        let bus = MockI2CBus(clock: busClock, name: "mock-i2c")
        // "auto" simulates an MPU-6050; every catalog chip has a simulation.
        let model = MockChipModel(name: chip == .auto ? "mpu6050" : chip.rawValue) ?? .mpu6050
        bus.attach(model.make(motion: motion), at: model.defaultAddress, faults: faults)
        let sensor = SensorSupervisor(bus: bus, settings: settings, clock: clock, sleeper: clock)
        let schedule = TraceMarkerSchedule(markers: markers, periodSeconds: motion.durationSeconds, loop: motion.loops, clock: busClock)
        return (sensor, bus, schedule)
    }
}

public struct MockSetupError: Error, CustomStringConvertible {
    public var description: String
}

/// A clock reading `base - origin`: the mock bus starts at 0 when the daemon starts.
public final class OffsetClock: MonotonicClock {
    let base: DaemonClock
    let origin: Double
    public init(base: DaemonClock, originSeconds: Double) {
        self.base = base
        origin = originSeconds
    }
    public func nowSeconds() -> Double { base.monotonicSeconds - origin }
}

/// Trace markers (calibrate, stretch, ...) replayed as button presses in mock mode, on the
/// same looping timeline as the simulated chip.
public final class TraceMarkerSchedule: UserActionSource {
    private let markers: [(Double, UserAction)]
    private let period: Double
    private let loop: Bool
    private let clock: MonotonicClock
    private var cursor = 0
    private var lap = 0

    public init(markers: [(Double, UserAction)], periodSeconds: Double, loop: Bool, clock: MonotonicClock) {
        self.markers = markers
        period = max(periodSeconds, 1e-3)
        self.loop = loop
        self.clock = clock
    }

    public func takeActions(into actions: inout [UserAction]) {
        guard !markers.isEmpty else { return }
        let now = clock.nowSeconds()
        while true {
            if cursor >= markers.count {
                guard loop else { return }
                cursor = 0
                lap += 1
            }
            let (t, action) = markers[cursor]
            guard Double(lap) * period + t <= now else { return }
            actions.append(action)
            cursor += 1
        }
    }
}

/// Wearer actions that arrive with the samples (trace markers in mock mode).
public protocol UserActionSource: AnyObject {
    /// Actions whose time has come, oldest first; removes them.
    func takeActions(into actions: inout [UserAction])
}
