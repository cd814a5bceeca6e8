import ArgumentParser

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture config is not available yet") }
}

