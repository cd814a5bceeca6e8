import Foundation
import Testing

/// `posture score LABELS EVENTS` as a user runs it: simulate, replay, score.
@Suite struct ScoreCommandLineTests {
    static let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-score-cli-\(getpid())")

    /// A walking scenario has no holds: the hold target is n/a, not MISSED, and the score passes.
    @Test func scenarioWithoutHoldsPasses() throws {
        try FileManager.default.createDirectory(at: Self.dir, withIntermediateDirectories: true)
        let trace = Self.dir.appendingPathComponent("walk.csv").path
        let labels = Self.dir.appendingPathComponent("walk.labels.json").path
        let events = Self.dir.appendingPathComponent("walk.jsonl").path
        let simulated = try PostureProcess.run(["simulate", "walking", "--seed", "1", "--rate", "50", "-o", trace])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let replayed = try PostureProcess.run(["replay", trace])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(!replayed.stdout.isEmpty)
        try replayed.stdout.write(toFile: events, atomically: true, encoding: .utf8)
        let scored = try PostureProcess.run(["score", labels, events])
        let holdLine = scored.stdout.split(separator: "\n").first { $0.hasPrefix("hold |duration error|") }
        #expect(holdLine?.hasSuffix("n/a") == true, "\(scored.stdout)")
        #expect(!scored.stdout.contains("MISSED"), "\(scored.stdout)")
        #expect(scored.stdout.hasSuffix("all targets met\n"))
        #expect(scored.status == 0, "\(scored.stdout)\(scored.stderr)")
    }

    @Test func badEventsFileNamesPathLineAndField() throws {
        try FileManager.default.createDirectory(at: Self.dir, withIntermediateDirectories: true)
        let trace = Self.dir.appendingPathComponent("bad.csv").path
        let labels = Self.dir.appendingPathComponent("bad.labels.json").path
        let events = Self.dir.appendingPathComponent("bad.jsonl").path
        #expect(try PostureProcess.run(["simulate", "walking", "--seed", "2", "--rate", "50", "-o", trace]).status == 0)
        try "{\"t\":1.000,\"event\":\"activity\",\"state\":\"sitting\"}\n{\"t\":2.000,\"event\":\"hold_end\",\"duration_s\":\"long\"}\n"
            .write(toFile: events, atomically: true, encoding: .utf8)
        let scored = try PostureProcess.run(["score", labels, events])
        #expect(scored.status != 0)
        #expect(scored.stdout.isEmpty)
        #expect(scored.stderr == "posture: \(events):2: field \"duration_s\": expected a number, got a string\n", "\(scored.stderr)")
    }
}
