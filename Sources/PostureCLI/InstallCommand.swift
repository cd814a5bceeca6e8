import ArgumentParser

struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture install is not available yet") }
}

