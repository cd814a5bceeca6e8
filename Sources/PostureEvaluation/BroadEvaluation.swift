import Foundation
import PostureCore
import PostureTrace
import TiltEstimation

/// A missing or unreadable BROAD folder (reported without the usage text).
public struct BroadDataError: Error, CustomStringConvertible {
    public var description: String
}

/// Where the BROAD traces are.
public enum BroadData {
    public static let relativePath = "shared/data/broad"

    /// `explicit` if given; otherwise `../shared/data/broad` (and `shared/data/broad`)
    /// relative to the current directory and each parent.
    public static func folder(explicit: String?) throws -> String {
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

    public static func traceFiles(in folder: String) throws -> [String] {
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
public struct BroadScore: Sendable {
    public var samples = 0
    public var error = InclinationError()

    public init() {}

    public static func run<E: TiltEstimator>(_ estimator: E, on trace: Trace) -> BroadScore {
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

public enum BroadReport {
    public static let header = pad("trial", 36) + pad("samples", 9) + pad("moving", 8) + pad("RMSE", 7) + pad("max", 7)
        + pad("baseline RMSE", 14) + "baseline max"

    public static func row(name: String, filter: BroadScore, baseline: BroadScore) -> String {
        pad(name, 36) + pad(String(filter.samples), 9) + pad(String(filter.error.count), 8)
            + pad(DecimalFormatting.string(filter.error.rmseDegrees, fractionDigits: 3), 7)
            + pad(DecimalFormatting.string(filter.error.maximumDegrees, fractionDigits: 2), 7)
            + pad(DecimalFormatting.string(baseline.error.rmseDegrees, fractionDigits: 3), 14)
            + DecimalFormatting.string(baseline.error.maximumDegrees, fractionDigits: 2)
    }

    public static func meanRow(filterMean: Double, baselineMean: Double) -> String {
        pad("mean", 36 + 9 + 8) + pad(DecimalFormatting.string(filterMean, fractionDigits: 3), 7) + pad("", 7)
            + DecimalFormatting.string(baselineMean, fractionDigits: 3)
    }

    public static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
