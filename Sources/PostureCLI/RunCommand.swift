import ArgumentParser

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture run is not available yet") }
}

