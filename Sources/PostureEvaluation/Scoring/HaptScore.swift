import Foundation
import PostureCore
import PosturePipeline
import PostureTrace

/// One UCI HAPT run (a waist-worn phone at 50 Hz): `X.csv.gz`, the trace with its `# mounting:`
/// line, and `X.labels.gz`: line 1 `# forward_axis ±A`, then one label per sample, `-` for a
/// transition (not scored).
public struct HaptRun: Sendable {
    public var name: String
    /// The volunteer (1-15), from the name's `_userNN`.
    public var user: Int
    public var records: [TraceRecord]
    /// One per record.
    public var labels: [ActivityState?]
    /// From the trace's `# mounting:` line.
    public var mounting: TraceMounting?

    public static func load(_ name: String, folder: String) throws(HaptError) -> HaptRun {
        let labelPath = folder + "/" + name + ".labels.gz"
        let lines = String(decoding: try gunzip(labelPath), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("# forward_axis "),
              let axis = SignedAxis(String(first.dropFirst("# forward_axis ".count))) else {
            throw HaptError("\(labelPath):1: expected `# forward_axis ±A`")
        }
        var labels: [ActivityState?] = []
        for (i, line) in lines.dropFirst().enumerated() where !line.isEmpty {
            if line == "-" { labels.append(nil); continue }
            guard let state = ActivityState(rawValue: String(line)), HaptScore.classes.contains(state) else {
                throw HaptError("\(labelPath):\(i + 2): unknown label `\(line)`")
            }
            labels.append(state)
        }
        let tracePath = folder + "/" + name + ".csv.gz"
        let trace: Trace
        do { trace = try TraceReader.read(path: tracePath) } catch { throw HaptError(error.description) }
        guard trace.records.count == labels.count else {
            throw HaptError("\(name): \(trace.records.count) samples but \(labels.count) labels")
        }
        let mounting = trace.metadataValue("mounting").flatMap { TraceMounting(metadata: $0) }
        guard mounting?.forwardAxis == axis else {
            throw HaptError("\(tracePath): '# mounting:' does not name the labels' forward axis \(axis)")
        }
        let user = name.range(of: "_user").flatMap { Int(name[$0.upperBound...]) } ?? 0
        return HaptRun(name: name, user: user, records: trace.records, labels: labels, mounting: mounting)
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
}

/// Activity on real people: HAPT runs replayed as a user replays a belt-clip recording, with one
/// global configuration: the placement and forward axis come from each trace's `# mounting:`
/// line (where the configuration does not set them), so lower_back, calibrated standing.
/// Counts per sample, rows the true label, columns the reported state.
public struct HaptScore: Sendable {
    public static let classes: [ActivityState] = [.sitting, .standing, .walking, .lying]
    /// The copy in the repository (relative to its root), so CI always scores it.
    public static let repositoryFolder = "Tests/Data/hapt"
    /// counts[true][reported].
    public var counts: [ActivityState: [ActivityState: Int]] = [:]
    public var runs = 0

    public init() {}

    public var total: Int { counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    public var correct: Int { counts.reduce(0) { $0 + ($1.value[$1.key] ?? 0) } }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    public func recall(_ c: ActivityState) -> (Int, Int) {
        let row = counts[c] ?? [:]
        return (row[c] ?? 0, row.values.reduce(0, +))
    }

    public func recallFraction(_ c: ActivityState) -> Double {
        let (n, of) = recall(c)
        return of == 0 ? 0 : Double(n) / Double(of)
    }

    /// The runs in `folder` (names without `.csv.gz`), sorted; empty when there are none.
    public static func runs(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".csv.gz") }.map { String($0.dropLast(7)) }.sorted()
    }

    public mutating func add(_ other: HaptScore) {
        for (truth, row) in other.counts { for (reported, n) in row { counts[truth, default: [:]][reported, default: 0] += n } }
        runs += other.runs
    }

    /// Replays one run (its records as they are: tests resample or jitter them) and counts its
    /// labelled samples. `explicit`: the keys the configuration set, which the mounting leaves.
    public static func score(_ run: HaptRun, settings base: PipelineSettings,
                             explicit: TraceMounting.ExplicitKeys = []) -> HaptScore {
        var settings = base
        _ = run.mounting?.adopt(into: &settings, explicit: explicit)
        var pipeline = PosturePipeline(settings: settings)
        var events: [PostureEvent] = []
        var score = HaptScore()
        for (record, label) in zip(run.records, run.labels) {
            events.removeAll(keepingCapacity: true)
            pipeline.process(record.sample, action: record.marker, events: &events)
            if let label { score.counts[label, default: [:]][pipeline.state.activity, default: 0] += 1 }
        }
        score.runs = 1
        return score
    }

    /// Loads and replays one run from `folder`; returns its own score and adds it here.
    @discardableResult
    public mutating func add(run name: String, folder: String, settings: PipelineSettings,
                             explicit: TraceMounting.ExplicitKeys = []) throws(HaptError) -> HaptScore {
        let one = Self.score(try HaptRun.load(name, folder: folder), settings: settings, explicit: explicit)
        add(one)
        return one
    }

    /// One line: accuracy and each class's recall.
    public func summary(_ title: String) -> String {
        "\(title): accuracy \(Self.fraction(accuracy))" + Self.classes.map { " \($0.rawValue) \(Self.fraction(recallFraction($0)))" }.joined()
    }

    static func fraction(_ x: Double) -> String { DecimalFormatting.string(x, fractionDigits: 3) }

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
