import ArgumentParser

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "record", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture record is not available yet") }
}

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "probe", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture probe is not available yet") }
}

