import ArgumentParser
import Foundation
import PostureCore
import PostureTrace
import TiltEstimation

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the tilt estimator against recorded ground truth.",
        subcommands: [EvaluateBroadCommand.self])
}

/// `posture evaluate broad`: inclination RMSE on the BROAD trials (moving phases).
struct EvaluateBroadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broad",
        abstract: "Inclination error of the tilt filter on the BROAD trials (true_up, moving == 1).",
        discussion: """
            Scores every sample with moving == 1 and a non-empty true_up: the angle between the \
            estimated and the true up vector. Prints per-trial RMSE and maximum for the default \
            filter (TiltFilter) and the complementary baseline. Reference on these six trials \
            (mean RMSE): VQF 0.56°, BasicVQF 0.87°. --sweep adds the mean over a grid of the \
            time-constant adaptation's parameters and over fixed time constants (adaptation off, \
            which is VQF's 6D algorithm: 3 s reproduces its 0.557°).
            """)

    @OptionGroup var broad: BroadDataOptions

    @Option(name: .customLong("output-lead-ms"),
            help: "Latency compensation of the filter's output, milliseconds (TiltFilterSettings.outputLeadSeconds; default 0).")
    var outputLeadMilliseconds: Double = 0

    @Flag(name: .long, help: "Also print the mean RMSE over a grid of the adaptation's parameters (robustness).")
    var sweep = false

    func validate() throws {
        guard outputLeadMilliseconds.isFinite, (0...100).contains(outputLeadMilliseconds) else {
            throw ValidationError("--output-lead-ms must be between 0 and 100, got \(outputLeadMilliseconds)")
        }
    }

    func run() throws {
        var settings = TiltFilterSettings()
        settings.outputLeadSeconds = outputLeadMilliseconds / 1000
        let folder = try BroadData.folder(explicit: broad.data)
        let files = try BroadData.traceFiles(in: folder)
        print("BROAD trials in \(folder): inclination error, degrees, over samples with moving == 1 and true_up")
        if settings.outputLeadSeconds > 0 {
            print("TiltFilter output predicted \(DecimalFormatting.string(outputLeadMilliseconds, fractionDigits: 2)) ms ahead")
        }
        print(BroadReport.header)
        var traces: [(name: String, trace: Trace)] = []
        var filterSum = 0.0, baselineSum = 0.0
        for file in files {
            let trace = try TraceReader.read(path: folder + "/" + file)
            let filter = BroadScore.run(TiltFilter(settings: settings), on: trace)
            let baseline = BroadScore.run(ComplementaryTiltEstimator(), on: trace)
            filterSum += filter.error.rmseDegrees
            baselineSum += baseline.error.rmseDegrees
            let name = String(file.dropLast(4))
            print(BroadReport.row(name: name, filter: filter, baseline: baseline))
            if sweep { traces.append((name, trace)) }
        }
        let n = Double(files.count)
        print(BroadReport.meanRow(filterMean: filterSum / n, baselineMean: baselineSum / n))
        if sweep { printSweep(traces.map(\.trace), base: settings) }
    }

    /// Mean RMSE for a grid of the adaptation's gain and range, and for fixed time
    /// constants (adaptation off: VQF's behaviour, whose default is 3 s).
    func printSweep(_ traces: [Trace], base: TiltFilterSettings) {
        func mean(_ settings: TiltFilterSettings) -> String {
            let sum = traces.reduce(0.0) { $0 + BroadScore.run(TiltFilter(settings: settings), on: $1).error.rmseDegrees }
            return DecimalFormatting.string(sum / Double(traces.count), fractionDigits: 3)
        }
        let gains = [50.0, 70, 100, 140, 200]
        print("")
        print("mean RMSE by adaptation gain (columns) and time-constant range (rows)")
        print(BroadReport.pad("range s", 12) + gains.map { BroadReport.pad(DecimalFormatting.string($0, fractionDigits: 0), 8) }.joined())
        for range in [1.25...4.0, 1.5...3.5, 1.5...4.0, 1.5...5.0, 2.0...4.0] {
            var row = BroadReport.pad(DecimalFormatting.string(range.lowerBound, fractionDigits: 2) + "-"
                                      + DecimalFormatting.string(range.upperBound, fractionDigits: 1), 12)
            for gain in gains {
                var s = base
                s.adaptiveTimeConstantGain = gain
                s.adaptiveTimeConstantRangeSeconds = range
                row += BroadReport.pad(mean(s), 8)
            }
            print(row)
        }
        var fixed = "fixed tau   "
        for tau in [1.0, 2, 3, 4, 6] {
            var s = base
            s.adaptiveTimeConstant = false
            s.accTimeConstantSeconds = tau
            fixed += DecimalFormatting.string(tau, fractionDigits: 0) + " s: " + mean(s) + "  "
        }
        print(fixed)
    }
}

