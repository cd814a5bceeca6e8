import ArgumentParser
import PostureControl

struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Pause slouch and sitting alerts until `posture resume` (or until tomorrow).",
        discussion: "The pause survives restarts; Home Assistant's \"Nudges paused\" switch sets the same pause.")
    @Flag(name: .long, help: "Pause until the next local midnight only.")
    var untilTomorrow = false
    @OptionGroup var control: ControlOptions

    func run() throws {
        try control.sendAndSay(.pause(untilTomorrow ? .tomorrow : .resumed), otherwise: "paused")
    }
}

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "End a pause: alerts play again (inside working hours).")
    @OptionGroup var control: ControlOptions

    func run() throws {
        try control.sendAndSay(.pause(.off), otherwise: "resumed")
    }
}
