import SystemSupport
/// The I2C seam: one device (an address on a bus) and the bus that opens devices.
///
/// Implementations: `LinuxI2CBus` (/dev/i2c-N through libi2c) here, and the register-level
/// simulation in MockIMU. Drivers only see `I2CDevice`, so they run unchanged on both.

/// The longest SMBus "I2C block" transfer (I2C_SMBUS_BLOCK_MAX).
public let i2cBlockMaxBytes = 32

/// One device at one address on one bus.
public protocol I2CDevice: AnyObject {
    /// Where the device is, for messages: "/dev/i2c-1" or "mock".
    var busName: String { get }
    /// The 7-bit address.
    var address: UInt8 { get }
    func readByte(register: UInt8) throws(I2CError) -> UInt8
    func writeByte(register: UInt8, value: UInt8) throws(I2CError)
    /// An SMBus word read: low byte from `register`, high byte from `register + 1`.
    func readWord(register: UInt8) throws(I2CError) -> UInt16
    /// One I2C block read of `count` (1...32) bytes starting at `register`, stored in
    /// `buffer[offset..<offset+count]`. The buffer must already be that large (no allocation).
    func readBlock(register: UInt8, count: Int, into buffer: inout [UInt8], offset: Int) throws(I2CError)
}

extension I2CDevice {
    /// Reads `count` bytes, split into block transfers of at most `chunkBytes` (<= 32).
    /// `autoIncrement` true: each chunk starts where the previous ended (ordinary registers);
    /// false: every chunk reads the same register again (a FIFO data port).
    public func readBlocks(
        register: UInt8, count: Int, into buffer: inout [UInt8], offset: Int = 0,
        autoIncrement: Bool, chunkBytes: Int = i2cBlockMaxBytes
    ) throws(I2CError) {
        let chunk = max(1, min(chunkBytes, i2cBlockMaxBytes))
        var done = 0
        while done < count {
            let n = min(chunk, count - done)
            let reg = autoIncrement ? UInt8(truncatingIfNeeded: Int(register) + done) : register
            try readBlock(register: reg, count: n, into: &buffer, offset: offset + done)
            done += n
        }
    }

    /// Read-modify-write of the bits in `mask`.
    public func updateBits(register: UInt8, mask: UInt8, value: UInt8) throws(I2CError) {
        let old = try readByte(register: register)
        let new = (old & ~mask) | (value & mask)
        if new != old { try writeByte(register: register, value: new) }
    }
}

/// An I2C bus (adapter) that can open devices by address.
public protocol I2CBus: AnyObject {
    /// "/dev/i2c-1", "mock", ...
    var name: String { get }
    func device(at address: UInt8) throws(I2CError) -> I2CDevice
}

/// A failed bus operation, with everything needed to understand it from a log line.
public struct I2CError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The device did not acknowledge (absent, unplugged, wrong address): EREMOTEIO, ENXIO.
        case noAcknowledge
        /// Bus-level I/O error (EIO): noise, a stuck bus, a brown-out.
        case ioError
        /// The transfer timed out (ETIMEDOUT): clock stretching, a stuck SDA line.
        case timeout
        /// EACCES/EPERM on /dev/i2c-N.
        case permissionDenied
        /// ENOENT: no such bus device node.
        case noSuchBus
        /// EBUSY: a kernel driver owns the address.
        case busy
        /// The adapter lacks a needed SMBus function.
        case unsupported
        /// A bad argument (block length, address) caught before touching the bus.
        case invalidArgument
        case other
    }

    public var kind: Kind
    /// The errno value, 0 when the error did not come from the kernel.
    public var errno: Int32
    public var bus: String
    public var address: UInt8?
    public var register: UInt8?
    /// What was being done: "read byte", "open", "select address", ...
    public var operation: String

    public init(kind: Kind, errno: Int32, bus: String, address: UInt8?, register: UInt8?, operation: String) {
        self.kind = kind
        self.errno = errno
        self.bus = bus
        self.address = address
        self.register = register
        self.operation = operation
    }

    /// Classifies an errno from open/ioctl/i2c_smbus_*.
    public static func kind(forErrno e: Int32) -> Kind {
        switch e {
        // ENODEV: adapters that know their devices (i2c-stub, some USB bridges) say so for an empty address.
        case 121, 6, 19: return .noAcknowledge        // EREMOTEIO, ENXIO, ENODEV
        case 5: return .ioError                       // EIO
        case 110: return .timeout                     // ETIMEDOUT
        case 13, 1: return .permissionDenied          // EACCES, EPERM
        case 2: return .noSuchBus                     // ENOENT
        case 16: return .busy                         // EBUSY
        case 95, 22: return .unsupported              // EOPNOTSUPP, EINVAL from the adapter
        default: return .other
        }
    }

    /// Whether retrying the same transfer may succeed (bus glitches, NACK during a brown-out).
    public var isTransient: Bool {
        switch kind {
        case .noAcknowledge, .ioError, .timeout, .other: return true
        case .permissionDenied, .noSuchBus, .busy, .unsupported, .invalidArgument: return false
        }
    }

    /// What to do about it.
    public var hint: String? {
        switch kind {
        case .noAcknowledge:
            return "no device answered: check wiring (SDA/SCL/3V3/GND) and the address with `i2cdetect -y N`"
        case .ioError: return "bus I/O error: check wiring, cable length and pull-ups"
        case .timeout: return "bus timeout: a device may hold SDA low; power-cycle the sensor"
        case .permissionDenied:
            return "add the user to the `i2c` group (`sudo usermod -aG i2c $USER`, then log in again) or install a udev rule giving the group access to /dev/i2c-*"
        case .noSuchBus:
            return "enable I2C: `sudo raspi-config` (Interface Options > I2C) or `dtparam=i2c_arm=on` in /boot/firmware/config.txt, then reboot; `ls /dev/i2c-*` lists buses"
        case .busy:
            return "a kernel driver owns this address (e.g. an inv-mpu6050 or st_lsm6dsx dtoverlay): remove the overlay or unbind the driver"
        case .unsupported: return "the I2C adapter does not support the SMBus transfers this driver needs"
        case .invalidArgument, .other: return nil
        }
    }

    public var description: String {
        var s = "I2C \(operation)"
        if let register { s += " of register \(hex(register))" }
        if let address { s += " at \(hex(address))" }
        s += " on \(bus) failed: "
        switch kind {
        case .noAcknowledge: s += "no acknowledge"
        case .ioError: s += "I/O error"
        case .timeout: s += "timed out"
        case .permissionDenied: s += "permission denied"
        case .noSuchBus: s += "no such bus"
        case .busy: s += "address busy"
        case .unsupported: s += "not supported by the adapter"
        case .invalidArgument: s += "invalid argument"
        case .other: s += "error"
        }
        // The name and the C library's text (every errno: ENODEV from i2c-stub too), and the number.
        if errno != 0 { s += " (\(SystemErrno.name(errno)): \(SystemErrno.message(errno)), errno \(errno))" }
        if let hint { s += "; " + hint }
        return s
    }
}

/// "0x68".
public func hex(_ v: UInt8) -> String {
    let digits = String(v, radix: 16)
    return "0x" + (digits.count < 2 ? "0" + digits : digits)
}

