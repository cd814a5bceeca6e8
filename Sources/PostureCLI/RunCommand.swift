import ArgumentParser
import Foundation
import PostureApp
import PostureCore
import PostureDaemon
import PostureSimulator
import PostureTrace

/// `posture run [--config FILE] [--mock] [--mock-trace TRACE] [--speed X]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the posture daemon (the systemd service runs this).",
        discussion: """
            Reads the IMU, runs the pipeline, vibrates the motor for nudges, writes the history and \
            serves the control socket until SIGTERM or Ctrl-C. SIGHUP reloads the configuration \
            (an invalid file is reported and the running configuration kept).
            Without hardware: `posture run --mock` plays a demo trace through a simulated IMU on a \
            simulated I2C bus, in real time, looping, and logs the motor patterns.
            """)

    @Option(name: .long, help: "TOML configuration (default /etc/posture/posture.toml; defaults when that file is missing).")
    var config: String?

    @Flag(name: .long, help: "Simulated IMU and GPIO instead of the hardware.")
    var mock = false

    @Flag(name: .customLong("mock-if-no-sensor"),
          help: "Probe the configured I2C bus once: use the IMU if one answers, otherwise run as --mock (the README's first command).")
    var mockIfNoSensor = false

    @Option(name: .customLong("mock-trace"), help: "posture-trace v1 file for the simulated IMU (implies --mock).")
    var mockTrace: String?

    @Option(name: .customLong("state-dir"),
            help: "Keep calibration, counters and history here (default: [state] directory; a mock run uses its mock/ subfolder).")
    var stateDir: String?

    @Option(name: .long, help: "Run the clock this many times faster (mock mode only), e.g. 10.")
    var speed: Double = 1

    @Option(name: .long, help: ArgumentHelp("Stop by itself after this many seconds (of the daemon's clock).", visibility: .hidden))
    var stopAfter: Double?

    @Option(name: .customLong("write-demo-trace"),
            help: ArgumentHelp("Write the generated demo trace to FILE and exit (for packaging).", visibility: .hidden))
    var writeDemoTrace: String?

    func validate() throws {
        guard speed.isFinite, speed >= 0.1, speed <= 1000 else {
            throw ValidationError("--speed: \(speed) is out of range (allowed 0.1 to 1000)")
        }
        if speed != 1 && !(mock || mockTrace != nil) {
            throw ValidationError("--speed works with --mock only: real sensors run in real time")
        }
        if let stopAfter, !(stopAfter > 0) { throw ValidationError("--stop-after must be positive") }
        if let stateDir, stateDir.isEmpty { throw ValidationError("--state-dir: an empty path") }
    }

    func run() throws {
        if let path = writeDemoTrace {
            let trace = DemoScenario.trace()
            do { try TraceWriter.write(trace, to: path) } catch { throw CLIError("\(path): \(error)") }
            print("\(path): \(trace.records.count) samples")
            return
        }
        var options = DaemonOptions()
        options.configPath = config
        options.mock = mock || mockTrace != nil
        if mockIfNoSensor && !options.mock {
            // A broken config is reported by the daemon itself below, with its usual message.
            if let loaded = try? DaemonConfigLoader.load(path: config) {
                if let reason = SensorFactory.absenceReason(loaded.config.daemon.sensor) {
                    writeStandardError("no IMU found (\(reason)): running the demo on the mock bus instead\n")
                    options.mock = true
                }
            }
        }
        options.mockTracePath = mockTrace
        options.speed = speed
        options.stateDirectory = stateDir.map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
        options.runSeconds = stopAfter
        options.executablePath = Self.executablePath()
        options.softwareVersion = PostureVersion.package
        options.generateDemoRecords = { DemoScenario.records() }
        let status = DaemonRunner.run(options)
        if status != 0 { throw ExitCode(status) }
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

/// The demo of `posture run --mock` when no trace file is installed: a few minutes at a
/// desk with slouches long enough for alerts, then standing up, a walk and a stretch break.
enum DemoScenario {
    static let seed: UInt64 = 7

    static func trace() -> Trace {
        var desk = SimulationOptions()
        desk.durationSeconds = 240
        desk.sampleRateHz = 50
        let first = ScenarioSimulator.generate(.deskWork, seed: seed, options: desk).trace
        var stretch = SimulationOptions()
        stretch.durationSeconds = 40
        stretch.sampleRateHz = 50
        let second = ScenarioSimulator.generate(.stretchBreak, seed: seed, options: stretch).trace
        var records = first.records
        let offset = (records.last?.sample.timeSeconds ?? 0) + 0.02
        for var r in second.records {
            r.sample.timeSeconds += offset
            records.append(r)
        }
        let metadata: [(key: String, value: String)] = [
            ("rate_hz", "50"), ("sensor", "simulated"), ("mounting", "upper back, +x forward"),
            ("source", "posture demo: simulate desk-work 240 s + stretch-break, seed \(seed)"),
        ]
        return Trace(metadata: metadata, records: records)
    }

    static func records() -> [(sample: IMUSample, marker: UserAction?)] {
        trace().records.map { ($0.sample, $0.marker) }
    }
}
