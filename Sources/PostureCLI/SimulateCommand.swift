import ArgumentParser
import PostureCore
import PostureSimulator
import PostureTrace
import SystemSupport

/// `posture simulate SCENARIO --seed N [--output PATH] ...`: a labelled, simulated trace of a
/// trunk-worn IMU, for trying thresholds and scoring the pipeline without a wearer.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate a labelled, simulated trace of an IMU worn on the upper back.",
        discussion: """
            Writes a posture-trace v1 CSV (with the ground-truth columns true_up_* and moving unless --no-truth). \
            With --output X.csv the labels of what the simulated wearer did go to X.labels.json beside it; \
            without --output the trace goes to standard output and NO labels are written. \
            The same scenario, seed and options give byte-identical files. Run `posture simulate --list` for the scenarios.

            Tuning thresholds: simulate, replay with your configuration, compare the events with the labels:
              posture simulate desk-work --seed 3 -o desk.csv    # + desk.labels.json
              posture replay desk.csv --config mine.toml > events.jsonl
            `posture score --config mine.toml` does the comparison over every scenario and many seeds.

            """)

    @Argument(help: "The scenario (see --list).")
    var scenario: String?

    @Flag(help: "List the scenarios with a one-line description.")
    var list = false

    @Option(help: "Random seed: the same seed gives the same wearer, timeline and sensor errors.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the trace to PATH (gzip when it ends in .gz) and the labels to PATH-without-.csv[.gz] + .labels.json.", valueName: "PATH"))
    var output: String?

    @Option(help: ArgumentHelp("Sample rate in Hz (10...2000).", valueName: "HZ"))
    var rate: Double = 100

    @Option(name: .customLong("forward-axis"), parsing: .unconditional, help: "The sensor axis pointing forward on the wearer (+x -x +y -y +z -z), as [sensor] forward_axis.")
    var forwardAxis: String = "+x"

    @Option(name: .customLong("up-axis"), parsing: .unconditional, help: "The sensor axis pointing up on an upright wearer (default: +z, or +y when the forward axis is along z).")
    var upAxis: String?

    @Option(help: ArgumentHelp("Length of the scenario's main part in seconds (desk-work, hover, walking: the whole; long-sitting, mixed-day: the long sitting bout; stretch-break: the sitting before it).", valueName: "S"))
    var duration: Double?

    @Option(name: .customLong("gyro-range"), help: "Gyro full scale, deg/s: 250, 500, 1000 or 2000.")
    var gyroRange: Double = 500

    @Option(name: .customLong("accel-range"), help: "Accelerometer full scale, g: 2, 4, 8 or 16.")
    var accelRange: Double = 4

    @Flag(help: "A perfect sensor: no bias, drift, noise, quantisation, misalignment, jitter or dropped samples.")
    var ideal = false

    @Flag(name: .customLong("no-truth"), help: "Leave out the ground-truth columns (true_up_*, moving).")
    var noTruth = false

    func run() throws {
        if list {
            var out = StandardOutput()
            let width = ScenarioKind.allCases.map(\.rawValue.count).max() ?? 0
            for kind in ScenarioKind.allCases {
                out.write(kind.rawValue + String(repeating: " ", count: width - kind.rawValue.count + 2) + kind.summary + "\n")
            }
            try out.finish()
            return
        }
        guard let scenario else {
            throw CLIError("simulate: missing SCENARIO; one of \(Self.scenarioNames) (or --list)")
        }
        guard let kind = ScenarioKind(rawValue: scenario) else {
            throw CLIError("simulate: unknown scenario '\(scenario)'; one of \(Self.scenarioNames)")
        }
        let options = try makeOptions()
        let simulated = ScenarioSimulator.generate(kind, seed: seed, options: options)
        if let output {
            // Streamed in 64 KB chunks; gzip-compressed when the name ends in .gz.
            do { try simulated.traceWriter().write(simulated.trace.records, to: output) } catch { throw CLIError(error.description) }
            let labelsPath = ScenarioLabels.labelsPath(forTracePath: output)
            do { try simulated.labels.write(to: labelsPath) } catch { throw CLIError(error.description) }
        } else {
            var out = StandardOutput()
            let writer = simulated.traceWriter()
            var chunk = writer.header()
            for record in simulated.trace.records {
                writer.appendRow(record, to: &chunk)
                if chunk.utf8.count > 1 << 16 {
                    out.write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            out.write(chunk)
            try out.finish()
        }
    }

    static var scenarioNames: String { ScenarioKind.allCases.map(\.rawValue).joined(separator: ", ") }

    func makeOptions() throws -> SimulationOptions {
        var options = ideal ? SimulationOptions.ideal : SimulationOptions()
        guard let forward = SignedAxis(forwardAxis) else {
            throw CLIError("--forward-axis: '\(forwardAxis)' is not one of +x -x +y -y +z -z")
        }
        options.forwardAxis = forward
        if let upAxis {
            guard let up = SignedAxis(upAxis) else {
                throw CLIError("--up-axis: '\(upAxis)' is not one of +x -x +y -y +z -z")
            }
            options.upAxis = up
        }
        options.sampleRateHz = rate
        options.durationSeconds = duration
        options.gyroRangeDegreesPerSecond = gyroRange
        options.accelRangeG = accelRange
        options.includeTruth = !noTruth
        // Jitter is a fraction of the period so it stays valid at any rate.
        options.timestampJitterSeconds = min(options.timestampJitterSeconds, 0.04 / max(rate, 1))
        do { try options.validate() } catch { throw CLIError("simulate: \(error.description)") }
        return options
    }
}
