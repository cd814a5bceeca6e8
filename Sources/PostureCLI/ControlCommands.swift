import ArgumentParser

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture status is not available yet") }
}

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calibrate", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture calibrate is not available yet") }
}

struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "snooze", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture snooze is not available yet") }
}

struct StretchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stretch", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture stretch is not available yet") }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "(in progress)")
    func run() throws { throw ValidationError("posture stats is not available yet") }
}

