import ArgumentParser
import GPIO
import I2C
import IMUDrivers
import MockIMU
import PostureCore
import PostureTrace
import SystemSupport
import TraceRecording
#if canImport(Glibc)
import Glibc
#endif

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

    @Option(name: [.short, .long], help: "The trace file to write (gzip-compressed when it ends in .gz).")
    var output: String

    @Flag(name: .long, help: "Replace OUTPUT if it exists.")
    var overwrite = false

    @OptionGroup var busOption: I2CBusOption
    var bus: String { busOption.bus }

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

    @OptionGroup var mockOption: MockChipOption
    var mock: String? { mockOption.mock }

    @Option(name: .long, help: ArgumentHelp("Feed the simulated chip from this trace, .csv or .csv.gz (looped).", valueName: "TRACE"))
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
            let system = SystemClock()
            clock = system
            sleeper = system
        }
        let theBus: I2CBus
        var source: String
        if let mock {
            let model = try mockModel(mock)
            let motion: MotionSource
            if let mockTrace {
                // Streamed into the mock chip's compact arrays (plain or .csv.gz), never a [TraceRecord].
                var samples = TraceMotionSamples()
                do { _ = try TraceReader.read(path: mockTrace) { samples.append($0.sample) } } catch { throw CLIError(error.description) }
                guard let m = TraceMotionSource(samples) else { throw CLIError("\(mockTrace): the trace has no samples") }
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
        // A .gz name records gzip: every flush (each second) is a zlib sync flush, so a recording cut by a
        // kill or power loss decodes up to its last flush; close() below writes the gzip end marker.
        let recorder = TraceRecorder(supervisor: supervisor, output: out, metadata: metadata, clock: clock)
        recorder.onFault = { writeStandardError("posture: fault \($0.kind.rawValue): \($0.detail)\n") }
        // SIGINT and SIGTERM end the loop between polls, so everything buffered is written; SIGHUP keeps its default.
        let signals: SignalWatcher
        do { signals = try SignalWatcher(reloadSignals: []) } catch { throw CLIError("\(error)") }
        defer { signals.restoreDefaults() }
        var typed = TypedMarkers()
        writeStandardError("recording \(sensor.chipName) at \(hex(sensor.address)) on \(theBus.name): \(describe(applied))\n"
            + "type c (calibrate), s (stretch), z (snooze) or a (ack) + Enter for a marker; Ctrl-C stops\n")
        let summary: RecordingSummary
        do {
            summary = try recorder.run(
                durationSeconds: duration, pollIntervalSeconds: applied.usesFIFO ? 0.05 : 0.5 / applied.sampleRateHz,
                sleeper: sleeper, markers: { fast ? [] : typed.poll() + (pressed?.poll() ?? []) },
                shouldStop: { signals.checkForStop() })
        } catch {
            try? out.close()
            throw CLIError("\(output): \(error)")
        }
        do { try out.close() } catch { throw CLIError("\(error)") }
        writeStandardError("wrote \(summary.samples) samples (\(DecimalFormatting.string(summary.durationSeconds, fractionDigits: 1)) s), "
            + "\(summary.markers) markers, \(summary.faults) faults to \(output)\(summary.stoppedBySignal ? " (stopped)" : "")\n")
    }
}
