import ArgumentParser
import GPIO
import PostureControl
import PostureCore
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// `posture`: the daemon and its tools. Each subcommand lives in its own file.
public struct PostureCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "posture",
        abstract: "Posture coaching from an IMU worn on the upper back.",
        discussion: "Run `posture run --mock` to try it without hardware; see README.md.",
        version: PostureVersion.line,
        subcommands: [
            RunCommand.self,
            ReplayCommand.self,
            RecordCommand.self,
            ProbeCommand.self,
            GPIOCommand.self,
            SimulateCommand.self,
            ScoreCommand.self,
            EvaluateCommand.self,
            BenchCommand.self,
            ConfigCommand.self,
            StatusCommand.self,
            RoutineCommand.self,
            CalibrateCommand.self,
            PauseCommand.self,
            ResumeCommand.self,
            SnoozeCommand.self,
            StretchCommand.self,
            StatsCommand.self,
            ReportCommand.self,
            ExportCommand.self,
            InstallCommand.self,
        ]
    )

    public init() {}

    /// Entry point: user-facing errors become one line `posture: ...` on stderr and a
    /// non-zero exit status, never a crash or a stack trace.
    public static func runMain(arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            execute(&command)
        } catch {
            // A script that asked for --json reads only standard output: bad arguments too.
            if (arguments ?? Array(CommandLine.arguments.dropFirst())).contains("--json"), exitCode(for: error) != .success {
                print(ControlCodec.encode(ControlResponse.failure(fullMessage(for: error))))
            }
            exit(withError: error)
        }
    }

    /// The daemon's entry: `posture run ...` is parsed on its own, without building the whole
    /// command tree, so less code is paged in for the life of the service (RSS on a 512 MB
    /// Pi). Help and malformed arguments go through `runMain` for the usual messages.
    public static func runMainFastPath() -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let wantsHelp = arguments.contains { $0 == "-h" || $0 == "--help" || $0 == "help" }
        guard arguments.first == "run", !wantsHelp,
              var command = try? RunCommand.parse(Array(arguments.dropFirst()))
        else { runMain() }
        execute(&command)
    }

    /// Runs a parsed command and exits: a `CLIError` becomes one line on stderr and status 1.
    private static func execute<Command: ParsableCommand>(_ command: inout Command) -> Never {
        // A closed pipe must not kill the process mid-write (`posture replay | head`).
        signal(SIGPIPE, SIG_IGN)
        do {
            try command.run()
            Glibc.exit(0)
        } catch let error as CLIError {
            writeStandardError("posture: \(error.description)\n")
            Glibc.exit(error.status)
        } catch {
            exit(withError: error)
        }
    }
}

/// What `posture --version` prints: the one place the package version is written.
public enum PostureVersion {
    public static let package = "0.7.0"
    /// The libgpiod the binary links (GPIO lines differ between generations 1 and 2).
    public static var line: String { "posture \(package) (libgpiod \(LibgpiodBuild.version))" }
}

/// Writes to file descriptor 2 without buffering (messages must not be lost on exit).
func writeStandardError(_ text: String) {
    _ = writeAll(text, toFileDescriptor: 2)
}

