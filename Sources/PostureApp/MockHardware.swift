import Foundation
import GPIO
import IMUDrivers
import Logging
import MockGPIO
import MockIMU
import PostureConfig
import PostureCore
import PostureDaemon
import PosturePipeline
import SystemSupport
import PostureTrace

/// `posture run --mock`: a simulated chip on a mock I2C bus playing a trace, its markers
/// replayed as presses, a simulated GPIO chip. Only program set-up knows about the mocks; the
/// service sees a sensor that keeps its backlog and says it is simulated.
extension DaemonRunner {
    static func mockHardware(_ config: PostureConfiguration, options: DaemonOptions, clock: DaemonClock,
                             logger: Logger) throws -> DaemonHardware {
        let m = config.daemon.mock
        let trace = try mockTrace(config, options: options, logger: logger)
        guard let motion = TraceMotionSource(trace.samples, loops: m.loop) else {
            throw MockSetupError(description: "the mock trace has no samples")
        }
        let (sensor, _, markers) = try SensorFactory.mock(motion: motion, markers: trace.markers, chip: m.chip,
                                                          settings: IMUSettings(config.daemon.sensor), clock: clock)
        var hw = DaemonHardware(sensor: sensor, sensorDescription: "\(m.chip == .auto ? "mpu6050" : m.chip.rawValue) on mock-i2c",
                                sensorCapabilities: .simulated, actionSource: markers)
        let gpio = MockGPIOChip(name: "gpiochip-mock", label: "posture-mock", clock: { clock.monotonicSeconds })
        let g = config.daemon.gpio
        hw.motor = try? gpio.requestOutput(offset: g.motor.offset ?? 18, activeLow: g.motor.activeLow, consumer: "posture-motor")
        if let offset = g.led.offset { hw.led = try? gpio.requestOutput(offset: offset, activeLow: g.led.activeLow, consumer: "posture-led") }
        return hw
    }

    /// What the mock chip plays: samples and markers (seconds from the first sample).
    struct MockTrace {
        var samples = TraceMotionSamples()
        var markers: [(Double, UserAction)] = []

        mutating func append(_ sample: IMUSample, _ marker: UserAction?) {
            if let marker { markers.append((sample.timeSeconds - (samples.firstTimeSeconds ?? sample.timeSeconds), marker)) }
            samples.append(sample)
        }
    }

    /// The trace's `# mounting:` line, when it names a placement or forward axis (the header
    /// only is read; a file that cannot be opened is reported later, when the mock starts).
    static func traceMounting(path: String) -> TraceMounting? {
        guard let stream = try? TraceStream(path: path) else { return nil }
        return stream.metadata.first(where: { $0.key == "mounting" }).flatMap { TraceMounting(metadata: $0.value) }
    }

    /// Streams the trace file straight into the mock chip's arrays: holding the parsed
    /// `[TraceRecord]` of the 770 s demo (5 MB, plus copies) made start-up the daemon's
    /// memory peak.
    static func mockTrace(_ config: PostureConfiguration, options: DaemonOptions, logger: Logger) throws -> MockTrace {
        let configured = options.mockTracePath ?? (config.daemon.mock.tracePath.isEmpty ? nil : config.daemon.mock.tracePath)
        let path = configured ?? DemoTrace.locate(environment: options.environment, executablePath: options.executablePath,
                                                  currentDirectory: FileManager.default.currentDirectoryPath)
        if let path {
            var trace = MockTrace()
            var lastTimeSeconds = 0.0
            do {
                _ = try TraceReader.read(path: path) { record in
                    trace.append(record.sample, record.marker)
                    lastTimeSeconds = record.sample.timeSeconds
                }
            } catch {
                throw MockSetupError(description: "mock trace: \(error)")
            }
            guard trace.samples.count > 0 else { throw MockSetupError(description: "mock trace \(path): no samples") }
            logger.info("mock trace: \(path) (\(trace.samples.count) samples, \(Int(saturating: lastTimeSeconds)) s, looping)")
            return trace
        }
        guard let generate = options.generateDemoRecords else {
            throw MockSetupError(description: "no demo trace found (looked for config/\(DemoTrace.fileName) and share/posture/\(DemoTrace.fileName)); pass --mock-trace FILE")
        }
        logger.notice("no demo trace file found: generating one with the simulator")
        var trace = MockTrace()
        for r in generate() { trace.append(r.sample, r.marker) }
        return trace
    }
}
