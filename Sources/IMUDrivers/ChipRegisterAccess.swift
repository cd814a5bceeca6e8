import I2C
import SystemSupport

/// Register-level steps both driver families share: a self-clearing reset, writing a
/// configuration and reading it back, checking it is still there.
struct ChipRegisterAccess {
    let device: I2CDevice
    let chipName: String

    /// Writes the reset `bit` to `register`, waits, then polls until the chip clears it.
    func reset(register: UInt8, bit: UInt8, waitSeconds: Double, sleeper: Sleeper) throws {
        try device.writeByte(register: register, value: bit)
        sleeper.sleep(seconds: waitSeconds)
        for _ in 0..<5 {
            if try device.readByte(register: register) & bit == 0 { return }
            sleeper.sleep(seconds: 0.01)
        }
        throw IMUError.resetTimedOut(chip: chipName, address: device.address)
    }

    func write(_ writes: [(register: UInt8, value: UInt8)]) throws {
        for w in writes { try device.writeByte(register: w.register, value: w.value) }
    }

    /// Reads every register back: a value that did not stick means a wrong chip or a bad bus.
    func verify(_ writes: [(register: UInt8, value: UInt8)]) throws {
        for w in writes {
            let back = try device.readByte(register: w.register)
            if back != w.value {
                throw IMUError.configurationNotApplied(chip: chipName, address: device.address, register: w.register,
                                                       wrote: w.value, readBack: back)
            }
        }
    }

    /// True when every register still holds its value (false after a self-reset).
    func holds(_ expected: [(register: UInt8, value: UInt8)]) throws -> Bool {
        guard !expected.isEmpty else { return false }
        for w in expected where try device.readByte(register: w.register) != w.value { return false }
        return true
    }
}
