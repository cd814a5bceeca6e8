import Foundation
import PostureCore
import PostureEvaluation
import PosturePipeline
import PostureSimulator
import PostureTrace
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// The measurements of `posture bench replay`: a long trace through `posture replay` in a
/// child process (end to end: reading, parsing, pipeline, formatting, writing to /dev/null),
/// the stages alone in this process, and VQF's C++ batch on the same samples.
enum ReplayBenchmark {
    /// A day-scale trace: the mixed-day scenario with its long sitting bout stretched to `hours`
    /// (no ground-truth columns, as `posture record` writes).
    static func simulateTrace(hours: Double, seed: UInt64, to path: String) throws {
        var options = SimulationOptions()
        options.durationSeconds = hours * 3600
        options.includeTruth = false
        let simulated = ScenarioSimulator.generate(.mixedDay, seed: seed, options: options)
        do { try AtomicFile.write(simulated.traceText(), to: path) } catch { throw CLIError(error.description) }
    }

    /// Thread CPU seconds of `body`, the best of `passes`.
    static func best(_ passes: Int, _ body: () throws -> Void) rethrows -> Double {
        var fastest = Double.infinity
        for _ in 0..<max(1, passes) {
            let start = SystemTime.threadCPUSeconds()
            try body()
            fastest = min(fastest, SystemTime.threadCPUSeconds() - start)
        }
        return fastest
    }

    /// Reading and parsing only: records are counted, not kept.
    static func parseSeconds(_ path: String, passes: Int) throws -> (seconds: Double, samples: Int) {
        var samples = 0
        let seconds = try best(passes) {
            samples = 0
            do { _ = try TraceReader.read(path: path) { _ in samples += 1 } } catch { throw CLIError("\(error)") }
        }
        return (seconds, samples)
    }

    /// `PosturePipeline.process` over records in memory, events collected and dropped.
    static func pipelineSeconds(_ trace: Trace, passes: Int) -> Double {
        var events: [PostureEvent] = []
        events.reserveCapacity(64)
        return best(passes) {
            var pipeline = PosturePipeline()
            var check = 0.0
            for record in trace.records {
                events.removeAll(keepingCapacity: true)
                pipeline.process(record.sample, action: record.marker, events: &events)
                check += pipeline.state.up.z
            }
            PostureBenchmark.sink += check
        }
    }

    /// `ReplayEngine` over records in memory (pipeline + formatting) into a byte counter.
    static func engineSeconds(_ trace: Trace, emit: ReplayEmit, passes: Int) -> (seconds: Double, bytes: Int) {
        var bytes = 0
        let seconds = best(passes) {
            var output = PostureBenchmark.CountingOutput()
            ReplayEngine.run(trace: trace, settings: PipelineSettings(), emit: emit, into: &output)
            bytes = output.bytes
        }
        return (seconds, bytes)
    }

    /// `posture replay PATH --emit MODE > /dev/null` in a child: its CPU time (user + system)
    /// and peak RSS, the best of `passes` runs.
    static func endToEnd(posture: String, trace: String, emit: ReplayEmit, passes: Int, scratch: String)
        throws -> (cpuSeconds: Double, peakRSSKilobytes: Int) {
        var best = (cpuSeconds: Double.infinity, peakRSSKilobytes: 0)
        for _ in 0..<max(1, passes) {
            let log = scratch + "/replay.stderr"
            let run = try ChildRun.runToExit([posture, "replay", trace, "--emit", emit.rawValue],
                                             stdoutPath: "/dev/null", stderrPath: log)
            guard run.exitStatus == 0 else {
                let text = (try? WholeFile.read(path: log)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                throw CLIError("posture replay exited with status \(run.exitStatus): \(text.suffix(2000))")
            }
            best.cpuSeconds = min(best.cpuSeconds, run.cpuSeconds)
            best.peakRSSKilobytes = max(best.peakRSSKilobytes, run.peakRSSKilobytes)
        }
        return best
    }
}

/// VQF's C++ batch (`vqf.VQF(Ts).updateBatch`, PyPI `vqf`, called from Python on numpy
/// arrays), timed by Python with thread CPU time on the same samples.
enum VQFBaseline {
    /// Where the Python with `vqf` is looked for, in order.
    static func pythonCandidates(explicit: String?) -> [String] {
        var out: [String] = []
        if let explicit { out.append(explicit) }
        if let env = getenv("POSTURE_VQF_PYTHON") { out.append(String(cString: env)) }
        out.append(".ci-cache/vqf-venv/bin/python")
        if let home = getenv("HOME") { out.append(String(cString: home) + "/.cache/posture/vqf-venv/bin/python") }
        out.append("/usr/bin/python3")
        return out
    }

