import ArgumentParser
import GPIO
import I2C
import IMUDrivers
import MockIMU
import PostureCore
import PostureTrace
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

    @Option(name: .long, help: ArgumentHelp("The bus: a number (1 = /dev/i2c-1) or an adapter name from the list.", valueName: "N|NAME"))
    var bus: String = "1"

    @Option(name: .long, help: ArgumentHelp("An address to scan (hex 0x68 or decimal); repeatable.", valueName: "ADDRESS"))
    var address: [String] = []

    @Option(name: .long, help: ArgumentHelp("Probe a simulated chip instead of hardware.", valueName: "CHIP"))
    var mock: String?

    @Option(name: .long, help: "Directory listing the kernel's I2C adapters.")
    var sysfs: String = "/sys/class/i2c-dev"

    func run() throws {
        let addresses = try address.map(parseAddress)
        let probe = IMUProbe(addresses: addresses.isEmpty ? IMUProbe.defaultAddresses : addresses)
        let clock = SystemMonotonicClock(), sleeper = SystemSleeper()
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

/// `posture record --output FILE [--bus ..] [--address ..] [--duration S] [--rate HZ] [--mock CHIP [--mock-trace TRACE]]`
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record the IMU to a posture-trace v1 file.",
        discussion: """
            While recording, type c (calibrate), s (stretch), z (snooze) or a (ack) and Enter to put a
            marker on the next sample; with --button LINE a push button (to GND, internal pull-up) adds
            --button-action markers too. Ctrl-C or SIGTERM stops; the file is flushed every second and on stop.
            Bus faults are noted as `# fault` comment lines and the recording goes on.
            """)

    @Option(name: [.short, .long], help: "The trace file to write.")
    var output: String

    @Flag(name: .long, help: "Replace OUTPUT if it exists.")
    var overwrite = false

    @Option(name: .long, help: ArgumentHelp("The bus: a number or an adapter name.", valueName: "N|NAME"))
    var bus: String = "1"

    @Option(name: .long, help: ArgumentHelp("The sensor's address (default: the first found at 0x68, 0x69, 0x6A, 0x6B).", valueName: "ADDRESS"))
    var address: String?

    @Option(name: .long, help: "Stop after this many seconds (default: until Ctrl-C).")
    var duration: Double?

    @Option(name: .long, help: "Output data rate in Hz (the chip's nearest).")
    var rate: Double = 100

    @Option(name: .long, help: "Accelerometer range in g (2, 4, 8, 16).")
    var accelRange: Int = 4

    @Option(name: .long, help: "Gyroscope range in °/s (250, 500, 1000, 2000).")
    var gyroRange: Int = 500

    @Flag(name: .long, help: "Read one data-register burst per sample instead of the FIFO.")
    var noFifo = false

    @Option(name: .long, help: "How the sensor is worn, for the metadata.")
    var mounting: String = "upper back"

    @Option(name: .long, help: ArgumentHelp("Record a simulated chip instead of hardware.", valueName: "CHIP"))
    var mock: String?

    @Option(name: .long, help: ArgumentHelp("Feed the simulated chip from this trace (looped).", valueName: "TRACE"))
    var mockTrace: String?

    @Option(name: .long, help: ArgumentHelp("Simulated motion: still[:PITCH[:ROLL]], rotate[:DPS], sweep[:DEG[:PERIOD]].", valueName: "MOTION"))
    var mockMotion: String = "still"

    @Flag(name: .long, help: "With --mock and --duration: simulate time, finishing at once.")
    var fast = false

    @Option(name: .long, help: ArgumentHelp("A push button on this GPIO line (BCM number) adds markers.", valueName: "LINE"))
    var button: Int?

    @Option(name: .long, help: ArgumentHelp("The button's gpiochip: path, name, number or label (alternatives separated by commas).", valueName: "CHIP"))
    var buttonChip: String = GPIOChipSpec.raspberryPiHeader

    @Option(name: .long, help: "The marker a button press adds (calibrate, stretch, snooze, ack).")
    var buttonAction: String = "calibrate"

    func validate() throws {
        if let d = duration, !(d > 0) { throw ValidationError("--duration must be more than 0 seconds") }
        if !(rate >= 1 && rate <= 1000) { throw ValidationError("--rate must be 1 to 1000 Hz") }
        if mock == nil && (mockTrace != nil || fast) { throw ValidationError("--mock-trace and --fast need --mock CHIP") }
        if fast && duration == nil { throw ValidationError("--fast needs --duration") }
        if UserAction(typed: buttonAction) == nil { throw ValidationError("--button-action must be one of \(UserAction.allNames)") }
    }

    func run() throws {
        var settings = IMUSettings()
        settings.sampleRateHz = rate
        settings.accelRangeG = accelRange
        settings.gyroRangeDegreesPerSecond = gyroRange
        settings.useFIFO = !noFifo
        let chosenAddress = try address.map(parseAddress)

        let clock: MonotonicClock
        let sleeper: Sleeper
        if fast {
            let manual = ManualClock()
            clock = manual
            sleeper = manual
        } else {
            clock = SystemMonotonicClock()
            sleeper = SystemSleeper()
        }
        let theBus: I2CBus
        var source: String
        if let mock {
            let model = try mockModel(mock)
            let motion: MotionSource
            if let mockTrace {
                let trace: Trace
                do { trace = try TraceReader.read(path: mockTrace) } catch { throw CLIError(error.description) }
                guard let m = TraceMotionSource(trace: trace) else { throw CLIError("\(mockTrace): the trace has no samples") }
                motion = m
                source = "posture record --mock \(model.rawValue) --mock-trace \(mockTrace)"
            } else {
                guard let m = GeneratedMotion.parse(mockMotion) else {
                    throw CLIError("--mock-motion: '\(mockMotion)' is not still[:PITCH[:ROLL]], rotate[:DPS] or sweep[:DEG[:PERIOD]]")
                }
                motion = m
                source = "posture record --mock \(model.rawValue) --mock-motion \(mockMotion)"
            }
            let mockBus = MockI2CBus(clock: clock, name: "mock")
            mockBus.attach(model.make(motion: motion), at: chosenAddress ?? model.defaultAddress)
            theBus = mockBus
        } else {
            do { theBus = try I2CAdapterDirectory().openBus(bus) } catch { throw CLIError(error.description) }
            source = "posture record, \(theBus.name)"
        }

        // Refuse early; the file itself is created once the sensor and button are ready,
        // so a failed start leaves no empty recording behind.
        if !overwrite && access(output, F_OK) == 0 {
            throw CLIError("\(output): already exists (use --overwrite to replace it)")
        }
        let supervisor = SensorSupervisor(bus: theBus, address: chosenAddress, settings: settings, clock: clock, sleeper: sleeper,
                                          warn: { writeStandardError("posture: warning: \($0)\n") })
        do { try supervisor.connect() } catch { throw CLIError("\(error)") }
        guard let sensor = supervisor.sensor, let applied = sensor.appliedSettings else {
            throw CLIError("the sensor did not configure")
        }
        let metadata: [(key: String, value: String)] = [
            ("rate_hz", DecimalFormatting.string(applied.sampleRateHz, fractionDigits: applied.sampleRateHz.rounded() == applied.sampleRateHz ? 0 : 3)),
            ("sensor", sensorSlug(sensor.chipName)),
            ("mounting", mounting),
            ("source", source),
            ("address", hex(sensor.address)),
            ("accel_range_g", String(applied.accelRangeG)),
            ("gyro_range_dps", String(applied.gyroRangeDegreesPerSecond)),
            ("lowpass_hz", DecimalFormatting.string(applied.lowPassHz, fractionDigits: 2)),
            ("read_mode", applied.usesFIFO ? "fifo" : "burst"),
            ("started_utc", utcNow()),
        ]

        var pressed: ButtonMarkers?
        if let button {
            do {
                pressed = try ButtonMarkers(chip: buttonChip, line: button, action: UserAction(typed: buttonAction) ?? .calibrate)
            } catch { throw CLIError("--button: \(error)") }
        }
        let out: FileTraceOutput
        do { out = try FileTraceOutput(path: output, overwrite: overwrite) } catch { throw CLIError(error.description) }
        let recorder = TraceRecorder(supervisor: supervisor, output: out, metadata: metadata, clock: clock)
        recorder.onFault = { writeStandardError("posture: fault \($0.kind.rawValue): \($0.detail)\n") }
        let stop = StopSignals()
        var typed = TypedMarkers()
        writeStandardError("recording \(sensor.chipName) at \(hex(sensor.address)) on \(theBus.name): \(describe(applied))\n"
            + "type c (calibrate), s (stretch), z (snooze) or a (ack) + Enter for a marker; Ctrl-C stops\n")
        let summary: RecordingSummary
        do {
            summary = try recorder.run(
                durationSeconds: duration, pollIntervalSeconds: applied.usesFIFO ? 0.05 : 0.5 / applied.sampleRateHz,
                sleeper: sleeper, markers: { fast ? [] : typed.poll() + (pressed?.poll() ?? []) },
                shouldStop: { stop.requested })
        } catch {
            throw CLIError("\(output): \(error)")
        }
        writeStandardError("wrote \(summary.samples) samples (\(DecimalFormatting.string(summary.durationSeconds, fractionDigits: 1)) s), "
            + "\(summary.markers) markers, \(summary.faults) faults to \(output)\(summary.stoppedBySignal ? " (stopped)" : "")\n")
    }
}

