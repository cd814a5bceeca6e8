import Foundation
import GRDB
import PostureCoaching
import PostureControl

/// The queries on history.sqlite, written once: the daemon's `HistoryStore` and the offline
/// readers (`posture stats` without the daemon, `posture report`, `posture export`) share them.
/// The tables are the ones `HistoryStore.migrate` defines.
public enum HistoryQueries {
    /// Stored counters of the most recent `days` days, newest first.
    public static func dailyCounters(_ db: Database, limit days: Int) throws -> [DayStats] {
        decode(try Row.fetchAll(db, sql: "SELECT day, json FROM daily ORDER BY day DESC LIMIT ?", arguments: [days]))
    }

    /// Stored counters of `day` and later days, newest first.
    public static func dailyCounters(_ db: Database, fromDay day: String) throws -> [DayStats] {
        decode(try Row.fetchAll(db, sql: "SELECT day, json FROM daily WHERE day >= ? ORDER BY day DESC", arguments: [day]))
    }

    /// Stored counters of days before `day`, newest first, `limit` of them after skipping `offset` (a page).
    public static func dailyCounters(_ db: Database, before day: String, offset: Int, limit: Int) throws -> [DayStats] {
        decode(try Row.fetchAll(db, sql: "SELECT day, json FROM daily WHERE day < ? ORDER BY day DESC LIMIT ? OFFSET ?",
                                arguments: [day, max(0, limit), max(0, offset)]))
    }

    /// Stored counters of the days `from...to` ("YYYY-MM-DD", inclusive), oldest first.
    public static func dailyCounters(_ db: Database, from: String, to: String) throws -> [DayStats] {
        decode(try Row.fetchAll(db, sql: "SELECT day, json FROM daily WHERE day >= ? AND day <= ? ORDER BY day",
                                arguments: [from, to]))
    }

    /// Events of the days `from...to`, oldest first, one call of `body` per event (a cursor:
    /// an export of months never holds them all in memory).
    public static func forEachEvent(_ db: Database, from: String, to: String,
                                    _ body: (StoredEvent) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT t, day, name, json FROM event WHERE day >= ? AND day <= ? ORDER BY t, id",
                                       arguments: [from, to])
        while let row = try rows.next() {
            guard let t: Double = row["t"], let day: String = row["day"], let name: String = row["name"],
                  let json: String = row["json"] else { continue }
            try body(StoredEvent(wallSeconds: t, day: day, name: name, json: json))
        }
    }

    /// When the daemon ran, overlapping `from...to` (wall seconds), oldest first; nil when the
    /// history predates the `run` table (written since the daemon's first start with it).
    public static func runs(_ db: Database, fromWall: Double, toWall: Double) throws -> [ClosedRange<Double>]? {
        guard try db.tableExists("run") else { return nil }
        let rows = try Row.fetchAll(db, sql: "SELECT start_t, end_t FROM run WHERE end_t >= ? AND start_t <= ? ORDER BY start_t",
                                    arguments: [fromWall, toWall])
        guard try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0 > 0 else { return nil }
        return rows.compactMap { row in
            guard let a: Double = row["start_t"], let b: Double = row["end_t"], a <= b else { return nil }
            return a...b
        }
    }

    /// Guided routines that ended on the days `from...to`, oldest first, and how many rows could
    /// not be read (a summary written by a version this one cannot read). None before the
    /// `routine_run` table (a history the daemon has not opened since).
    public static func routineRuns(_ db: Database, from: String, to: String) throws -> (runs: [RoutineRun], unreadable: Int) {
        guard try db.tableExists("routine_run") else { return ([], 0) }
        let rows = try Row.fetchAll(db, sql: "SELECT start_t, end_t, day, json FROM routine_run WHERE day >= ? AND day <= ? ORDER BY end_t, id",
                                    arguments: [from, to])
        let decoder = RoutineRun.decoder
        var runs: [RoutineRun] = []
        var unreadable = 0
        for row in rows {
            guard let start: Double = row["start_t"], let end: Double = row["end_t"], let day: String = row["day"],
                  let json: String = row["json"], let summary = try? decoder.decode(RoutineSummary.self, from: Data(json.utf8)) else {
                unreadable += 1
                continue
            }
            runs.append(RoutineRun(startWall: start, endWall: end, day: day, summary: summary))
        }
        return (runs, unreadable)
    }

    private static func decode(_ rows: [Row]) -> [DayStats] {
        let decoder = JSONDecoder()
        return rows.compactMap { row in
            guard let day: String = row["day"], let json: String = row["json"],
                  let c = try? decoder.decode(DailyCounters.self, from: Data(json.utf8)) else { return nil }
            return DayStats(day: day, counters: c)
        }
    }
}

