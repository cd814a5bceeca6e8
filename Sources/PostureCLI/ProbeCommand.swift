import ArgumentParser
import I2C
import IMUDrivers
import MockIMU
import PostureCore
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// `posture probe [--bus N|NAME] [--address A]... [--mock CHIP]`
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "List I2C adapters and the IMUs found on a bus.",
        discussion: """
            Scans 0x68, 0x69 (MPU-6050 family) and 0x6A, 0x6B (ST LSM6DS*) by default, reads each
            chip's ID register, then configures every chip found and reads it briefly.
            With --mock CHIP the scan runs on a simulated bus (\(MockChipModel.allNames)).
            """)

    @OptionGroup var busOption: I2CBusOption
    var bus: String { busOption.bus }

    @Option(name: .long, help: ArgumentHelp("An address to scan (hex 0x68 or decimal); repeatable.", valueName: "ADDRESS"))
    var address: [String] = []

    @OptionGroup var mockOption: MockChipOption
    var mock: String? { mockOption.mock }

    @Option(name: .long, help: "Directory listing the kernel's I2C adapters.")
    var sysfs: String = "/sys/class/i2c-dev"

    func run() throws {
        let addresses = try address.map(parseAddress)
        let probe = IMUProbe(addresses: addresses.isEmpty ? IMUProbe.defaultAddresses : addresses)
        let clock = SystemClock(), sleeper = clock
        let theBus: I2CBus
        if let mock {
            let model = try mockModel(mock)
            let mockBus = MockI2CBus(clock: clock, name: "mock \(model.rawValue)")
            mockBus.attach(model.make(motion: GeneratedMotion(.still(pitchDegrees: 10, rollDegrees: 0))), at: model.defaultAddress)
            theBus = mockBus
        } else {
            let directory = I2CAdapterDirectory(sysfsRoot: sysfs)
            let adapters = directory.adapters()
            if adapters.isEmpty {
                print("I2C adapters: none in \(sysfs). Enable I2C: `sudo raspi-config` (Interface Options > I2C) or `dtparam=i2c_arm=on` in /boot/firmware/config.txt, then reboot.")
            } else {
                print("I2C adapters:")
                for a in adapters { print("  \(a.devicePath)  \(a.name)") }
            }
            do { theBus = try directory.openBus(bus) } catch { throw CLIError(error.description) }
        }
        print("Scanning \(theBus.name) at \(probe.addresses.map(hex).joined(separator: ", ")):")
        var found = 0
        for result in probe.scan(bus: theBus) {
            if case .failed(let e) = result.outcome, e.kind == .noSuchBus || e.kind == .permissionDenied {
                throw CLIError(e.description)   // the same for every address: say it once
            }
            print("  " + result.message)
            guard case .found(let chip) = result.outcome else { continue }
            found += 1
            do {
                let device = try theBus.device(at: result.address)
                let sensor = IMUProbe.makeDriver(for: chip, device: device, clock: clock, sleeper: sleeper)
                try sensor.start(settings: IMUSettings())
                var samples: [IMUSample] = []
                for _ in 0..<25 {
                    sleeper.sleep(seconds: 0.01)
                    _ = try sensor.readAvailable(into: &samples)
                }
                if let applied = sensor.appliedSettings { print("      configured: \(describe(applied))") }
                if samples.isEmpty {
                    print("      no samples in 0.25 s: the chip answers but produces no data")
                } else {
                    let n = Double(samples.count)
                    let a = samples.reduce(Vector3.zero) { $0 + $1.accelG } / n
                    let g = samples.reduce(Vector3.zero) { $0 + $1.gyroDegreesPerSecond } / n
                    print("      \(samples.count) samples: accel \(vectorText(a, 3)) g (|a| = \(DecimalFormatting.string(a.norm, fractionDigits: 3))), gyro \(vectorText(g, 2)) °/s")
                }
            } catch {
                print("      cannot read: \(error)")
            }
        }
        if found == 0 {
            throw CLIError("no supported IMU found on \(theBus.name); check wiring and `i2cdetect -y \(bus)`")
        }
    }
}
