#if os(Linux)
import CI2C
import Glibc

/// An I2C adapter as listed by the kernel under /sys/class/i2c-dev.
public struct I2CAdapterInfo: Equatable, Sendable {
    /// N in /dev/i2c-N.
    public var number: Int
    /// The adapter name, e.g. "bcm2835 (i2c@7e804000)".
    public var name: String
    public var devicePath: String { "/dev/i2c-\(number)" }
}

/// Finds adapters by number or name. The sysfs root is injectable so tests use a fake folder.
public struct I2CAdapterDirectory: Sendable {
    public var sysfsRoot: String
    public var devRoot: String

    public init(sysfsRoot: String = "/sys/class/i2c-dev", devRoot: String = "/dev") {
        self.sysfsRoot = sysfsRoot
        self.devRoot = devRoot
    }

    /// Every adapter, sorted by number. An absent sysfs folder (I2C disabled) gives [].
    public func adapters() -> [I2CAdapterInfo] {
        guard let dir = opendir(sysfsRoot) else { return [] }
        defer { closedir(dir) }
        var found: [I2CAdapterInfo] = []
        while let entry = readdir(dir) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard entryName.hasPrefix("i2c-"), let n = Int(entryName.dropFirst(4)) else { continue }
            let name = readSmallFile(sysfsRoot + "/" + entryName + "/name") ?? ""
            found.append(I2CAdapterInfo(number: n, name: name))
        }
        return found.sorted { $0.number < $1.number }
    }

    /// Resolves "1", "i2c-1", "/dev/i2c-1" or an adapter name (exact, then unique substring).
    public func resolve(_ spec: String) throws(I2CError) -> I2CAdapterInfo {
        let trimmed = spec.trimmingSpaces()
        var numberText = Substring(trimmed)
        if numberText.hasPrefix(devRoot + "/") { numberText = numberText.dropFirst(devRoot.count + 1) }
        if numberText.hasPrefix("i2c-") { numberText = numberText.dropFirst(4) }
        if let n = Int(numberText), n >= 0 {
            let name = adapters().first(where: { $0.number == n })?.name ?? ""
            return I2CAdapterInfo(number: n, name: name)
        }
        let all = adapters()
        if let exact = all.first(where: { $0.name == trimmed }) { return exact }
        let partial = all.filter { $0.name.lowercased().contains(trimmed.lowercased()) }
        if partial.count == 1 { return partial[0] }
        let known = all.isEmpty ? "none (is I2C enabled?)" : all.map { "\($0.number) \"\($0.name)\"" }.joined(separator: ", ")
        let why = partial.isEmpty ? "no adapter is named" : "several adapters match"
        throw I2CError(kind: partial.isEmpty ? .noSuchBus : .invalidArgument, errno: 0, bus: trimmed, address: nil,
                       register: nil, operation: "find adapter (\(why) \"\(trimmed)\"; adapters: \(known))")
    }

    /// Opens the bus named by `spec` (see `resolve`).
    public func openBus(_ spec: String) throws(I2CError) -> LinuxI2CBus {
        let info = try resolve(spec)
        return LinuxI2CBus(path: devRoot + "/i2c-\(info.number)", adapterName: info.name)
    }
}

func readSmallFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 256)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard n >= 0 else { return nil }
    return String(decoding: buffer.prefix(n), as: UTF8.self).trimmingSpaces()
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\n" || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\n" || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}

/// /dev/i2c-N. Each `device(at:)` opens its own file descriptor bound to one address,
/// so several devices on one bus never race on I2C_SLAVE.
public final class LinuxI2CBus: I2CBus {
    public let path: String
    public let adapterName: String
    public var name: String { path }

    public init(path: String, adapterName: String = "") {
        self.path = path
        self.adapterName = adapterName
    }

    public convenience init(number: Int) { self.init(path: "/dev/i2c-\(number)") }

    public func device(at address: UInt8) throws(I2CError) -> I2CDevice {
        try LinuxI2CDevice(path: path, address: address)
    }
}