// MARK: - helpers

func parseAddress(_ text: String) throws -> UInt8 {
    let t = text.lowercased()
    let value = t.hasPrefix("0x") ? UInt8(t.dropFirst(2), radix: 16) : UInt8(t)
    guard let v = value, v >= 0x03, v <= 0x77 else {
        throw CLIError("--address: '\(text)' is not a 7-bit I2C address (0x03 to 0x77)")
    }
    return v
}

func mockModel(_ name: String) throws -> MockChipModel {
    guard let m = MockChipModel(name: name) else {
        throw CLIError("--mock: '\(name)' is not one of \(MockChipModel.allNames)")
    }
    return m
}

func describe(_ a: AppliedIMUSettings) -> String {
    "\(DecimalFormatting.string(a.sampleRateHz, fractionDigits: 1)) Hz, ±\(a.accelRangeG) g, ±\(a.gyroRangeDegreesPerSecond) °/s, "
        + "low-pass \(DecimalFormatting.string(a.lowPassHz, fractionDigits: 1)) Hz, \(a.usesFIFO ? "FIFO" : "burst reads")"
}

func vectorText(_ v: Vector3, _ digits: Int) -> String {
    "[\(DecimalFormatting.string(v.x, fractionDigits: digits)), \(DecimalFormatting.string(v.y, fractionDigits: digits)), \(DecimalFormatting.string(v.z, fractionDigits: digits))]"
}

