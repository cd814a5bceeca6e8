import Foundation
import PostureControl
import PostureCore
@testable import PostureDaemon
import SystemSupport
import Testing

/// state.json values that decode but would trap later (issue 14) are refused and moved aside.
@Suite("Hostile state files")
struct HostileStateTests {
    @Test(arguments: [
        #"{"version": 1, "counters": {}, "snooze_until": 9.3e18}"#,
        #"{"version": 1, "counters": {}, "calibrated_at": 1e300}"#,
        #"{"version": 1, "counters": {"2026-12-01": {"slouch_alerts": 9223372036854775807}}}"#,
        #"{"version": 1, "counters": {"2026-12-01": {"slouched_s": 1e308}}}"#,
        #"{"version": 1, "counters": {"2026-12-01": {"calibrations": -1}}}"#,
    ])
    func outOfRangeValuesAreRefusedAndMovedAside(json: String) throws {
        let dir = temporaryDirectory()
        try Data(json.utf8).write(to: URL(fileURLWithPath: dir + "/state.json"))
        let (state, outcome) = StateStore(directory: dir).load()
        guard case .corrupt(let detail, let movedTo) = outcome else {
            Issue.record("accepted \(json)")
            return
        }
        #expect(detail.contains("out of range"))
        #expect(movedTo == dir + "/state.json.corrupt")
        #expect(state == PersistedState())
    }

    @Test func validCountersStillLoad() throws {
        let dir = temporaryDirectory()
        try Data(#"{"version": 1, "snooze_until": 1e9, "counters": {"2026-12-01": {"slouched_s": 3600, "holds": 12}}}"#.utf8)
            .write(to: URL(fileURLWithPath: dir + "/state.json"))
        let (state, outcome) = StateStore(directory: dir).load()
        #expect(outcome == .loaded)
        #expect(state.counters["2026-12-01"]?.holds == 12)
    }

    /// `snooze_until: 1e15` (year 31 million) is not a permanent snooze.
    @Test func farSnoozeIsShortenedToTheLongestOneAUserCanSet() throws {
        let dir = temporaryDirectory()
        try Data(#"{"version": 1, "counters": {}, "snooze_until": 1e15}"#.utf8).write(to: URL(fileURLWithPath: dir + "/state.json"))
        let clock = ManualClock()
        let h = try DaemonHarness(records: Motion.records([(3, 0)]), stateDirectory: dir, clock: clock)
        let until = try #require(h.service.nudger.snoozeUntilWall)
        #expect(until <= clock.wallSeconds + ControlCommand.snoozeSecondsRange.upperBound)
        #expect(until > clock.wallSeconds)
        h.service.shutdown()
    }
}
