import Foundation
import PostureCore
import PosturePipeline
import PostureTrace

/// Activity on real people: UCI HAPT runs (a waist-worn phone at 50 Hz, `X.csv.gz` with
/// `X.labels.gz`: line 1 `# forward_axis ±A`, then one label per sample, `-` for a
/// transition, not scored) replayed with `placement = lower_back` and the calibrate marker in
/// a standing bout. One global configuration: only the forward axis comes from each run.
public struct HaptScore: Sendable {
    public static let classes: [ActivityState] = [.sitting, .standing, .walking, .lying]
    /// counts[true][reported].
    public var counts: [ActivityState: [ActivityState: Int]] = [:]
    public var runs = 0

    public init() {}

    public var total: Int { counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    public var correct: Int { counts.reduce(0) { $0 + ($1.value[$1.key] ?? 0) } }

    public func recall(_ c: ActivityState) -> (Int, Int) {
        let row = counts[c] ?? [:]
        return (row[c] ?? 0, row.values.reduce(0, +))
    }

    /// The runs in `folder` (names without `.csv.gz`), sorted; empty when there are none.
    public static func runs(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".csv.gz") }.map { String($0.dropLast(7)) }.sorted()
    }

    /// Replays one run and adds its labelled samples.
    public mutating func add(run: String, folder: String, settings base: PipelineSettings) throws(HaptError) {
        let labelPath = folder + "/" + run + ".labels.gz"
        let lines = String(decoding: try Self.gunzip(labelPath), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("# forward_axis "),
              let axis = SignedAxis(String(first.dropFirst("# forward_axis ".count))) else {
            throw HaptError("\(labelPath):1: expected `# forward_axis ±A`")
        }
        var labels: [ActivityState?] = []
        for (i, line) in lines.dropFirst().enumerated() where !line.isEmpty {
            if line == "-" { labels.append(nil); continue }
            guard let state = ActivityState(rawValue: String(line)), Self.classes.contains(state) else {
                throw HaptError("\(labelPath):\(i + 2): unknown label `\(line)`")
            }
            labels.append(state)
        }
        let tracePath = folder + "/" + run + ".csv.gz"
        let trace: Trace
        do { trace = try TraceReader.parse(bytes: try Self.gunzip(tracePath), file: run + ".csv.gz") } catch let e as HaptError {
            throw e
        } catch { throw HaptError("\(tracePath): \(error)") }
        guard trace.records.count == labels.count else {
            throw HaptError("\(run): \(trace.records.count) samples but \(labels.count) labels")
        }
        var settings = base
        settings.sensor.forwardAxis = axis
        settings.sensor.placement = .lowerBack
        settings.calibration.activityAtCalibration = .standing
        var pipeline = PosturePipeline(settings: settings)
        var events: [PostureEvent] = []
        for (record, label) in zip(trace.records, labels) {
            events.removeAll(keepingCapacity: true)
            pipeline.process(record.sample, action: record.marker, events: &events)
            if let label { counts[label, default: [:]][pipeline.state.activity, default: 0] += 1 }
        }
        runs += 1
    }

    static func gunzip(_ path: String) throws(HaptError) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw HaptError("cannot run gzip for \(path): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw HaptError("gzip -dc \(path) failed") }
        return [UInt8](data)
    }

    /// Accuracy and per-class recall with the targets (accuracy ≥ 0.95, sitting and
    /// standing ≥ 0.90, walking and lying ≥ 0.95).
    public func report(title: String) -> ScoreReport {
        var rows: [ScoreRow] = [.ratio("HAPT activity accuracy (per sample)", correct, of: total, atLeast: 0.95)]
        for c in Self.classes {
            let (n, of) = recall(c)
            rows.append(.ratio("HAPT \(c.rawValue) recall", n, of: of, atLeast: c == .sitting || c == .standing ? 0.90 : 0.95))
        }
        var report = ScoreReport(title: title, scenarios: runs, simulatedSeconds: 0, rows: rows)
        report.header = "posture score: \(title), \(runs) runs, \(total) labelled samples"
        return report
    }

    /// The confusion matrix, rows true, columns reported.
    public var table: String {
        let columns = Self.classes + [.unknown]
        func cell(_ s: String) -> String { s.padded(to: 9) }
        var text = "true \\ reported  " + columns.map { cell($0.rawValue) }.joined(separator: " ") + "\n"
        for c in Self.classes {
            let row = counts[c] ?? [:]
            text += c.rawValue.padded(to: 16) + "  " + columns.map { cell(String(row[$0] ?? 0)) }.joined(separator: " ") + "\n"
        }
        return text
    }
}

public struct HaptError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
