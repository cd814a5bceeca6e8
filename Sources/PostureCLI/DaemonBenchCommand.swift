import ArgumentParser

struct DaemonBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "daemon", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture bench daemon is not available yet") }
}