/// One stored event: wall time, local day, name, its JSON line.
public struct StoredEvent: Sendable, Equatable {
    public var wallSeconds: Double
    public var day: String
    public var name: String
    public var json: String
}

/// history.sqlite opened read-only, for readers beside the daemon (or without it). WAL lets a
/// reader and the daemon's writer work at once; a reader never creates or migrates the file.
public final class HistoryReader {
    public let path: String
    private let queue: DatabaseQueue

    public init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw HistoryStoreError(description: "\(path): no history there yet")
        }
        guard access(path, R_OK) == 0 else {
            throw HistoryStoreError(description: "\(path): not readable by this user (uid \(getuid())): "
                + "run as the service user or root, or add yourself to its group")
        }
        do {
            queue = try Self.open(path)
        } catch {
            throw HistoryStoreError(description: "\(path): cannot be read: \(error)")
        }
    }

    /// Read-only open that leaves no file behind. SQLite gives a reader of a WAL database whose
    /// writer is gone new -wal and -shm files, owned by whoever reads (`sudo posture report`), and
    /// the daemon, running as its own user, could then no longer open its history. Without a
    /// writer (no -shm file) the database cannot change: it is read as immutable, creating nothing.
    private static func open(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        let target = FileManager.default.fileExists(atPath: path + "-shm") ? path
            : "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1"
        let queue = try DatabaseQueue(path: target, configuration: config)
        _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        return queue
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw HistoryStoreError(description: "\(path): \(error.message ?? error.description)")
        }
    }
}

/// What the offline readers show: the history plus state.json (today's and yesterday's counters
/// may be newer there than in the database), merged the way the daemon's `posture stats` does.
public struct OfflineHistory {
    public let stateDirectory: String
    public let history: HistoryReader?
    public let state: PersistedState?

    public var historyPath: String { stateDirectory + "/history.sqlite" }

    /// Opens what is there; fails only when neither the history nor the state file can be read.
    public init(stateDirectory: String) throws {
        self.stateDirectory = stateDirectory
        let historyPath = stateDirectory + "/history.sqlite"
        var historyError: Error?
        do { history = try HistoryReader(path: historyPath) } catch { history = nil; historyError = error }
        let store = StateStore(directory: stateDirectory)
        if let data = FileManager.default.contents(atPath: store.path) {
            state = try? JSONDecoder().decode(PersistedState.self, from: data)
        } else {
            state = nil
        }
        if history == nil && state == nil {
            throw HistoryStoreError(description: "no history in \(stateDirectory): \(historyError.map { "\($0)" } ?? "nothing there")")
        }
    }

    /// `posture stats --days N` as the daemon answers it (newest first, today always present).
    public func stats(days: Int, today: String) throws -> [DayStats] {
        let stored = try history?.read { db in try HistoryQueries.dailyCounters(db, limit: days) } ?? []
        var ledger = DailyLedger(day: today)
        ledger.restore(state?.counters ?? [:])
        return ledger.stats(days: days, stored: stored, openSittingBoutSeconds: 0)
    }

    /// Counters of the days `from...to`, oldest first; days without data are absent.
    public func counters(from: String, to: String) throws -> [DayStats] {
        var byDay: [String: DailyCounters] = [:]
        for d in try history?.read({ db in try HistoryQueries.dailyCounters(db, from: from, to: to) }) ?? [] {
            byDay[d.day] = d.counters
        }
        for (day, c) in state?.counters ?? [:] where day >= from && day <= to { byDay[day] = c }
        return byDay.keys.sorted().map { DayStats(day: $0, counters: byDay[$0] ?? DailyCounters()) }
    }

    /// When the daemon ran within `from...to` (wall seconds); nil when that is not recorded.
    public func runs(fromWall: Double, toWall: Double) throws -> [ClosedRange<Double>]? {
        try history?.read { db in try HistoryQueries.runs(db, fromWall: fromWall, toWall: toWall) } ?? nil
    }

    /// Guided routines that ended on `from...to`, oldest first, and the rows that could not be read.
    public func routineRuns(from: String, to: String) throws -> (runs: [RoutineRun], unreadable: Int) {
        try history?.read { db in try HistoryQueries.routineRuns(db, from: from, to: to) } ?? ([], 0)
    }

    /// Events of the days `from...to`, oldest first.
    public func forEachEvent(from: String, to: String, _ body: (StoredEvent) throws -> Void) throws {
        guard let history else { return }
        try history.read { db in try HistoryQueries.forEachEvent(db, from: from, to: to, body) }
    }
}