/// One address on /dev/i2c-N through libi2c's i2c_smbus_* calls.
public final class LinuxI2CDevice: I2CDevice {
    public let busName: String
    public let address: UInt8
    private let fd: Int32

    // Functionality bits from linux/i2c.h (macro combinations do not import into Swift).
    static let funcReadByteData: UInt = 0x0008_0000
    static let funcWriteByteData: UInt = 0x0010_0000
    static let funcReadWordData: UInt = 0x0020_0000
    static let funcReadI2CBlock: UInt = 0x0400_0000

    /// Opens the bus, selects `address` and checks the adapter can do what the drivers need.
    public init(path: String, address: UInt8) throws(I2CError) {
        busName = path
        self.address = address
        guard address >= 0x03, address <= 0x77 else {
            throw I2CError(kind: .invalidArgument, errno: 0, bus: path, address: address, register: nil,
                           operation: "select address (7-bit addresses are 0x03...0x77)")
        }
        let opened = open(path, O_RDWR | O_CLOEXEC)
        if opened < 0 {
            let e = errno
            throw I2CError(kind: I2CError.kind(forErrno: e), errno: e, bus: path, address: address, register: nil, operation: "open")
        }
        fd = opened
        if ioctl(fd, UInt(I2C_SLAVE), CInt(address)) < 0 {
            let e = errno
            close(fd)
            throw I2CError(kind: I2CError.kind(forErrno: e), errno: e, bus: path, address: address, register: nil, operation: "select address (I2C_SLAVE)")
        }
        var funcs: UInt = 0
        if ioctl(fd, UInt(I2C_FUNCS), &funcs) < 0 {
            let e = errno
            close(fd)
            throw I2CError(kind: I2CError.kind(forErrno: e), errno: e, bus: path, address: address, register: nil, operation: "query functionality (I2C_FUNCS)")
        }
        let needed = Self.funcReadByteData | Self.funcWriteByteData | Self.funcReadWordData | Self.funcReadI2CBlock
        if funcs & needed != needed {
            close(fd)
            throw I2CError(kind: .unsupported, errno: 0, bus: path, address: address, register: nil,
                           operation: "check functionality (needs SMBus byte/word data and I2C block read)")
        }
    }

    deinit { close(fd) }

    private func failure(_ operation: String, register: UInt8) -> I2CError {
        let e = errno
        return I2CError(kind: I2CError.kind(forErrno: e), errno: e, bus: busName, address: address, register: register, operation: operation)
    }

    public func readByte(register: UInt8) throws(I2CError) -> UInt8 {
        let r = i2c_smbus_read_byte_data(fd, register)
        if r < 0 { throw failure("read byte", register: register) }
        return UInt8(truncatingIfNeeded: r)
    }

    public func writeByte(register: UInt8, value: UInt8) throws(I2CError) {
        if i2c_smbus_write_byte_data(fd, register, value) < 0 { throw failure("write byte", register: register) }
    }

    public func readWord(register: UInt8) throws(I2CError) -> UInt16 {
        let r = i2c_smbus_read_word_data(fd, register)
        if r < 0 { throw failure("read word", register: register) }
        return UInt16(truncatingIfNeeded: r)
    }

    public func readBlock(register: UInt8, count: Int, into buffer: inout [UInt8], offset: Int) throws(I2CError) {
        guard count >= 1, count <= i2cBlockMaxBytes, offset >= 0, offset + count <= buffer.count else {
            throw I2CError(kind: .invalidArgument, errno: 0, bus: busName, address: address, register: register,
                           operation: "block read of \(count) bytes (1...32, within the buffer)")
        }
        let r = buffer.withUnsafeMutableBufferPointer { p -> Int32 in
            guard let base = p.baseAddress else { return -1 }
            return i2c_smbus_read_i2c_block_data(fd, register, UInt8(count), base + offset)
        }
        if r < 0 { throw failure("block read of \(count) bytes", register: register) }
        if Int(r) != count {
            // A short transfer would mix old and new bytes in the caller's buffer.
            throw I2CError(kind: .ioError, errno: 0, bus: busName, address: address, register: register,
                           operation: "block read (got \(r) of \(count) bytes)")
        }
    }
}
#endif
