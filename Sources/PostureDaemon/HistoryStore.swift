import Foundation
import GRDB
import PostureCoaching
import PostureControl

/// The event history in SQLite (WAL): events are buffered in memory and written in one
/// transaction per flush, so the SD card sees a write every `flush_interval_s`, not per event.
/// Daily counters are kept in a table too, one row per day, for `posture stats --days N`.
public final class HistoryStore {
    public let path: String
    private var queue: DatabaseQueue
    private var pending: [(t: Double, day: String, name: String, json: String)] = []
    /// The current daemon run: its start and its row in `run` once written.
    private var runStartWall: Double?
    private var runID: Int64?
    /// When set, the database was corrupt at open and moved there.
    public private(set) var movedAsideTo: String?

    /// Opens (or creates) the database. A corrupt file is moved aside and a new one created.
    public init(path: String) throws {
        self.path = path
        // SQLite would silently open a file it cannot write read-only, and the first flush, maybe at
        // shutdown, would fail. Typical cause: `sudo posture run` once left root-owned files behind.
        for suffix in ["", "-wal", "-shm"] {
            var info = stat()
            if stat(path + suffix, &info) == 0, access(path + suffix, W_OK) != 0 {
                throw HistoryStoreError(description: "\(path + suffix) is not writable by this user (uid \(getuid())), "
                    + "it belongs to uid \(info.st_uid): chown it to the service user "
                    + "(chown -R posture: \((path as NSString).deletingLastPathComponent)) or remove it")
            }
        }
        do {
            queue = try Self.open(path)
            try Self.check(queue)
        } catch {
            let aside = path + ".corrupt-" + String(Int(Date().timeIntervalSince1970))
            for suffix in ["", "-wal", "-shm"] {
                _ = rename(path + suffix, aside + suffix)
            }
            movedAsideTo = aside
            queue = try Self.open(path)
        }
        try Self.migrate(queue)
    }

    static func open(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.prepareDatabase { db in
            // WAL: readers never block the writer and a power cut cannot corrupt committed data;
            // synchronous=NORMAL may lose the last flush on power loss, never the database.
            try db.execute(sql: "PRAGMA journal_mode=WAL")
            try db.execute(sql: "PRAGMA synchronous=NORMAL")
        }
        return try DatabaseQueue(path: path, configuration: config)
    }

    static func check(_ queue: DatabaseQueue) throws {
        let result = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check") }
        guard result == "ok" else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: result ?? "quick_check failed")
        }
    }

    static func migrate(_ queue: DatabaseQueue) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("t", .double).notNull()
                t.column("day", .text).notNull().indexed()
                t.column("name", .text).notNull()
                t.column("json", .text).notNull()
            }
            try db.create(table: "daily") { t in
                t.primaryKey("day", .text)
                t.column("json", .text).notNull()
            }
        }
        // When the daemon ran (wall seconds): a report draws states only there, not across a
        // power-off. A run's end moves forward with each flush.
        migrator.registerMigration("v2-runs") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("start_t", .double).notNull()
                t.column("end_t", .double).notNull().indexed()
            }
        }
        try migrator.migrate(queue)
    }

    /// Buffers one event (written at the next flush).
    public func append(_ event: PostureEventRecord) {
        pending.append((event.wallSeconds, event.day, event.name, event.json))
    }

    public var pendingCount: Int { pending.count }

    /// This daemon run began at `wallSeconds`: the next flush records it (table `run`).
    public func startRun(atWall wallSeconds: Double) {
        runStartWall = wallSeconds
        runID = nil
    }

    /// Writes buffered events and the given day counters in one transaction, and (after
    /// `startRun`) that the daemon ran until `runningUntilWall`.
    public func flush(counters: [String: DailyCounters], runningUntilWall: Double? = nil) throws {
        let events = pending
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var rows: [(String, String)] = []
        for (day, c) in counters {
            rows.append((day, String(decoding: try encoder.encode(c), as: UTF8.self)))
        }
        try queue.write { db in
            for e in events {
                try db.execute(sql: "INSERT INTO event (t, day, name, json) VALUES (?, ?, ?, ?)",
                               arguments: [e.t, e.day, e.name, e.json])
            }
            for (day, json) in rows {
                try db.execute(sql: "INSERT INTO daily (day, json) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET json = excluded.json",
                               arguments: [day, json])
            }
            if let start = runStartWall, let until = runningUntilWall {
                if let id = runID {
                    try db.execute(sql: "UPDATE run SET end_t = ? WHERE id = ?", arguments: [max(start, until), id])
                } else {
                    try db.execute(sql: "INSERT INTO run (start_t, end_t) VALUES (?, ?)", arguments: [start, max(start, until)])
                    runID = db.lastInsertedRowID
                }
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Deletes days older than `oldestDay` ("YYYY-MM-DD" sorts as text).
    public func prune(before oldestDay: String) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM event WHERE day < ?", arguments: [oldestDay])
            try db.execute(sql: "DELETE FROM daily WHERE day < ?", arguments: [oldestDay])
            try db.execute(sql: "DELETE FROM run WHERE end_t < (SELECT min(t) FROM event)")
        }
    }

    /// Stored counters of the most recent `days` days, newest first.
    public func dailyCounters(limit days: Int) throws -> [DayStats] {
        try queue.read { db in try HistoryQueries.dailyCounters(db, limit: days) }
    }

    /// Events stored for a day, oldest first (as JSON lines).
    public func events(day: String) throws -> [String] {
        try queue.read { db in
            try String.fetchAll(db, sql: "SELECT json FROM event WHERE day = ? ORDER BY t, id", arguments: [day])
        }
    }
}

/// An event ready for the history: wall time, local day, name, JSON line.
public struct PostureEventRecord: Sendable {
    public var wallSeconds: Double
    public var day: String
    public var name: String
    public var json: String

    public init(wallSeconds: Double, day: String, name: String, json: String) {
        self.wallSeconds = wallSeconds
        self.day = day
        self.name = name
        self.json = json
    }
}

/// The history cannot be used as it is; says which file and what to do.
public struct HistoryStoreError: Error, CustomStringConvertible {
    public var description: String
}
