import I2C

/// Register layouts the drivers know.
public enum IMUFamily: String, Sendable, Equatable {
    /// MPU-6050/6000/9150: SMPLRT_DIV, CONFIG DLPF, 1 KiB FIFO.
    case mpu6050
    /// MPU-6500/9250/9255 and compatibles: adds ACCEL_CONFIG2 and CONFIG.FIFO_MODE, 512 B FIFO.
    case mpu6500
    /// LSM6DS3: untagged FIFO (8 KiB), BW_XL anti-aliasing filter.
    case lsm6ds3
    /// LSM6DS3TR-C / LSM6DSL / LSM6DSM: untagged FIFO (4 KiB), LPF2 in CTRL8_XL.
    case lsm6dsl
    /// LSM6DSO / LSM6DSOX (and the LSM6DSR generation): tagged FIFO of 7-byte words.
    case lsm6dso

    public var isST: Bool { self == .lsm6ds3 || self == .lsm6dsl || self == .lsm6dso }
    /// The register holding the chip ID.
    public var idRegister: UInt8 { isST ? 0x0F : 0x75 }
}

/// A chip recognised from its ID register.
public struct ChipIdentity: Equatable, Sendable {
    public var name: String
    public var family: IMUFamily
    public var idValue: UInt8
    /// Set for clones and variants: what the user should know.
    public var warning: String?
    /// The FIFO frame format is verified for this chip (clones read by burst only).
    public var fifoSupported: Bool
    /// Set when the chip is known but cannot be driven safely.
    public var unsupportedReason: String?

    public init(name: String, family: IMUFamily, idValue: UInt8, warning: String? = nil, fifoSupported: Bool = true,
                unsupportedReason: String? = nil) {
        self.name = name
        self.family = family
        self.idValue = idValue
        self.warning = warning
        self.fifoSupported = fifoSupported
        self.unsupportedReason = unsupportedReason
    }
}

/// ID register values of supported chips, known variants and clones.
public enum ChipCatalog {
    static func variant(_ name: String, _ family: IMUFamily, _ id: UInt8, _ why: String) -> ChipIdentity {
        ChipIdentity(name: name, family: family, idValue: id,
                     warning: "\(name) (WHO_AM_I \(hex(id))) is \(why); driving it as \(family == .mpu6050 ? "an MPU-6050" : "an MPU-6500") with burst reads (FIFO layout unverified)",
                     fifoSupported: false)
    }

    /// MPU family, WHO_AM_I register 0x75.
    public static func mpu(whoAmI v: UInt8) -> ChipIdentity? {
        switch v {
        case 0x68: return ChipIdentity(name: "MPU-6050", family: .mpu6050, idValue: v)
        case 0x70: return ChipIdentity(name: "MPU-6500", family: .mpu6500, idValue: v)
        case 0x71: return ChipIdentity(name: "MPU-9250", family: .mpu6500, idValue: v)
        case 0x73: return ChipIdentity(name: "MPU-9255", family: .mpu6500, idValue: v)
        case 0x72: return variant("MPU-6050 clone", .mpu6050, v, "reported by some GY-521 clone boards")
        case 0x98: return variant("ICM-20689", .mpu6500, v, "often sold as an MPU-6050 (GY-521 clones)")
        case 0x19: return variant("MPU-6886", .mpu6500, v, "an MPU-6500 derivative (M5Stack); its FIFO always carries temperature")
        case 0x74: return variant("MPU-6515", .mpu6500, v, "an MPU-6500 variant")
        case 0x78: return variant("MPU-6880", .mpu6500, v, "an MPU-6500 variant")
        case 0x11: return variant("ICM-20600", .mpu6500, v, "an MPU-6500 successor with a different FIFO")
        case 0x12: return variant("ICM-20602", .mpu6500, v, "an MPU-6500 successor with a different FIFO")
        case 0xAF: return variant("ICM-20608", .mpu6500, v, "an MPU-6500 successor")
        case 0xAE: return variant("ICM-20608-D", .mpu6500, v, "an MPU-6500 successor")
        case 0xA6: return variant("ICM-20609", .mpu6500, v, "an MPU-6500 successor")
        case 0xA9: return variant("IAM-20680", .mpu6500, v, "an MPU-6500 successor")
        case 0x20:
            return ChipIdentity(name: "ICM-20690", family: .mpu6500, idValue: v, fifoSupported: false,
                                unsupportedReason: "its gyro full-scale bits sit elsewhere in GYRO_CONFIG, so MPU-6500 settings would be wrong")
        default: return nil
        }
    }

    /// ST family, WHO_AM_I register 0x0F.
    public static func st(whoAmI v: UInt8) -> ChipIdentity? {
        switch v {
        case 0x69: return ChipIdentity(name: "LSM6DS3", family: .lsm6ds3, idValue: v)
        case 0x6A: return ChipIdentity(name: "LSM6DS3TR-C/LSM6DSL", family: .lsm6dsl, idValue: v)
        case 0x6C: return ChipIdentity(name: "LSM6DSO/LSM6DSOX", family: .lsm6dso, idValue: v)
        case 0x6B:
            return ChipIdentity(name: "LSM6DSR/ISM330DHCX", family: .lsm6dso, idValue: v,
                                warning: "LSM6DSR/ISM330DHCX (WHO_AM_I 0x6B) shares the LSM6DSO register map for what is used here; driving it as an LSM6DSO")
        default: return nil
        }
    }
}
