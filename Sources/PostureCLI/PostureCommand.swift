import ArgumentParser

/// `posture`: the daemon and its tools. Each subcommand lives in its own file.
public struct PostureCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "posture",
        abstract: "Posture coaching from an IMU worn on the upper back.",
        discussion: "Run `posture run --mock` to try it without hardware; see README.md.",
        subcommands: [
            RunCommand.self,
            ReplayCommand.self,
            RecordCommand.self,
            ProbeCommand.self,
            SimulateCommand.self,
            ScoreCommand.self,
            EvaluateCommand.self,
            BenchCommand.self,
            ConfigCommand.self,
            StatusCommand.self,
            CalibrateCommand.self,
            SnoozeCommand.self,
            StretchCommand.self,
            StatsCommand.self,
            InstallCommand.self,
        ]
    )

    public init() {}
}
