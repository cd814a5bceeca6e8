import ArgumentParser

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture replay is not available yet") }
}

