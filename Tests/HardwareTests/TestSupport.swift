import I2C
import IMUDrivers
import MockIMU
import PostureCore
import SystemSupport
import Testing

/// Constant, known motion: what goes in must come out (within one LSB).
final class ConstantMotion: MotionSource {
    let accel: Vector3
    let gyro: Vector3
    init(accel: Vector3, gyro: Vector3) {
        self.accel = accel
        self.gyro = gyro
    }
    func motion(atSeconds t: Double) -> (accelG: Vector3, gyroDegreesPerSecond: Vector3) { (accel, gyro) }
}

enum ChipKind: String, CaseIterable, CustomStringConvertible {
    case mpu6050, mpu6500, mpu9250, mpu9255, lsm6ds3, lsm6dsl, lsm6dso
    var description: String { rawValue }

    var defaultAddress: UInt8 { isST ? 0x6A : 0x68 }
    var isST: Bool { self == .lsm6ds3 || self == .lsm6dsl || self == .lsm6dso }

    func make(motion: MotionSource, noise: Bool = false, seed: UInt64 = 1) -> MockIMUChip {
        let chip: MockIMUChip
        switch self {
        case .mpu6050: chip = MockMPU(.mpu6050, motion: motion, seed: seed)
        case .mpu6500: chip = MockMPU(.mpu6500, motion: motion, seed: seed)
        case .mpu9250: chip = MockMPU(.mpu9250, motion: motion, seed: seed)
        case .mpu9255: chip = MockMPU(.mpu9255, motion: motion, seed: seed)
        case .lsm6ds3: chip = MockLSM6DS(.lsm6ds3, motion: motion, seed: seed)
        case .lsm6dsl: chip = MockLSM6DS(.lsm6dsl, motion: motion, seed: seed)
        case .lsm6dso: chip = MockLSM6DS(.lsm6dso, motion: motion, seed: seed)
        }
        if !noise {
            chip.accelNoiseG = 0
            chip.gyroNoiseDegreesPerSecond = 0
        }
        return chip
    }
}

/// A mock bus with one chip, its clock and an opened (unstarted) driver.
struct Rig {
    let clock = ManualClock(startSeconds: 100)
    let bus: MockI2CBus
    let chip: MockIMUChip
    let sensor: IMUSensor

    init(_ kind: ChipKind, motion: MotionSource = ConstantMotion(accel: Vector3(0.5, -0.25, 0.8), gyro: Vector3(12.5, -30, 100)),
         faults: MockFaultPlan = MockFaultPlan(), noise: Bool = false) throws {
        bus = MockI2CBus(clock: clock)
        chip = kind.make(motion: motion, noise: noise)
        bus.attach(chip, at: kind.defaultAddress, faults: faults)
        sensor = try IMUProbe().openSensor(bus: bus, address: kind.defaultAddress, clock: clock, sleeper: clock)
    }

    /// Reads every `pollSeconds` for `seconds`, collecting samples and reports.
    func run(seconds: Double, pollSeconds: Double = 0.05) throws -> (samples: [IMUSample], reports: [IMUReadReport]) {
        var samples: [IMUSample] = []
        var reports: [IMUReadReport] = []
        let end = clock.now + seconds
        while clock.now < end - 1e-9 {
            clock.advance(by: pollSeconds)
            reports.append(try sensor.readAvailable(into: &samples))
        }
        return (samples, reports)
    }
}

func settings(rateHz: Double = 100, accelG: Int = 4, gyroDPS: Int = 500, lowPassHz: Double = 44, fifo: Bool = true) -> IMUSettings {
    var s = IMUSettings()
    s.sampleRateHz = rateHz
    s.accelRangeG = accelG
    s.gyroRangeDegreesPerSecond = gyroDPS
    s.lowPassHz = lowPassHz
    s.useFIFO = fifo
    return s
}

func close(_ a: Vector3, _ b: Vector3, tolerance: Double) -> Bool {
    abs(a.x - b.x) <= tolerance && abs(a.y - b.y) <= tolerance && abs(a.z - b.z) <= tolerance
}

func isNonDecreasing(_ samples: [IMUSample]) -> Bool {
    zip(samples, samples.dropFirst()).allSatisfy { $0.timeSeconds <= $1.timeSeconds }
}
