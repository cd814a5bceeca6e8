import I2C

/// Chip-level failures (bus failures are `I2CError`).
public enum IMUError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The ID register holds a value no supported chip reports.
    case unknownChip(bus: String, address: UInt8, readings: [IDRegisterReading])
    /// A chip we know but cannot drive safely.
    case unsupportedChip(bus: String, address: UInt8, name: String, reason: String)
    /// Nothing supported answered at the scanned addresses.
    case noSensorFound(bus: String, addresses: [UInt8], details: [String])
    /// A reset did not complete.
    case resetTimedOut(chip: String, address: UInt8)
    /// A configuration register did not keep the value written.
    case configurationNotApplied(chip: String, address: UInt8, register: UInt8, wrote: UInt8, readBack: UInt8)

    public var description: String {
        switch self {
        case .unknownChip(let bus, let address, let readings):
            let values = readings.map { "register \(hex($0.register)) = \(hex($0.value))" }.joined(separator: ", ")
            return "unknown device at \(hex(address)) on \(bus): \(values); not a supported IMU "
                + "(MPU-6050/6500/9250/9255 WHO_AM_I 0x68/0x70/0x71/0x73, LSM6DS3 0x69, LSM6DS3TR-C/LSM6DSL 0x6A, LSM6DSO/LSM6DSOX 0x6C)"
        case .unsupportedChip(let bus, let address, let name, let reason):
            return "\(name) at \(hex(address)) on \(bus) is not supported: \(reason)"
        case .noSensorFound(let bus, let addresses, let details):
            let scanned = addresses.map(hex).joined(separator: ", ")
            let extra = details.isEmpty ? "" : " (" + details.joined(separator: "; ") + ")"
            return "no supported IMU found on \(bus) at \(scanned)\(extra); check wiring and run `i2cdetect -y N`"
        case .resetTimedOut(let chip, let address):
            return "\(chip) at \(hex(address)) did not finish its reset"
        case .configurationNotApplied(let chip, let address, let register, let wrote, let readBack):
            return "\(chip) at \(hex(address)): register \(hex(register)) reads \(hex(readBack)) after writing \(hex(wrote))"
        }
    }
}

/// One ID register value read during probing.
public struct IDRegisterReading: Equatable, Sendable {
    public var register: UInt8
    public var value: UInt8
    public init(register: UInt8, value: UInt8) {
        self.register = register
        self.value = value
    }
}
