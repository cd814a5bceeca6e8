import ArgumentParser
import PostureConfig
import PostureCore
import PostureEvaluation
import PosturePipeline
import PostureTrace
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// `posture replay TRACE.csv[.gz]... [--config FILE.toml] [--press SECONDS:ACTION]... [--emit events|samples]`
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a recorded trace through the daemon's pipeline, as fast as possible.",
        discussion: """
            Writes JSON Lines events (default) or one CSV row per sample to standard output, as the trace
            is read. The same trace and config always give byte-identical output. Several files (a week of
            recordings) run in time order through one pipeline, the time between them a gap; overlapping
            files are refused. Exit status: 0; 1 on an error (the output so far is valid up to it); 2 when a
            gzip file was cut off (a recording interrupted by a power loss): everything before the cut,
            and every other file, was replayed.
            """)

    @Argument(help: "posture-trace v1 files (.csv, or .csv.gz).")
    var traces: [String]

    @Option(name: .long, help: "A TOML configuration file (defaults apply without one).")
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Act as if the button did ACTION at SECONDS (calibrate, stretch, snooze, ack); repeatable.", valueName: "SECONDS:ACTION"))
    var press: [String] = []

    @Option(name: .long, help: "What to write: events (JSON Lines) or samples (CSV).")
    var emit: String = "events"

    func run() throws {
        guard let emitMode = ReplayEmit(rawValue: emit) else {
            throw CLIError("--emit: '\(emit)' is not one of events, samples")
        }
        var presses: [TimedAction] = []
        for p in press {
            guard let timed = TimedAction(argument: p) else {
                throw CLIError("--press: '\(p)' is not SECONDS:ACTION with SECONDS >= 0 and ACTION one of \(UserAction.allNames)")
            }
            presses.append(timed)
        }
        var configuration = PostureConfiguration()
        var keysSet: Set<String> = []
        if let config {
            do { configuration = try PostureConfiguration.load(path: config, keysSet: &keysSet) } catch { throw CLIError(error.description) }
        }
        let files: ReplayFiles
        do { files = try ReplayFiles(paths: traces) } catch { throw CLIError(error.description) }
        Self.adoptMounting(files.mounting, into: &configuration.pipeline, keysSet: keysSet)
        var session = ReplaySession(settings: configuration.pipeline, presses: presses, emit: emitMode, output: StandardOutput())
        var cuts: [TraceError] = files.skipped.filter(\.cutShort)
        if traces.count > 1 {
            for s in files.skipped where !s.cutShort { writeStandardError("posture: note: \(s.description)\n") }
        }
        do {
            try files.run(into: &session) { cuts.append($0) }
        } catch {
            session.flush()
            try session.output.finish()
            throw CLIError(error.description)
        }
        let outcome = session.finish()
        try session.output.finish()
        // Standard error only: standard output stays the deterministic replay.
        if !outcome.calibrated { writeStandardError(Self.uncalibratedHint(configuration.pipeline.calibration) + "\n") }
        if !cuts.isEmpty {
            for c in cuts { writeStandardError("posture: \(c.description)\n") }
            throw CLIError("\(cuts.count == 1 ? "a file was" : "\(cuts.count) files were") cut off; everything before the cut was replayed", status: 2)
        }
    }

    /// The trace's `# mounting:` as the default placement and forward axis (keys the config set
    /// win), said once on stderr; an unusable line is ignored with a note.
    static func adoptMounting(_ found: (mounting: TraceMounting?, notes: [String]), into settings: inout PipelineSettings,
                              keysSet: Set<String>) {
        for note in found.notes { writeStandardError("posture: note: \(note)\n") }
        guard let mounting = found.mounting else { return }
        let taken = mounting.adopt(into: &settings, explicit: PostureConfiguration.mountingKeys(set: keysSet))
        if !taken.isEmpty {
            writeStandardError("posture: note: from the trace's '# mounting:' line: \(taken.joined(separator: ", "))"
                + " (set [sensor] placement / forward_axis in --config to override)\n")
        }
    }

    /// Why an uncalibrated replay judged no posture, and how to give it a reference.
    static func uncalibratedHint(_ calibration: CalibrationSettings) -> String {
        let auto = calibration.autoReference
            ? "and the auto reference was never reached (no \(number(calibration.autoStableSeconds)) s still within \(number(calibration.autoStableDegrees)) deg)"
            : "and [calibration] auto_reference is off"
        return "posture: note: no calibration in this replay (no calibrate marker, no --press SECONDS:calibrate \(auto)),"
            + " so no posture was judged; add --press SECONDS:calibrate at a moment the wearer sat upright"
            + (calibration.autoReference ? "" : " or set auto_reference = true")
    }

    private static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : String(x)
    }
}

/// A user-facing failure: printed as one line `posture: MESSAGE`, exit status 1 (or `status`).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var status: Int32 = 1
    init(_ message: String, status: Int32 = 1) {
        description = message
        self.status = status
    }
}

/// Buffered writes to file descriptor 1; a closed pipe (`| head`) ends quietly.
struct StandardOutput: ReplayOutput {
    private(set) var failed: Int32 = 0

    mutating func write(_ text: String) {
        guard failed == 0 else { return }
        failed = writeAll(text, toFileDescriptor: 1)
    }

    mutating func write(bytes: UnsafeRawBufferPointer) {
        guard failed == 0 else { return }
        failed = writeAll(1, bytes)
    }

    func finish() throws {
        if failed != 0 && failed != EPIPE {
            throw CLIError("cannot write to standard output: \(SystemErrno.message(failed))")
        }
    }
}
