import Foundation
import GRDB
import PostureCoaching
import PostureControl
import PostureCore
@testable import PostureDaemon
import SystemSupport
import Testing

@Suite("History: years of stats, foreign databases")
struct HistoryPagingTests {
    /// `days` stored days ending the day before `today`, newest first; counter `jerks` = days back.
    static func storeYears(_ path: String, today: String, days: Int) throws -> [String] {
        let history = try HistoryStore(path: path)
        let calendar = LocalCalendar(utcOffsetSeconds: 0)
        let todayStart = try #require(Self.wallSeconds(of: today))
        var counters: [String: DailyCounters] = [:]
        var keys: [String] = []
        for back in 1...days {
            let day = calendar.dayKey(todayStart - Double(back) * 86400 + 3600)
            var c = DailyCounters()
            c.jerks = back
            c.slouchedSeconds = Double(back % 97) * 60
            counters[day] = c
            keys.append(day)
        }
        try history.flush(counters: counters)
        return keys
    }

    static func wallSeconds(of day: String) -> Double? {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.date(from: day)?.timeIntervalSince1970
    }

    @Test func tenYearsOfStatsArriveWholeInPagesOverTheSocket() throws {
        let dir = temporaryDirectory()
        let clock = ManualClock(monotonicSeconds: 1000)
        let today = LocalCalendar(utcOffsetSeconds: 0).dayKey(clock.wallSeconds)
        let stored = try Self.storeYears(dir + "/history.sqlite", today: today, days: 3700)
        let h = try DaemonHarness(records: ServiceTests.slouchEpisode(), stateDirectory: dir, clock: clock)
        h.run(until: 2)
        let server = try ControlServer(path: dir + "/c.sock", mode: 0o600)
        defer { server.shutdown() }
        let results = ResultBox()
        let path = server.path
        let thread = Thread {
            results.append(Result { try ControlClient.send(.stats(days: 3650), socketPath: path) })
            results.done()
        }
        thread.start()
        var pageSizes: [Int] = []
        while !results.isDone {
            serveRound(server, now: 0, waitMilliseconds: 20) { command in
                let r = h.service.handle(command)
                pageSizes.append(r.stats?.count ?? 0)
                return r
            }
        }
        let answer = try #require(results.values.first).get()
        let days = try #require(answer.stats)
        #expect(answer.ok && answer.nextOffset == nil)
        #expect(days.count == 3650)
        // Today (live) first, then the stored days in order, none twice, none missing.
        #expect(days.first?.day == today)
        #expect(days.dropFirst().map(\.day) == Array(stored.prefix(3649)))
        #expect(days.dropFirst().map(\.counters.jerks) == Array(1...3649))
        // No answer cost more than a page.
        #expect(pageSizes.count == 37)
        #expect(pageSizes.max() == ControlCommand.statsPageDays)
    }

    @Test func pagesMergeLiveDaysOverStoredOnes() throws {
        let dir = temporaryDirectory()
        let clock = ManualClock(monotonicSeconds: 1000)
        let today = LocalCalendar(utcOffsetSeconds: 0).dayKey(clock.wallSeconds)
        let stored = try Self.storeYears(dir + "/history.sqlite", today: today, days: 5)
        let h = try DaemonHarness(records: ServiceTests.slouchEpisode(), stateDirectory: dir, clock: clock)
        h.run(until: 2)
        let first = h.service.statsPage(days: 6, offset: 0, pageDays: 4)
        #expect(first.days.map(\.day) == [today] + stored.prefix(3))
        #expect(first.nextOffset == 4)
        let second = h.service.statsPage(days: 6, offset: 4, pageDays: 4)
        #expect(second.days.map(\.day) == Array(stored[3..<5]))
        #expect(second.nextOffset == nil)
        // Fewer days than asked: the last page says so.
        #expect(h.service.statsPage(days: 100, offset: 0, pageDays: 100).days.count == 6)
        #expect(h.service.statsPage(days: 100, offset: 0, pageDays: 100).nextOffset == nil)
        // The whole list equals the unpaged one.
        #expect(h.service.stats(days: 6) == first.days + second.days)
    }

    @Test func aDatabaseOfAnotherSchemaIsMovedAsideAndAFreshOneStarted() throws {
        let dir = temporaryDirectory()
        let path = dir + "/history.sqlite"
        do {
            let other = try DatabaseQueue(path: path)
            try other.write { db in
                try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
                try db.execute(sql: "INSERT INTO notes (body) VALUES ('keep me')")
            }
        }
        let history = try HistoryStore(path: path)
        let aside = try #require(history.movedAsideTo)
        #expect(aside.hasPrefix(path + ".other-schema-"))
        #expect(history.movedAsideReason?.contains("another schema") == true)
        #expect(history.movedAsideReason?.contains("notes") == true)
        // The user's file is untouched where it went; the new history works.
        let kept = try DatabaseQueue(path: aside)
        #expect(try kept.read { try String.fetchOne($0, sql: "SELECT body FROM notes") } == "keep me")
        var c = DailyCounters()
        c.bounces = 2
        try history.flush(counters: ["2026-11-22": c])
        #expect(try history.dailyCounters(limit: 1).first?.counters.bounces == 2)
        // Opened again: ours now, nothing moved.
        #expect(try HistoryStore(path: path).movedAsideTo == nil)
    }

    @Test func aNewerOrChangedPostureSchemaIsMovedAsideToo() throws {
        let dir = temporaryDirectory()
        for (n, sql) in [
            "INSERT INTO grdb_migrations VALUES ('v9')",
            "ALTER TABLE daily RENAME COLUMN json TO counters",
        ].enumerated() {
            let path = dir + "/history-\(n).sqlite"
            _ = try HistoryStore(path: path)
            try DatabaseQueue(path: path).write { try $0.execute(sql: sql) }
            let reopened = try HistoryStore(path: path)
            #expect(reopened.movedAsideTo != nil)
            #expect(reopened.movedAsideReason?.contains(n == 0 ? "v9" : "daily") == true)
        }
        // An older posture's history (before the run table) is migrated, not moved.
        let old = dir + "/history-old.sqlite"
        _ = try HistoryStore(path: old)
        try DatabaseQueue(path: old).write { db in
            try db.execute(sql: "DROP TABLE run")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v2-runs'")
        }
        #expect(try HistoryStore(path: old).movedAsideTo == nil)
        #expect(try DatabaseQueue(path: old).read { try $0.tableExists("run") })
        // A file that is no database at all keeps its old name pattern.
        let junk = dir + "/junk.sqlite"
        try Data("not a database at all, just text\n".utf8).write(to: URL(fileURLWithPath: junk))
        let h = try HistoryStore(path: junk)
        #expect(h.movedAsideTo?.hasPrefix(junk + ".corrupt-") == true)
    }
}
