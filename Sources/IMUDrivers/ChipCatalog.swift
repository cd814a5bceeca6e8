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

/// A chip recognised from its ID register: one row of `ChipCatalog.chips`.
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
    /// The chip's name in the configuration (`sensor.chip`) and on the command line (`--mock`), e.g.
    /// "lsm6dsl"; nil for variants and clones, which are driven as their family's reference chip.
    public var key: String?
    /// Other names accepted for `key` ("lsm6dsox" for the LSM6DSO, which answers the same WHO_AM_I).
    public var aliases: [String]

    public init(name: String, family: IMUFamily, idValue: UInt8, warning: String? = nil, fifoSupported: Bool = true,
                unsupportedReason: String? = nil, key: String? = nil, aliases: [String] = []) {
        self.name = name
        self.family = family
        self.idValue = idValue
        self.warning = warning
        self.fifoSupported = fifoSupported
        self.unsupportedReason = unsupportedReason
        self.key = key
        self.aliases = aliases
    }

    /// Where the chip answers with AD0/SA0 low: 0x68 (MPU family) or 0x6A (ST).
    public var defaultAddress: UInt8 { family.isST ? 0x6A : 0x68 }
}

/// The one table of chips: what each WHO_AM_I value means, which of them are supported by name
/// (`supported`: the configuration's `sensor.chip` values, `--mock CHIP`, the simulations), and how
/// variants are driven. Drivers hold the per-family register logic (like the kernel's st_lsm6dsx).
public enum ChipCatalog {
    static func variant(_ name: String, _ family: IMUFamily, _ id: UInt8, _ why: String) -> ChipIdentity {
        ChipIdentity(name: name, family: family, idValue: id,
                     warning: "\(name) (WHO_AM_I \(hex(id))) is \(why); driving it as \(family == .mpu6050 ? "an MPU-6050" : "an MPU-6500") with burst reads (FIFO layout unverified)",
                     fifoSupported: false)
    }

    /// Every chip known, supported ones first (in the order people see them listed).
    public static let chips: [ChipIdentity] = [
        // MPU family, WHO_AM_I register 0x75.
        ChipIdentity(name: "MPU-6050", family: .mpu6050, idValue: 0x68, key: "mpu6050"),
        ChipIdentity(name: "MPU-6500", family: .mpu6500, idValue: 0x70, key: "mpu6500"),
        ChipIdentity(name: "MPU-9250", family: .mpu6500, idValue: 0x71, key: "mpu9250"),
        ChipIdentity(name: "MPU-9255", family: .mpu6500, idValue: 0x73, key: "mpu9255"),
        // ST family, WHO_AM_I register 0x0F. The LSM6DS3 and the LSM6DS3TR-C (sold on many "LSM6DS3"
        // boards) are different chips (0x69, 0x6A: other FIFO size and filters), so they are two keys.
        ChipIdentity(name: "LSM6DS3", family: .lsm6ds3, idValue: 0x69, key: "lsm6ds3"),
        ChipIdentity(name: "LSM6DS3TR-C/LSM6DSL", family: .lsm6dsl, idValue: 0x6A, key: "lsm6dsl",
                     aliases: ["lsm6ds3trc", "lsm6ds3tr-c"]),
        ChipIdentity(name: "LSM6DSO/LSM6DSOX", family: .lsm6dso, idValue: 0x6C, key: "lsm6dso", aliases: ["lsm6dsox"]),
        // Variants and clones.
        variant("MPU-6050 clone", .mpu6050, 0x72, "reported by some GY-521 clone boards"),
        variant("ICM-20689", .mpu6500, 0x98, "often sold as an MPU-6050 (GY-521 clones)"),
        variant("MPU-6886", .mpu6500, 0x19, "an MPU-6500 derivative (M5Stack); its FIFO always carries temperature"),
        variant("MPU-6515", .mpu6500, 0x74, "an MPU-6500 variant"),
        variant("MPU-6880", .mpu6500, 0x78, "an MPU-6500 variant"),
        variant("ICM-20600", .mpu6500, 0x11, "an MPU-6500 successor with a different FIFO"),
        variant("ICM-20602", .mpu6500, 0x12, "an MPU-6500 successor with a different FIFO"),
        variant("ICM-20608", .mpu6500, 0xAF, "an MPU-6500 successor"),
        variant("ICM-20608-D", .mpu6500, 0xAE, "an MPU-6500 successor"),
        variant("ICM-20609", .mpu6500, 0xA6, "an MPU-6500 successor"),
        variant("IAM-20680", .mpu6500, 0xA9, "an MPU-6500 successor"),
        ChipIdentity(name: "ICM-20690", family: .mpu6500, idValue: 0x20, fifoSupported: false,
                     unsupportedReason: "its gyro full-scale bits sit elsewhere in GYRO_CONFIG, so MPU-6500 settings would be wrong"),
        ChipIdentity(name: "LSM6DSR/ISM330DHCX", family: .lsm6dso, idValue: 0x6B,
                     warning: "LSM6DSR/ISM330DHCX (WHO_AM_I 0x6B) shares the LSM6DSO register map for what is used here; driving it as an LSM6DSO"),
    ]

    /// The chips supported by name, in table order.
    public static var supported: [ChipIdentity] { chips.filter { $0.key != nil } }

    /// "mpu6050, mpu6500, mpu9250, mpu9255, lsm6ds3, lsm6dsl, lsm6dso".
    public static var supportedNames: [String] { supported.compactMap(\.key) }

    /// The supported chip called `name` (its key or an alias; case, '-' and '_' ignored).
    public static func supportedChip(named name: String) -> ChipIdentity? {
        let wanted = normalised(name)
        return supported.first { chip in
            chip.key.map(normalised) == wanted || chip.aliases.contains { normalised($0) == wanted }
        }
    }

    /// The supported chip an identified one is driven as: itself, or its family's reference chip
    /// (an MPU-6050 clone as the MPU-6050, an ICM-20689 as the MPU-6500, an LSM6DSR as the LSM6DSO).
    public static func drivenAs(_ identity: ChipIdentity) -> ChipIdentity? {
        if identity.key != nil { return identity }
        return supported.first { $0.family == identity.family }
    }

    /// Whether `found` is the chip the configuration names; nil when it is, otherwise why not.
    public static func mismatch(configured key: String, found: ChipIdentity) -> String? {
        guard let wanted = supportedChip(named: key) else { return "\"\(key)\" is not one of \(supportedNames.joined(separator: ", "))" }
        guard let driven = drivenAs(found), driven.key != wanted.key else { return nil }
        return "sensor.chip is \"\(key)\" (\(wanted.name), WHO_AM_I \(hex(wanted.idValue))) but the chip found is \(found.name) "
            + "(WHO_AM_I \(hex(found.idValue))); set sensor.chip = \"\(driven.key ?? "auto")\" or \"auto\""
    }

    static func normalised(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "-" && $0 != "_" })
    }

    /// MPU family, WHO_AM_I register 0x75.
    public static func mpu(whoAmI v: UInt8) -> ChipIdentity? { chips.first { !$0.family.isST && $0.idValue == v } }

    /// ST family, WHO_AM_I register 0x0F.
    public static func st(whoAmI v: UInt8) -> ChipIdentity? { chips.first { $0.family.isST && $0.idValue == v } }
}
