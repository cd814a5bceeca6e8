import Foundation
import PostureCoaching
import PostureControl
@testable import PostureDaemon
import Testing

/// The read-only history of `posture report`, `export` and offline `stats`: beside a writing daemon.
@Suite struct HistoryReaderTests {
    static func counters(slouched: Double) -> DailyCounters {
        var c = DailyCounters()
        c.slouchedSeconds = slouched
        return c
    }

    @Test func readerSeesTheWritersFlushesAndNeverBlocksThem() throws {
        let dir = temporaryDirectory()
        let store = try HistoryStore(path: dir + "/history.sqlite")
        store.append(PostureEventRecord(wallSeconds: 1000, day: "2026-11-23", name: "posture", json: #"{"t":1000.000,"event":"posture","state":"slouched"}"#))
        try store.flush(counters: ["2026-11-23": Self.counters(slouched: 12)])
        let offline = try OfflineHistory(stateDirectory: dir)
        var seen: [StoredEvent] = []
        // A read in progress while the daemon writes: WAL lets both go on.
        try offline.forEachEvent(from: "2026-11-23", to: "2026-11-24") { e in
            seen.append(e)
            store.append(PostureEventRecord(wallSeconds: 2000, day: "2026-11-24", name: "posture", json: #"{"t":2000.000,"event":"posture","state":"upright"}"#))
            try store.flush(counters: ["2026-11-24": Self.counters(slouched: 30)])
        }
        #expect(seen.map(\.name) == ["posture"])
        var after: [String] = []
        try offline.forEachEvent(from: "2026-11-23", to: "2026-11-24") { after.append($0.day) }
        #expect(after == ["2026-11-23", "2026-11-24"])
        // The same query as the daemon's stats, merged as the daemon merges them.
        let stats = try offline.stats(days: 7, today: "2026-11-24")
        #expect(stats.map(\.day) == ["2026-11-24", "2026-11-23"])
        #expect(stats.map(\.counters.slouchedSeconds) == [30, 12])
        #expect(try store.dailyCounters(limit: 7) == stats)
        #expect(try offline.counters(from: "2026-11-24", to: "2026-11-24").map(\.day) == ["2026-11-24"])
    }

    /// Each start of the daemon is a run; its end moves with each flush.
    @Test func runsOfTheDaemonAreRecorded() throws {
        let dir = temporaryDirectory()
        let store = try HistoryStore(path: dir + "/history.sqlite")
        try store.flush(counters: [:], runningUntilWall: 50)
        store.startRun(atWall: 100)
        try store.flush(counters: [:], runningUntilWall: 160)
        try store.flush(counters: [:], runningUntilWall: 220)
        store.startRun(atWall: 1000)
        try store.flush(counters: [:], runningUntilWall: 1300)
        let offline = try OfflineHistory(stateDirectory: dir)
        #expect(try offline.runs(fromWall: 0, toWall: 5000) == [100...220, 1000...1300])
        #expect(try offline.runs(fromWall: 500, toWall: 900) == [], "no run then: known, and empty")
    }

    @Test func stateFileCountersWinOverTheDatabase() throws {
        let dir = temporaryDirectory()
        let store = try HistoryStore(path: dir + "/history.sqlite")
        try store.flush(counters: ["2026-11-24": Self.counters(slouched: 30)])
        var state = PersistedState()
        state.counters = ["2026-11-24": Self.counters(slouched: 45)]
        try StateStore(directory: dir).save(state)
        let offline = try OfflineHistory(stateDirectory: dir)
        #expect(try offline.stats(days: 1, today: "2026-11-24").first?.counters.slouchedSeconds == 45)
        #expect(try offline.counters(from: "2026-11-01", to: "2026-11-30").first?.counters.slouchedSeconds == 45)
    }

    /// `sudo posture report` while the daemon is stopped must not leave root-owned -wal/-shm
    /// files that the daemon, as its own user, could not open.
    @Test func readingAClosedHistoryCreatesNoFiles() throws {
        let dir = temporaryDirectory()
        do {
            let store = try HistoryStore(path: dir + "/history.sqlite")
            try store.flush(counters: ["2026-11-24": Self.counters(slouched: 30)])
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/history.sqlite-shm"), "the writer cleaned up at close")
        do {
            let offline = try OfflineHistory(stateDirectory: dir)
            #expect(try offline.stats(days: 1, today: "2026-11-24").first?.counters.slouchedSeconds == 30)
        }
        for suffix in ["-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: dir + "/history.sqlite" + suffix), "\(suffix) left behind")
        }
    }

    @Test func missingHistoryIsAClearError() {
        let dir = temporaryDirectory()
        #expect(throws: HistoryStoreError.self) { try OfflineHistory(stateDirectory: dir + "/nowhere") }
        do {
            _ = try HistoryReader(path: dir + "/history.sqlite")
            Issue.record("no file, no reader")
        } catch {
            #expect("\(error)".contains(dir + "/history.sqlite"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/history.sqlite"), "a reader never creates the database")
    }
}
