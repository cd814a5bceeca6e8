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
    private var pendingRoutines: [RoutineRun] = []
    /// The current daemon run: its start and its row in `run` once written.
    private var runStartWall: Double?
    private var runID: Int64?
    /// When set, the database was corrupt or of another schema at open and moved there.
    public private(set) var movedAsideTo: String?
    /// Why it was moved ("has another schema: ...").
    public private(set) var movedAsideReason: String?

    /// Opens (or creates) the database. A corrupt file, or one of another schema, is moved aside
    /// and a new one created.
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
            try Self.checkSchema(queue)
            try Self.migrate(queue)
        } catch {
            // Not ours to repair: kept aside for the user, a fresh history started (as for state.json).
            movedAsideReason = (error as? HistorySchemaMismatch)?.detail ?? "is not a readable SQLite database (\(error))"
            let aside = Self.asidePath(path, tag: error is HistorySchemaMismatch ? "other-schema" : "corrupt")
            for suffix in ["", "-wal", "-shm"] {
                _ = rename(path + suffix, aside + suffix)
            }
            movedAsideTo = aside
            queue = try Self.open(path)
            try Self.migrate(queue)
        }
    }

    /// "history.sqlite.corrupt-1764640000" (a second move in the same second gets "-2", ...).
    static func asidePath(_ path: String, tag: String) -> String {
        let base = path + "." + tag + "-" + String(Int(Date().timeIntervalSince1970))
        var candidate = base
        var n = 1
        while access(candidate, F_OK) == 0 {
            n += 1
            candidate = base + "-\(n)"
        }
        return candidate
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

    /// The tables and columns this version reads and writes, and the migrations it knows.
    /// By migration (an older history lacks the later ones' tables and is migrated, not moved).
    static let migrationTables: [String: [String: Set<String>]] = [
        "v1": ["event": ["id", "t", "day", "name", "json"], "daily": ["day", "json"]],
        "v2-runs": ["run": ["id", "start_t", "end_t"]],
        "v3-routine-runs": ["routine_run": ["id", "start_t", "end_t", "day", "name", "json"]],
    ]
    static var knownMigrations: Set<String> { Set(migrationTables.keys) }

    /// An empty database, or ours: another program's database (or a newer posture's) is not written into.
    static func checkSchema(_ queue: DatabaseQueue) throws {
        try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            if tables.isEmpty { return }
            guard tables.contains("grdb_migrations") else {
                throw HistorySchemaMismatch(detail: "has another schema (tables: \(tables.sorted().joined(separator: ", ")); no posture migrations)")
            }
            let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            let unknown = applied.subtracting(knownMigrations)
            if !unknown.isEmpty {
                throw HistorySchemaMismatch(detail: "has another schema (migrations unknown to this version: \(unknown.sorted().joined(separator: ", ")))")
            }
            guard !applied.isEmpty else { return }
            let expectedColumns = applied.compactMap { migrationTables[$0] }.reduce(into: [String: Set<String>]()) { $0.merge($1) { a, _ in a } }
            for (table, expected) in expectedColumns.sorted(by: { $0.key < $1.key }) {
                let columns = Set(try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).compactMap { $0["name"] as String? })
                if !expected.isSubset(of: columns) {
                    let missing = expected.subtracting(columns).sorted().joined(separator: ", ")
                    throw HistorySchemaMismatch(detail: "has another schema (table \(table) \(columns.isEmpty ? "missing" : "lacks \(missing)"))")
                }
            }
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
        // Each guided routine with its steps (the `routine_end` event has only the totals).
        migrator.registerMigration("v3-routine-runs") { db in
            try db.create(table: "routine_run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("start_t", .double).notNull()
                t.column("end_t", .double).notNull()
                t.column("day", .text).notNull().indexed()
                t.column("name", .text).notNull()
                t.column("json", .text).notNull()
            }
        }
        try migrator.migrate(queue)
    }

    /// Buffers one event (written at the next flush).
    public func append(_ event: PostureEventRecord) {
        pending.append((event.wallSeconds, event.day, event.name, event.json))
    }

    /// Buffers one routine run (written at the next flush).
    public func append(_ run: RoutineRun) {
        pendingRoutines.append(run)
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
        let routineEncoder = RoutineRun.encoder
        let routines = try pendingRoutines.map { r in (r, String(decoding: try routineEncoder.encode(r.summary), as: UTF8.self)) }
        try queue.write { db in
            for e in events {
                try db.execute(sql: "INSERT INTO event (t, day, name, json) VALUES (?, ?, ?, ?)",
                               arguments: [e.t, e.day, e.name, e.json])
            }
            for (r, json) in routines {
                try db.execute(sql: "INSERT INTO routine_run (start_t, end_t, day, name, json) VALUES (?, ?, ?, ?, ?)",
                               arguments: [r.startWall, r.endWall, r.day, r.summary.name, json])
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
        pendingRoutines.removeAll()
    }

    /// Deletes days older than `oldestDay` ("YYYY-MM-DD" sorts as text).
    public func prune(before oldestDay: String) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM event WHERE day < ?", arguments: [oldestDay])
            try db.execute(sql: "DELETE FROM daily WHERE day < ?", arguments: [oldestDay])
            try db.execute(sql: "DELETE FROM routine_run WHERE day < ?", arguments: [oldestDay])
            try db.execute(sql: "DELETE FROM run WHERE end_t < (SELECT min(t) FROM event)")
        }
    }

    /// Stored counters of the most recent `days` days, newest first.
    public func dailyCounters(limit days: Int) throws -> [DayStats] {
        try queue.read { db in try HistoryQueries.dailyCounters(db, limit: days) }
    }

    /// Stored counters of `day` and later days, newest first (the few days the service also keeps in memory).
    public func dailyCounters(fromDay day: String) throws -> [DayStats] {
        try queue.read { db in try HistoryQueries.dailyCounters(db, fromDay: day) }
    }

    /// Stored counters of days before `day`, newest first: `limit` of them after skipping
    /// `offset` (one page of `posture stats`; the primary key on day makes it an index walk).
    public func dailyCounters(before day: String, offset: Int, limit: Int) throws -> [DayStats] {
        try queue.read { db in try HistoryQueries.dailyCounters(db, before: day, offset: offset, limit: limit) }
    }

    /// Routine runs that ended on `from...to`, oldest first: stored ones and those not yet written.
    public func routineRuns(from: String, to: String) throws -> [RoutineRun] {
        let stored = try queue.read { db in try HistoryQueries.routineRuns(db, from: from, to: to) }
        return stored.runs + pendingRoutines.filter { $0.day >= from && $0.day <= to }
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

/// The database is readable but not posture's (or a newer posture's).
struct HistorySchemaMismatch: Error {
    var detail: String
}

/// The history cannot be used as it is; says which file and what to do.
public struct HistoryStoreError: Error, CustomStringConvertible {
    public var description: String
}
