import ArgumentParser
import PostureConfig

/// `posture config defaults|check`: the documented configuration and its validation.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the documented default configuration or check a configuration file.",
        subcommands: [Defaults.self, Check.self])

    struct Defaults: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "defaults",
            abstract: "Print every key with its default, range and meaning, as a TOML file (config/posture.toml).")

        func run() throws {
            var out = StandardOutput()
            out.write(PostureConfiguration().documentedTOML())
            try out.finish()
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a configuration file; print the effective configuration with --print.")

        @Argument(help: "The TOML file to check.")
        var file: String

        @Flag(help: "Print the effective configuration (defaults filled in).")
        var print = false

        func run() throws {
            let config: PostureConfiguration
            do { config = try PostureConfiguration.load(path: file) } catch { throw CLIError(error.description) }
            var out = StandardOutput()
            out.write(print ? config.documentedTOML() : "\(file): OK\n")
            try out.finish()
        }
    }
}
