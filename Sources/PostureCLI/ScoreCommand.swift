import ArgumentParser

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture score is not available yet") }
}

