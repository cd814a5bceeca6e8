import PostureCore

/// One line of the `posture score` table.
public struct ScoreRow: Equatable, Sendable {
    public enum Verdict: Equatable, Sendable {
        /// Shown for information; no target.
        case info
        case met
        case missed
        /// The target has nothing to measure here (no labels of its kind): neither met nor missed.
        case notApplicable
    }

    public var name: String
    public var value: String
    /// The target as shown (empty for information rows).
    public var target: String
    public var verdict: Verdict

    public init(name: String, value: String, target: String = "", verdict: Verdict = .info) {
        self.name = name
        self.value = value
        self.target = target
        self.verdict = verdict
    }

    static func info(_ name: String, _ value: String) -> ScoreRow { ScoreRow(name: name, value: value) }

    /// A ratio with a minimum: `count` of `total` right. Nothing to measure (total 0) is n/a.
    static func ratio(_ name: String, _ count: Int, of total: Int, atLeast target: Double) -> ScoreRow {
        let targetText = ">= \(fmt(target, 2))"
        guard total > 0 else { return ScoreRow(name: name, value: "n/a (0/0)", target: targetText, verdict: .notApplicable) }
        let r = Double(count) / Double(total)
        return ScoreRow(name: name, value: "\(fmt(r, 3)) (\(count)/\(total))", target: targetText, verdict: r >= target ? .met : .missed)
    }

    /// An information ratio: "0.950 (19/20)", or "n/a (0/0)".
    static func ratioText(_ count: Int, of total: Int) -> String {
        total > 0 ? "\(fmt(Double(count) / Double(total), 3)) (\(count)/\(total))" : "n/a (0/0)"
    }

    /// An information fraction without the counts: "0.950", or "n/a".
    static func fractionText(_ count: Int, of total: Int) -> String {
        total > 0 ? fmt(Double(count) / Double(total), 3) : "n/a"
    }
}

/// The `posture score` table and whether every target was met.
public struct ScoreReport: Equatable, Sendable {
    public var title: String
    public var scenarios: Int
    public var simulatedSeconds: Double
    public var rows: [ScoreRow]
    /// Replaces the first line (for tables not made of simulated scenarios).
    public var header: String?

    public init(title: String, scenarios: Int, simulatedSeconds: Double, rows: [ScoreRow]) {
        self.title = title
        self.scenarios = scenarios
        self.simulatedSeconds = simulatedSeconds
        self.rows = rows
    }

    /// No target missed (n/a rows do not count against it).
    public var allTargetsMet: Bool { !rows.contains { $0.verdict == .missed } }

    public func row(named name: String) -> ScoreRow? { rows.first { $0.name == name } }

    public var text: String {
        let width = rows.map(\.name.count).max() ?? 10
        let valueWidth = rows.map(\.value.count).max() ?? 10
        var text = header.map { $0 + "\n" }
            ?? "posture score: \(title), \(scenarios) scenarios, \(fmt(simulatedSeconds / 3600, 1)) h simulated\n"
        for row in rows {
            text += row.name.padded(to: width) + "  " + row.value.padded(to: valueWidth) + "  " + row.target.padded(to: 10)
            switch row.verdict {
            case .info: break
            case .met: text += "  ok"
            case .missed: text += "  MISSED"
            case .notApplicable: text += "  n/a"
            }
            text += "\n"
        }
        let missed = rows.filter { $0.verdict == .missed }.map(\.name)
        text += missed.isEmpty ? "all targets met\n" : "some targets missed: \(missed.joined(separator: ", "))\n"
        return text
    }
}

extension String {
    func padded(to n: Int) -> String {
        count >= n ? self : self + String(repeating: " ", count: n - count)
    }
}

func fmt(_ x: Double, _ digits: Int) -> String { DecimalFormatting.string(x, fractionDigits: digits) }

/// The median (0 for no values: shown as information only).
func median(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return 0 }
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Length of the overlap of [a0, a1] and [b0, b1] (0 when apart).
func overlap(_ a0: Double, _ a1: Double, _ b0: Double, _ b1: Double) -> Double { max(0, min(a1, b1) - max(a0, b0)) }
