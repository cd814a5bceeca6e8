#if os(Linux)
import Glibc
import I2C
import Testing

/// A throwaway folder shaped like /sys/class/i2c-dev.
final class FakeSysfs {
    let root: String
    init(adapters: [(Int, String)]) {
        var template = Array("/tmp/posture-sysfs-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { p -> String? in
            guard let base = p.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        root = made ?? "/tmp/posture-sysfs-fallback"
        for (n, name) in adapters {
            let dir = root + "/i2c-\(n)"
            mkdir(dir, 0o755)
            let fd = open(dir + "/name", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let text = name + "\n"
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        // Entries that are not adapters are ignored.
        mkdir(root + "/power", 0o755)
    }
    deinit {
        _ = system("rm -rf '\(root)'")
    }
}

@Suite struct LinuxBusTests {
    @Test func missingBusIsATypedErrorWithAHint() {
        do {
            _ = try LinuxI2CDevice(path: "/nonexistent/i2c-99", address: 0x68)
            Issue.record("opened a missing bus")
        } catch {
            #expect(error.kind == .noSuchBus)
            #expect(error.errno == 2)
            #expect(error.bus == "/nonexistent/i2c-99")
            #expect(error.address == 0x68)
            #expect(error.operation == "open")
            #expect(error.description.contains("ENOENT"))
            #expect(error.description.contains("dtparam=i2c_arm=on"))
            #expect(error.description.contains("raspi-config"))
        }
    }

    @Test func aFileThatIsNotABusFailsAtAddressSelection() {
        let fake = FakeSysfs(adapters: [(1, "x")])
        do {
            _ = try LinuxI2CDevice(path: fake.root + "/i2c-1/name", address: 0x68)
            Issue.record("a regular file accepted I2C_SLAVE")
        } catch {
            #expect(error.operation == "select address (I2C_SLAVE)")
            #expect(error.errno == 25)   // ENOTTY
        }
    }

    @Test func invalidAddressIsRefusedBeforeOpening() {
        #expect(throws: I2CError.self) { try LinuxI2CDevice(path: "/dev/null", address: 0x7F) }
    }

    @Test func adaptersAreListedAndFoundByNumberOrName() throws {
        let fake = FakeSysfs(adapters: [(20, "fef04500.i2c"), (1, "bcm2835 (i2c@7e804000)"), (21, "fef09500.i2c")])
        let dir = I2CAdapterDirectory(sysfsRoot: fake.root, devRoot: "/dev")
        #expect(dir.adapters().map(\.number) == [1, 20, 21])
        #expect(dir.adapters().first?.name == "bcm2835 (i2c@7e804000)")
        #expect(try dir.resolve("1").number == 1)
        #expect(try dir.resolve("i2c-20").number == 20)
        #expect(try dir.resolve("/dev/i2c-21").name == "fef09500.i2c")
        #expect(try dir.resolve("bcm2835 (i2c@7e804000)").number == 1)
        #expect(try dir.resolve("bcm2835").number == 1)
        #expect(try dir.resolve("fef04500").number == 20)
        #expect(try dir.openBus("bcm2835").path == "/dev/i2c-1")
    }

    @Test func unknownOrAmbiguousNamesListTheAdapters() {
        let fake = FakeSysfs(adapters: [(20, "fef04500.i2c"), (21, "fef09500.i2c")])
        let dir = I2CAdapterDirectory(sysfsRoot: fake.root)
        do {
            _ = try dir.resolve("nope")
            Issue.record("resolved an unknown adapter")
        } catch {
            #expect(error.kind == .noSuchBus)
            #expect(error.description.contains("20 \"fef04500.i2c\""))
        }
        do {
            _ = try dir.resolve("i2c")   // matches both
            Issue.record("resolved an ambiguous adapter")
        } catch {
            #expect(error.description.contains("several adapters match"))
        }
    }

    @Test func noSysfsFolderMeansNoAdapters() {
        let dir = I2CAdapterDirectory(sysfsRoot: "/nonexistent/i2c-dev")
        #expect(dir.adapters().isEmpty)
        #expect(throws: I2CError.self) { try dir.resolve("bcm2835") }
    }

    @Test func errnoClassificationAndHints() {
        #expect(I2CError.kind(forErrno: 121) == .noAcknowledge)
        #expect(I2CError.kind(forErrno: 6) == .noAcknowledge)
        #expect(I2CError.kind(forErrno: 19) == .noAcknowledge)   // ENODEV: i2c-stub, an empty address
        let absent = I2CError(kind: I2CError.kind(forErrno: ENODEV), errno: ENODEV, bus: "/dev/i2c-0", address: 0x69,
                              register: 0x75, operation: "read byte")
        #expect(absent.description.contains("failed: no acknowledge (ENODEV: No such device, errno 19); no device answered"),
                "\(absent.description)")
        #expect(I2CError.kind(forErrno: 5) == .ioError)
        #expect(I2CError.kind(forErrno: 110) == .timeout)
        #expect(I2CError.kind(forErrno: 13) == .permissionDenied)
        #expect(I2CError.kind(forErrno: 1) == .permissionDenied)
        #expect(I2CError.kind(forErrno: 16) == .busy)
        let denied = I2CError(kind: .permissionDenied, errno: 13, bus: "/dev/i2c-1", address: 0x68, register: nil, operation: "open")
        #expect(denied.description.contains("i2c` group"))
        #expect(denied.description.contains("udev"))
        #expect(!denied.isTransient)
        let nack = I2CError(kind: .noAcknowledge, errno: 121, bus: "/dev/i2c-1", address: 0x68, register: 0x3B, operation: "block read of 14 bytes")
        #expect(nack.description == "I2C block read of 14 bytes of register 0x3b at 0x68 on /dev/i2c-1 failed: no acknowledge (EREMOTEIO: Remote I/O error, errno 121); no device answered: check wiring (SDA/SCL/3V3/GND) and the address with `i2cdetect -y N`")
        #expect(nack.isTransient)
    }
}
#endif
