import IMUDrivers

/// The simulated chips by the names `--mock CHIP` accepts.
public enum MockChipModel: String, CaseIterable, Sendable {
    case mpu6050, mpu6500, mpu9250, mpu9255, lsm6ds3, lsm6dsl, lsm6dso

    /// A chip of `ChipCatalog` by its key or an alias ("lsm6ds3trc", "lsm6dsox", "mpu-6050").
    public init?(name: String) {
        guard let key = ChipCatalog.supportedChip(named: name)?.key else { return nil }
        self.init(rawValue: key)
    }

    /// The catalog's names: every supported chip has a simulation (tested).
    public static var allNames: String { ChipCatalog.supportedNames.joined(separator: ", ") }

    /// The catalog's row for this simulation.
    public var identity: ChipIdentity? { ChipCatalog.supportedChip(named: rawValue) }

    /// Where the chip sits by default: AD0/SA0 low.
    public var defaultAddress: UInt8 { identity?.defaultAddress ?? 0x68 }

    public func make(motion: MotionSource, seed: UInt64 = 1) -> MockIMUChip {
        switch self {
        case .mpu6050: return MockMPU(.mpu6050, motion: motion, seed: seed)
        case .mpu6500: return MockMPU(.mpu6500, motion: motion, seed: seed)
        case .mpu9250: return MockMPU(.mpu9250, motion: motion, seed: seed)
        case .mpu9255: return MockMPU(.mpu9255, motion: motion, seed: seed)
        case .lsm6ds3: return MockLSM6DS(.lsm6ds3, motion: motion, seed: seed)
        case .lsm6dsl: return MockLSM6DS(.lsm6dsl, motion: motion, seed: seed)
        case .lsm6dso: return MockLSM6DS(.lsm6dso, motion: motion, seed: seed)
        }
    }
}
