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

/// `posture replay TRACE.csv [--config FILE.toml] [--press SECONDS:ACTION]... [--emit events|samples]`
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a recorded trace through the daemon's pipeline, as fast as possible.",
        discussion: """
            Writes JSON Lines events (default) or one CSV row per sample to standard output.
            The same trace and config always give byte-identical output.
            """)

    @Argument(help: "A posture-trace v1 CSV file.")
    var trace: String

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
        let configuration: PostureConfiguration
        if let config {
            do { configuration = try PostureConfiguration.load(path: config) } catch { throw CLIError(error.description) }
        } else {
            configuration = PostureConfiguration()
        }
        let loaded: Trace
        do { loaded = try TraceReader.read(path: trace) } catch { throw CLIError(error.description) }
        var output = StandardOutput()
        let outcome = ReplayEngine.run(trace: loaded, settings: configuration.pipeline, presses: presses,
                                       emit: emitMode, into: &output)
        try output.finish()
        // Standard error only: standard output stays the deterministic replay.
        if !outcome.calibrated { writeStandardError(Self.uncalibratedHint(configuration.pipeline.calibration) + "\n") }
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

/// A user-facing failure: printed as one line `posture: MESSAGE`, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
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