/// A missing or unreadable BROAD folder (reported without the usage text).
struct BroadDataError: Error, CustomStringConvertible {
    var description: String
}

/// Where the BROAD traces are.
enum BroadData {
    static let relativePath = "shared/data/broad"

    /// `explicit` if given; otherwise `../shared/data/broad` (and `shared/data/broad`)
    /// relative to the current directory and each parent.
    static func folder(explicit: String?) throws -> String {
        let fm = FileManager.default
        if let explicit {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: explicit, isDirectory: &isDir), isDir.boolValue else {
                throw BroadDataError(description: "BROAD data folder not found: \(explicit)")
            }
            return explicit
        }
        var dir = URL(fileURLWithPath: fm.currentDirectoryPath).standardizedFileURL
        while true {
            for candidate in ["../" + relativePath, relativePath] {
                let path = dir.appendingPathComponent(candidate).standardizedFileURL.path
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { return path }
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        throw BroadDataError(description: "BROAD data not found: no ../\(relativePath) above \(fm.currentDirectoryPath); pass --data DIR")
    }

    static func traceFiles(in folder: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw BroadDataError(description: "cannot list \(folder): \(error.localizedDescription)")
        }
        let csv = names.filter { $0.hasSuffix(".csv") }.sorted()
        guard !csv.isEmpty else { throw BroadDataError(description: "no .csv traces in \(folder)") }
        return csv
    }
}

/// One estimator's result on one trace.
struct BroadScore {
    var samples = 0
    var error = InclinationError()

    static func run<E: TiltEstimator>(_ estimator: E, on trace: Trace) -> BroadScore {
        var estimator = estimator
        var score = BroadScore()
        var last: Double?
        for record in trace.records {
            let t = record.sample.timeSeconds
            estimator.update(accelG: record.sample.accelG, gyroDegreesPerSecond: record.sample.gyroDegreesPerSecond,
                             dtSeconds: last.map { max(0, t - $0) } ?? 0)
            last = t
            score.samples += 1
            if record.moving == true, let truth = record.trueUp {
                score.error.add(estimate: estimator.up, truth: truth)
            }
        }
        return score
    }
}

enum BroadReport {
    static let header = pad("trial", 36) + pad("samples", 9) + pad("moving", 8) + pad("RMSE", 7) + pad("max", 7)
        + pad("baseline RMSE", 14) + "baseline max"

    static func row(name: String, filter: BroadScore, baseline: BroadScore) -> String {
        pad(name, 36) + pad(String(filter.samples), 9) + pad(String(filter.error.count), 8)
            + pad(DecimalFormatting.string(filter.error.rmseDegrees, fractionDigits: 3), 7)
            + pad(DecimalFormatting.string(filter.error.maximumDegrees, fractionDigits: 2), 7)
            + pad(DecimalFormatting.string(baseline.error.rmseDegrees, fractionDigits: 3), 14)
            + DecimalFormatting.string(baseline.error.maximumDegrees, fractionDigits: 2)
    }

    static func meanRow(filterMean: Double, baselineMean: Double) -> String {
        pad("mean", 36 + 9 + 8) + pad(DecimalFormatting.string(filterMean, fractionDigits: 3), 7) + pad("", 7)
            + DecimalFormatting.string(baselineMean, fractionDigits: 3)
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
