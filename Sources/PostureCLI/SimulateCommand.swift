import ArgumentParser

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture simulate is not available yet") }
}

