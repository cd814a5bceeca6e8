import Foundation
import PostureConfig
import PostureCore
import PostureSimulator
import Testing
@testable import PostureEvaluation

/// `posture score LABELS EVENTS`: events written by the replay engine, read back by the codec.
@Suite struct ScoreFromFilesTests {
    func walkingScenario() -> SimulatedScenario {
        var options = SimulationOptions()
        options.sampleRateHz = 50
        return ScenarioSimulator.generate(.walking, seed: 1, options: options)
    }

    @Test func replayedEventsReadBackScoreLikeTheDirectRun() throws {
        let scenario = walkingScenario()
        var out = StringReplayOutput()
        ReplayEngine.run(trace: scenario.trace, settings: defaults, emit: .events, into: &out)
        let events = try EventJSONCodec.decodeLines(out.text)
        let direct = ScenarioRun.replay(scenario, settings: defaults)
        #expect(!events.isEmpty)
        #expect(events.map(\.name) == direct.events.map(\.name))
        #expect(events.map { $0.jsonLine() } == direct.events.map { $0.jsonLine() })
        let fromFile = ScenarioRun(events: events, durationSeconds: scenario.labels.durationSeconds)
        #expect(!fromFile.activity.isEmpty)
        var tally = ScoreTally()
        tally.add(fromFile, labels: scenario.labels, settings: defaults)
        #expect(tally.activity.seconds > 0)
        #expect(Double(tally.activity.correct) >= 0.8 * Double(tally.activity.seconds))
    }

    /// A walking scenario has no holds: the hold target is n/a, never MISSED.
    @Test func scenarioWithoutHoldsDoesNotMissTheHoldTarget() throws {
        let scenario = walkingScenario()
        #expect(scenario.labels.holds.isEmpty)
        var out = StringReplayOutput()
        ReplayEngine.run(trace: scenario.trace, settings: defaults, emit: .events, into: &out)
        var tally = ScoreTally()
        tally.add(ScenarioRun(events: try EventJSONCodec.decodeLines(out.text), durationSeconds: scenario.labels.durationSeconds),
                  labels: scenario.labels, settings: defaults)
        let report = tally.report(title: "walking")
        let row = try #require(report.row(named: "hold |duration error| median/max"))
        #expect(row.verdict == .notApplicable)
        let line = try #require(report.text.split(separator: "\n").first { $0.hasPrefix("hold |duration error|") })
        #expect(!line.contains("MISSED") && line.hasSuffix("n/a"))
    }

    @Test func eventsFileErrorsNameThePathLineAndField() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-eval-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("events.jsonl").path
        try (#"{"t":1.000,"event":"posture","state":"upright"}"# + "\n" + #"{"t":2,"event":"slouch_alert"}"# + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: EventsFileError.self) { try EventsFile.read(path: path) }
        do {
            _ = try EventsFile.read(path: path)
        } catch {
            #expect(error.description == "\(path):2: field \"slouched_s\": missing")
        }
        try (#"{"t":1.000,"event":"posture","state":"upright"}"# + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try EventsFile.read(path: path) == [.posture(at: 1, state: .upright)])
        let missing = dir.appendingPathComponent("none.jsonl").path
        do {
            _ = try EventsFile.read(path: missing)
            Issue.record("read a missing file")
        } catch {
            #expect(error.description == "\(missing): cannot read the events file: No such file or directory")
        }
    }
}