/// "MPU-6050" -> "mpu6050", as in the trace metadata of the shared spec.
func sensorSlug(_ chipName: String) -> String {
    String(chipName.lowercased().filter { $0 != "-" && $0 != " " })
}

func utcNow() -> String {
    var t = time(nil)
    var parts = tm()
    gmtime_r(&t, &parts)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
}

/// SIGINT and SIGTERM are blocked and polled, so a stop request ends the loop between
/// polls and everything buffered is written (no handler, no shared state).
final class StopSignals {
    private var set = sigset_t()

    init() {
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigprocmask(SIG_BLOCK, &set, nil)
    }

    deinit {
        // Take the stop request that was handled, so unblocking does not kill the process
        // after the recording was closed properly (exit status 0).
        var none = timespec(tv_sec: 0, tv_nsec: 0)
        while sigtimedwait(&set, nil, &none) > 0 {}
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    var requested: Bool {
        var pending = sigset_t()
        sigpending(&pending)
        return sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1
    }
}

/// Lines typed on standard input, read without blocking (poll with a zero timeout).
struct TypedMarkers {
    private var line: [UInt8] = []
    private var closed = false

    mutating func poll() -> [UserAction] {
        var actions: [UserAction] = []
        while !closed {
            var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&fds, 1, 0) > 0 else { break }
            var chunk = [UInt8](repeating: 0, count: 256)
            let n = read(0, &chunk, chunk.count)
            if n <= 0 { closed = true; break }
            for b in chunk.prefix(n) {
                if b == UInt8(ascii: "\n") {
                    let text = String(decoding: line, as: UTF8.self)
                    line.removeAll(keepingCapacity: true)
                    if let a = UserAction(typed: text) {
                        actions.append(a)
                        writeStandardError("marker: \(a.rawValue)\n")
                    } else if !text.allSatisfy({ $0 == " " || $0 == "\r" }) {
                        writeStandardError("not a marker: '\(text)' (c, s, z or a)\n")
                    }
                } else if line.count < 200 {
                    line.append(b)
                }
            }
        }
        return actions
    }
}

/// Presses of a button wired from a GPIO line to GND (internal pull-up, active low), each
/// one a marker; bounces within 0.2 s of a press are ignored.
final class ButtonMarkers {
    private let line: GPIOInputLine
    private let action: UserAction
    private var lastPressSeconds = -Double.infinity
    static let debounceSeconds = 0.2

    init(chip spec: String, line offset: Int, action: UserAction) throws {
        let chip = try openGPIOChip(spec)
        line = try chip.requestInput(offset: offset, activeLow: true, bias: .pullUp, consumer: "posture record")
        self.action = action
    }

    func poll() -> [UserAction] {
        guard let edges = try? line.waitForEdges(timeoutSeconds: 0) else { return [] }
        var actions: [UserAction] = []
        for e in edges where e.kind == .rising && e.timeSeconds - lastPressSeconds >= Self.debounceSeconds {
            lastPressSeconds = e.timeSeconds
            actions.append(action)
            writeStandardError("marker: \(action.rawValue) (button)\n")
        }
        return actions
    }
}