    static let setupHint = "python3 -m venv ~/.cache/posture/vqf-venv && ~/.cache/posture/vqf-venv/bin/pip install vqf"

    static let script = """
        import sys, time
        try:
            import numpy as np
            import vqf
        except ImportError as error:
            print("missing: %s" % error)
            sys.exit(3)
        path, count, ts, passes = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
        data = np.fromfile(path, dtype="<f8").reshape(count, 6)
        gyr = np.ascontiguousarray(data[:, 0:3])
        acc = np.ascontiguousarray(data[:, 3:6])
        best = float("inf")
        for _ in range(passes):
            f = vqf.VQF(ts)
            start = time.thread_time()
            out = f.updateBatch(gyr, acc)
            best = min(best, time.thread_time() - start)
        try:
            from importlib.metadata import version
            release = version("vqf")
        except Exception:
            release = "?"
        print("%.6f %s" % (best, release))

        """

    enum Outcome {
        case measured(seconds: Double, version: String, python: String)
        case skipped(String)
    }

    /// Writes gyro (rad/s) and accelerometer (m/s²) as little-endian doubles and runs the script.
    static func measure(_ trace: Trace, passes: Int, python explicit: String?, scratch: String) -> Outcome {
        guard let python = pythonCandidates(explicit: explicit).first(where: { access($0, X_OK) == 0 }) else {
            return .skipped("no python3 found; " + setupHint)
        }
        let records = trace.records
        guard records.count > 1 else { return .skipped("trace too short") }
        var values: [Double] = []
        values.reserveCapacity(records.count * 6)
        let toRadians = Double.pi / 180
        for r in records {
            let g = r.sample.gyroDegreesPerSecond, a = r.sample.accelG
            values += [g.x * toRadians, g.y * toRadians, g.z * toRadians]
            values += [a.x * ScenarioSimulator.standardGravity, a.y * ScenarioSimulator.standardGravity,
                       a.z * ScenarioSimulator.standardGravity]
        }
        // VQF takes one fixed sample interval: the trace's mean.
        let ts = (records[records.count - 1].sample.timeSeconds - records[0].sample.timeSeconds) / Double(records.count - 1)
        let dataPath = scratch + "/vqf-input.f64", scriptPath = scratch + "/vqf-bench.py"
        let outPath = scratch + "/vqf.out", errPath = scratch + "/vqf.err"
        do {
            try values.withUnsafeBytes { try AtomicFile.write($0, to: dataPath) }
            try AtomicFile.write(script, to: scriptPath)
        } catch {
            return .skipped("cannot write \(scratch): \(error)")
        }
        let run: ChildRun
        do {
            run = try ChildRun.runToExit([python, scriptPath, dataPath, String(records.count), String(ts), String(passes)],
                                         stdoutPath: outPath, stderrPath: errPath)
        } catch {
            return .skipped("\(error)")
        }
        let out = (try? WholeFile.read(path: outPath)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard run.exitStatus == 0 else {
            let err = (try? WholeFile.read(path: errPath)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let reason = run.exitStatus == 3 ? out.trimmingCharacters(in: .whitespacesAndNewlines) : "status \(run.exitStatus): \(err.suffix(300))"
            return .skipped("\(python): \(reason); " + setupHint)
        }
        let parts = out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard let first = parts.first, let seconds = Double(first), seconds > 0 else {
            return .skipped("\(python): unexpected output '\(out.prefix(200))'")
        }
        return .measured(seconds: seconds, version: parts.count > 1 ? String(parts[1]) : "?", python: python)
    }
}
