import ArgumentParser

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluate", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture evaluate is not available yet") }
}

