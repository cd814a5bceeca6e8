/// The simulated chips by the names `--mock CHIP` accepts.
public enum MockChipModel: String, CaseIterable, Sendable {
    case mpu6050, mpu6500, mpu9250, mpu9255, lsm6ds3, lsm6dsl, lsm6dso

    /// Accepts the enum names and common aliases ("lsm6ds3trc", "lsm6dsox", "mpu-6050").
    public init?(name: String) {
        let n = name.lowercased().replacingDashes
        switch n {
        case "lsm6ds3trc", "lsm6ds3tr-c": self = .lsm6dsl
        case "lsm6dsox": self = .lsm6dso
        default:
            guard let m = MockChipModel(rawValue: n) else { return nil }
            self = m
        }
    }

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Where the chip sits by default: AD0/SA0 low.
    public var defaultAddress: UInt8 {
        switch self {
        case .mpu6050, .mpu6500, .mpu9250, .mpu9255: return 0x68
        case .lsm6ds3, .lsm6dsl, .lsm6dso: return 0x6A
        }
    }

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

extension String {
    var replacingDashes: String {
        var out = ""
        for c in self where c != "-" && c != "_" { out.append(c) }
        return out
    }
}
