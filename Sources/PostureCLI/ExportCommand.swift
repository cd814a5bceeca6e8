import ArgumentParser
import Foundation
import PostureControl
import PostureCore
import PostureDaemon
import SystemSupport

/// `posture export --format csv|jsonl [--from YYYY-MM-DD --to YYYY-MM-DD] [--what events|days|routines] [-o FILE]`
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the stored events, daily totals or guided routines as CSV or JSON Lines (the daemon may be running or not).",
        discussion: """
            --what events: CSV columns \(ExportFormat.eventColumns.joined(separator: ",")) (t in Unix seconds; day and time local; duration_s the event's slouched_s, sitting_s or duration_s; json the whole event). JSON Lines: the events as stored.

            --what days: CSV columns day and the counters of `posture stats --json` (\(ExportFormat.dayColumns.dropFirst().joined(separator: ", "))). JSON Lines: one object per day with the same keys. side_*: left and right of the one-sided holds (all exercises), then per exercise its held time and largest angle per side.

            --what routines: CSV one row per step of each guided routine, columns \(ExportFormat.routineColumns.joined(separator: ",")). JSON Lines: one object per run (day, start_t, end_t, summary with its steps).
            """)

    @Option(name: .long, help: "csv or jsonl.")
    var format: String

    @Option(name: .long, help: ArgumentHelp("First day (default: the oldest stored).", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Last day (default: the newest stored).", valueName: "YYYY-MM-DD"))
    var to: String?

    @Option(name: .long, help: "events (one row per event), days (one row per day's totals) or routines (one row per routine step).")
    var what = "events"

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file (default: standard output).", valueName: "FILE"))
    var output: String?

    @Option(name: .long, help: "Configuration file to read the state directory from (default /etc/posture/posture.toml).")
    var config: String?

    @OptionGroup var state: StateDirectoryOption

    @Flag(name: .long, help: "Errors (and, with -o, the summary) as JSON on standard output.")
    var json = false

    func run() throws {
        do {
            let rows = try export()
            if json, let output { print(#"{"ok":true,"output":"\#(jsonEscaped(output))","rows":\#(rows)}"#) }
        } catch {
            if json { print(ControlCodec.encode(ControlResponse.failure(error.description))) }
            throw error
        }
    }

    private func export() throws(CLIError) -> Int {
        guard let csv = ["csv": true, "jsonl": false][format] else { throw CLIError("--format: '\(format)' is not one of csv, jsonl") }
        guard ["events", "days", "routines"].contains(what) else { throw CLIError("--what: '\(what)' is not one of events, days, routines") }
        let first = try from.map { d throws(CLIError) in try parseDay(d, option: "--from") } ?? "0000-01-01"
        let last = try to.map { d throws(CLIError) in try parseDay(d, option: "--to") } ?? "9999-12-31"
        guard first <= last else { throw CLIError("--from \(first) is after --to \(last)") }
        let history = try state.open(config: try loadConfiguration(config))
        var sink = try ExportSink(path: output)
        var rows = 0
        do {
            try exportRows(history: history, first: first, last: last, csv: csv, into: &sink, rows: &rows)
        } catch {
            sink.abandon()
            throw error
        }
        try sink.finish()
        return rows
    }

    private func exportRows(history: OfflineHistory, first: String, last: String, csv: Bool,
                            into sink: inout ExportSink, rows: inout Int) throws(CLIError) {
        let calendar = LocalCalendar()
        try cliErrors {
            if what == "events" {
                if csv { sink.write(ExportFormat.eventColumns.joined(separator: ",") + "\n") }
                try history.forEachEvent(from: first, to: last) { e in
                    sink.write(csv ? ExportFormat.eventRow(e, calendar: calendar) : e.json + "\n")
                    rows += 1
                }
            } else if what == "routines" {
                if csv { sink.write(ExportFormat.routineColumns.joined(separator: ",") + "\n") }
                let read = try history.routineRuns(from: first, to: last)
                if read.unreadable > 0 {
                    writeStandardError("posture: \(read.unreadable) stored routine run\(read.unreadable == 1 ? "" : "s") could not be read and \(read.unreadable == 1 ? "is" : "are") left out\n")
                }
                for r in read.runs {
                    sink.write(csv ? ExportFormat.routineRows(r, calendar: calendar) : ExportFormat.routineObject(r) + "\n")
                    rows += 1
                }
            } else {
                if csv { sink.write(ExportFormat.dayColumns.joined(separator: ",") + "\n") }
                for d in try history.counters(from: first, to: last) {
                    sink.write(csv ? ExportFormat.dayRow(d) : ExportFormat.dayObject(d) + "\n")
                    rows += 1
                }
            }
        }
    }
}

/// Buffered output to standard output or to a file written whole (temporary file, then rename).
struct ExportSink {
    let path: String?
    let temporary: String?
    let fd: Int32
    private var buffer = ""
    private var failed: Int32 = 0

    init(path: String?) throws(CLIError) {
        self.path = path
        guard let path else { temporary = nil; fd = 1; return }
        let tmp = AtomicFile.temporaryPath(for: path)
        let opened = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw CLIError("\(path): cannot create: \(SystemErrno.message(errno))") }
        temporary = tmp
        fd = opened
    }

    mutating func write(_ text: String) {
        buffer += text
        if buffer.utf8.count >= 1 << 16 { flush() }
    }

    private mutating func flush() {
        if failed == 0 { failed = writeAll(buffer, toFileDescriptor: fd) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// After a failure: the half-written temporary file goes, the old file stays.
    func abandon() {
        guard let temporary else { return }
        close(fd)
        unlink(temporary)
    }

    mutating func finish() throws(CLIError) {
        flush()
        guard let path, let temporary else {
            if failed != 0 && failed != EPIPE { throw CLIError("cannot write to standard output: \(SystemErrno.message(failed))") }
            return
        }
        if failed == 0 && fsync(fd) != 0 { failed = errno }
        close(fd)
        guard failed == 0, rename(temporary, path) == 0 else {
            let code = failed != 0 ? failed : errno
            unlink(temporary)
            throw CLIError("\(path): cannot write: \(SystemErrno.message(code))")
        }
    }
}
