import I2C
import IMUDrivers
import MockIMU
import PostureConfig
import PostureCore

/// An IMU opened lazily and re-opened after failures: when the bus or chip is missing at
/// start (the adapter appears later, the sensor is plugged in later), `start` probes again
/// on each recovery attempt instead of giving up.
public final class ReopeningSensor: IMUSensor {
    private let open: () throws -> IMUSensor
    private var driver: IMUSensor?
    private let fallbackName: String

    public init(description: String, open: @escaping () throws -> IMUSensor) {
        self.open = open
        fallbackName = description
    }

    public var chipName: String { driver?.chipName ?? fallbackName }
    public var address: UInt8 { driver?.address ?? 0 }

    public func start(settings: IMUSettings) throws {
        if driver == nil { driver = try open() }
        do {
            try driver?.start(settings: settings)
        } catch {
            // Probe afresh next time: the chip may have been swapped or re-addressed.
            driver = nil
            throw error
        }
    }

    public func readAvailable(into samples: inout [IMUSample]) throws -> IMUReadReport {
        guard let driver else { throw IMUSensorUnavailable() }
        return try driver.readAvailable(into: &samples)
    }
}

public struct IMUSensorUnavailable: Error, CustomStringConvertible {
    public var description: String { "sensor not opened" }
}

extension IMUSettings {
    public init(_ s: SensorBusSettings) {
        self.init()
        sampleRateHz = s.rateHz
        accelRangeG = s.accelRangeG
        gyroRangeDegreesPerSecond = s.gyroRangeDegreesPerSecond
        lowPassHz = s.lowPassHz
        useFIFO = s.useFIFO
    }
}

/// Builds the sensor of `posture run`: the real bus, or the register-level mock.
public enum SensorFactory {
    /// The I2C sensor from `[sensor]`: adapter by number or name, address or probe, chip check.
    public static func hardware(_ s: SensorBusSettings, clock: DaemonClock, warn: @escaping (String) -> Void) -> ReopeningSensor {
        let busSpec = s.bus.description
        let where_ = "bus \(busSpec)" + (s.address.map { " at 0x" + String($0, radix: 16) } ?? "")
        return ReopeningSensor(description: "IMU on \(where_)") {
            let bus = try I2CAdapterDirectory().openBus(busSpec)
            let sensor = try IMUProbe().openSensor(bus: bus, address: s.address, clock: clock, sleeper: clock, warn: warn)
            try checkChip(sensor, wanted: s.chip)
            return sensor
        }
    }

    static func checkChip(_ sensor: IMUSensor, wanted: IMUChipChoice) throws {
        guard wanted != .auto else { return }
        let found = sensor.chipName.lowercased().replacingOccurrences(of: "-", with: "")
        guard found.contains(wanted.rawValue) else {
            throw ChipMismatch(wanted: wanted.rawValue, found: sensor.chipName)
        }
    }

    struct ChipMismatch: Error, CustomStringConvertible {
        var wanted: String
        var found: String
        var description: String { "sensor.chip is \"\(wanted)\" but the chip found is \(found)" }
    }

    /// A mock bus whose simulated chip feels the trace, in clock time, looping.
    /// Bus time 0 is the trace's first sample; the driver timestamps with the daemon's clock.
    public static func mock(records: [(sample: IMUSample, marker: UserAction?)], chip: IMUChipChoice, loop: Bool,
                            clock: DaemonClock, faults: MockFaultPlan = MockFaultPlan()) throws -> (IMUSensor, MockI2CBus, TraceMarkerSchedule) {
        let busClock = OffsetClock(base: clock, originSeconds: clock.monotonicSeconds)
        let bus = MockI2CBus(clock: busClock, name: "mock-i2c")
        let samples = records.map(\.sample)
        guard let motion = TraceMotionSource(samples: samples, loops: loop) else {
            throw MockSetupError(description: "the mock trace has no samples")
        }
        let simulated: MockIMUChip
        let address: UInt8
        switch chip {
        case .lsm6ds3: simulated = MockLSM6DS(.lsm6ds3, motion: motion); address = 0x6A
        case .lsm6dso, .lsm6dsox: simulated = MockLSM6DS(.lsm6dso, motion: motion); address = 0x6A
        case .mpu6500: simulated = MockMPU(.mpu6500, motion: motion); address = 0x68
        case .mpu9250: simulated = MockMPU(.mpu9250, motion: motion); address = 0x68
        case .auto, .mpu6050: simulated = MockMPU(.mpu6050, motion: motion); address = 0x68
        }
        bus.attach(simulated, at: address, faults: faults)
        let sensor = try IMUProbe().openSensor(bus: bus, address: nil, clock: clock, sleeper: clock)
        let t0 = samples.first?.timeSeconds ?? 0
        let markers = records.compactMap { r in r.marker.map { (r.sample.timeSeconds - t0, $0) } }
        let schedule = TraceMarkerSchedule(markers: markers, periodSeconds: motion.durationSeconds, loop: loop, clock: busClock)
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
