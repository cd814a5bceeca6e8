import Foundation
import PostureConfig
import PostureCore
import PostureEvaluation
import PostureTrace
import Testing

/// Golden regression tests: every trace under Traces/ is replayed through `ReplayEngine`
/// (the code path of `posture replay`) and its output must equal the stored expectation
/// byte for byte: `NAME.expected.jsonl` (events) and, where present,
/// `NAME.expected-samples.csv` (`--emit samples`).
///
/// After an intended change of behaviour, regenerate and review the diff:
///     POSTURE_REGENERATE_GOLDEN=1 swift test --filter GoldenTests
///     git diff Tests/GoldenTests/Traces
@Suite struct GoldenTests {
    /// One golden trace: its name (Traces/NAME.csv), button presses as `posture replay --press`
    /// would give them, and whether the per-sample output is checked too.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var presses: [TimedAction] = []
        var checkSamples = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Desk work: calibration, fidgets, a slouch long enough for an alert.
        Case(name: "desk-slouch"),
        // A stretch break: stand up, back extensions, side bends, a fold, seated twists, jerks.
        Case(name: "stretch-holds"),
        // Stand up, walk, stand, walk: activity changes.
        Case(name: "walking"),
        // Real sensor data (BROAD, CC-BY-4.0): a hand-held IMU turned slowly; calibrated at 29 s.
        Case(name: "broad-slow-rotation", presses: [TimedAction(timeSeconds: 29, action: .calibrate)],
             checkSamples: true),
    ]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Traces").path

    static var regenerating: Bool { ProcessInfo.processInfo.environment["POSTURE_REGENERATE_GOLDEN"] == "1" }

    @Test(arguments: cases)
    func replayMatchesExpectation(_ golden: Case) throws {
        let base = Self.directory + "/" + golden.name
        let trace = try TraceReader.read(path: base + ".csv")
        // An optional NAME.toml configures the replay; defaults otherwise.
        var settings = PostureConfiguration().pipeline
        if FileManager.default.fileExists(atPath: base + ".toml") {
            settings = try PostureConfiguration.load(path: base + ".toml").pipeline
        }
        var events = StringReplayOutput()
        ReplayEngine.run(trace: trace, settings: settings, presses: golden.presses, emit: .events, into: &events)
        try check(events.text, against: base + ".expected.jsonl")
        if golden.checkSamples {
            var samples = StringReplayOutput()
            ReplayEngine.run(trace: trace, settings: settings, presses: golden.presses, emit: .samples, into: &samples)
            try check(samples.text, against: base + ".expected-samples.csv")
        }
    }

    @Test func everyTraceHasACase() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory)
        let traces = files.filter { $0.hasSuffix(".csv") && !$0.contains(".expected") }.map { String($0.dropLast(4)) }
        #expect(Set(traces) == Set(Self.cases.map(\.name)), "each Traces/NAME.csv needs an entry in GoldenTests.cases")
    }

    @Test func tracesStaySmall() throws {
        var total = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.directory) {
            let attributes = try FileManager.default.attributesOfItem(atPath: Self.directory + "/" + file)
            total += (attributes[.size] as? Int) ?? 0
        }
        #expect(total < 2_000_000, "golden traces total \(total) bytes: keep them under 2 MB")
    }

    /// Compares `actual` with the file (or rewrites it when regenerating); a mismatch names the
    /// first differing line with both versions.
    func check(_ actual: String, against path: String) throws {
        if Self.regenerating {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("missing \(path): run POSTURE_REGENERATE_GOLDEN=1 swift test --filter GoldenTests")
            return
        }
        if expected == actual { return }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = (0..<min(e.count, a.count)).first(where: { e[$0] != a[$0] }) ?? min(e.count, a.count)
        let name = (path as NSString).lastPathComponent
        Issue.record("""
            \(name) differs at line \(firstDifference + 1) (expected \(e.count) lines, got \(a.count)):
              expected: \(firstDifference < e.count ? String(e[firstDifference]) : "<end of file>")
              actual:   \(firstDifference < a.count ? String(a[firstDifference]) : "<end of output>")
            If the change is intended: POSTURE_REGENERATE_GOLDEN=1 swift test --filter GoldenTests
            """)
    }
}
