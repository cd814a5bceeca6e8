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
            (mean RMSE): VQF 0.56°, BasicVQF 0.87°.
            """)

    @Option(name: .long, help: "Folder of BROAD traces (default: shared/data/broad found from the current directory upwards).")
    var data: String?

    @Option(name: .customLong("output-lead-ms"),
            help: "Latency compensation of the filter's output, milliseconds (TiltFilterSettings.outputLeadSeconds; default 0).")
    var outputLeadMilliseconds: Double = 0

    func validate() throws {
        guard outputLeadMilliseconds.isFinite, (0...100).contains(outputLeadMilliseconds) else {
            throw ValidationError("--output-lead-ms must be between 0 and 100, got \(outputLeadMilliseconds)")
        }
    }

    func run() throws {
        var settings = TiltFilterSettings()
        settings.outputLeadSeconds = outputLeadMilliseconds / 1000
        let folder = try BroadData.folder(explicit: data)
        let files = try BroadData.traceFiles(in: folder)
        print("BROAD trials in \(folder): inclination error, degrees, over samples with moving == 1 and true_up")
        if settings.outputLeadSeconds > 0 {
            print("TiltFilter output predicted \(DecimalFormatting.string(outputLeadMilliseconds, fractionDigits: 2)) ms ahead")
        }
        print(BroadReport.header)
        var filterSum = 0.0, baselineSum = 0.0
        for file in files {
            let trace = try TraceReader.read(path: folder + "/" + file)
            let filter = BroadScore.run(TiltFilter(settings: settings), on: trace)
            let baseline = BroadScore.run(ComplementaryTiltEstimator(), on: trace)
            filterSum += filter.error.rmseDegrees
            baselineSum += baseline.error.rmseDegrees
            print(BroadReport.row(name: String(file.dropLast(4)), filter: filter, baseline: baseline))
        }
        let n = Double(files.count)
        print(BroadReport.meanRow(filterMean: filterSum / n, baselineMean: baselineSum / n))
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
