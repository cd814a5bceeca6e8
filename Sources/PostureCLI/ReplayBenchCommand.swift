import ArgumentParser
import Foundation
import PostureCore
import PostureEvaluation
import PostureTrace
import SystemSupport

/// `posture bench replay`: `posture replay` throughput at day scale, end to end and per stage,
/// peak memory, and VQF's C++ batch on the same samples in the same run (machines are noisy:
/// the ratio is the figure to compare).
struct ReplayBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "M samples/s of `posture replay` (events, samples), per stage, peak RSS, and VQF's C++ batch beside it.",
        discussion: """
            Build with -c release: swift build -c release --product posture && .build/release/posture bench replay. \
            Simulates a trace (the mixed-day scenario, --hours long, 100 Hz) unless --trace is given. \
            VQF needs a python3 with numpy and vqf: \(VQFBaseline.setupHint) (or --python PATH); without it, it is skipped. \
            Targets (issue #11): >= 3 M samples/s for --emit events, >= 1.5 M samples/s for --emit samples, one core.
            """)

    @Option(name: .long, help: "Length of the simulated trace in hours (100 Hz).")
    var hours: Double = 3

    @Option(name: .long, help: "Simulator seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Bench this trace instead of a simulated one.")
    var trace: String?

    @Option(name: .long, help: "Runs per measurement; the best is reported.")
    var passes: Int = 3

    @Option(name: .long, help: "The python3 with numpy and vqf.")
    var python: String?

    func validate() throws {
        guard hours > 0, hours <= 48 else { throw ValidationError("--hours: \(hours) is out of range (allowed 0 to 48)") }
        guard (1...20).contains(passes) else { throw ValidationError("--passes: \(passes) is out of range (1 to 20)") }
    }

    func run() throws {
        let scratch = NSTemporaryDirectory() + "posture-bench-replay-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        #if DEBUG
        print("warning: debug build; use -c release for real figures")
        #endif
        let path: String
        if let trace {
            path = trace
        } else {
            path = scratch + "/day.csv"
            print("simulating \(number(hours, 1)) h at 100 Hz (mixed-day, seed \(seed)) ...")
            try ReplayBenchmark.simulateTrace(hours: hours, seed: seed, to: path)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let loaded: Trace
        do { loaded = try TraceReader.read(path: path) } catch { throw CLIError(error.description) }
        let n = loaded.records.count
        guard n > 0 else { throw CLIError("\(path): no samples") }
        print("\(n) samples (\(number(Double(bytes) / 1e6, 1)) MB of CSV), best of \(passes), one core (CPU time)")

        let posture = try postureExecutable()
        var rows: [(String, Double)] = []
        let events = try ReplayBenchmark.endToEnd(posture: posture, trace: path, emit: .events, passes: passes, scratch: scratch)
        rows.append(("posture replay --emit events (end to end)", events.cpuSeconds))
        let samples = try ReplayBenchmark.endToEnd(posture: posture, trace: path, emit: .samples, passes: passes, scratch: scratch)
        rows.append(("posture replay --emit samples (end to end)", samples.cpuSeconds))
        let parse = try ReplayBenchmark.parseSeconds(path, passes: passes)
        rows.append(("  reading + parsing only", parse.seconds))
        rows.append(("  pipeline only (PosturePipeline.process)", ReplayBenchmark.pipelineSeconds(loaded, passes: passes)))
        let engineEvents = ReplayBenchmark.engineSeconds(loaded, emit: .events, passes: passes)
        rows.append(("  pipeline + event JSON, in memory", engineEvents.seconds))
        let engineSamples = ReplayBenchmark.engineSeconds(loaded, emit: .samples, passes: passes)
        rows.append(("  pipeline + sample CSV, in memory", engineSamples.seconds))
        for (name, seconds) in rows { print(line(name, n, seconds)) }
        print(BroadReport.pad("peak RSS of posture replay:", 46) + "events \(number(Double(events.peakRSSKilobytes) / 1024, 1)) MB, "
              + "samples \(number(Double(samples.peakRSSKilobytes) / 1024, 1)) MB")

        switch VQFBaseline.measure(loaded, passes: passes, python: python, scratch: scratch) {
        case .skipped(let why):
            print("VQF C++ batch: skipped (\(why))")
        case .measured(let seconds, let version, let python):
            print(line("VQF \(version) C++ batch (VQF.updateBatch, 6D)", n, seconds) + " [\(python)]")
            print("ratio posture/VQF (samples/s): events end to end \(number(seconds / events.cpuSeconds, 2)), "
                  + "samples end to end \(number(seconds / samples.cpuSeconds, 2)), "
                  + "pipeline only \(number(seconds / rows[3].1, 2))")
        }
        let eventsRate = Double(n) / events.cpuSeconds / 1e6, samplesRate = Double(n) / samples.cpuSeconds / 1e6
        print("targets: events >= 3 M/s: \(eventsRate >= 3 ? "met" : "NOT met"); samples >= 1.5 M/s: \(samplesRate >= 1.5 ? "met" : "NOT met")")
    }

    func line(_ name: String, _ samples: Int, _ seconds: Double) -> String {
        BroadReport.pad(name + ":", 46) + number(Double(samples) / seconds / 1e6, 2) + " M samples/s ("
            + number(seconds * 1e9 / Double(samples), 0) + " ns/sample)"
    }

    func number(_ x: Double, _ digits: Int) -> String { DecimalFormatting.string(x, fractionDigits: digits) }

    /// This executable, or `posture` beside it when run from `posture-bench`.
    func postureExecutable() throws -> String {
        let me = RunCommand.executablePath()
        guard me.hasSuffix("/posture-bench") else { return me }
        let sibling = String(me.dropLast("-bench".count))
        guard FileManager.default.isExecutableFile(atPath: sibling) else {
            throw CLIError("\(sibling) not found: build it (swift build -c release --product posture)")
        }
        return sibling
    }
}
