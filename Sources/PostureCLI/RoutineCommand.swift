import ArgumentParser
import PostureCoaching
import PostureControl

/// `posture routine NAME | status | stop | skip`: guided routines run by the daemon.
struct RoutineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routine",
        abstract: "Run a guided routine step by step (built in: daily), or show, stop or skip in the one running.",
        discussion: """
            posture routine daily     start the basic daily routine (or one of [[routine]] in the configuration)
            posture routine status    the routine in progress, or the last one: steps, holds, repetitions, sides
            posture routine skip      skip the current step (as a short press of the button does)
            posture routine stop      end it now, with its summary
            Each step starts with a cue (a long buzz, then one tap per step number); a hold is timed
            against the step's target (a triple tap when reached), two-sided steps cue the other side.
            """)

    @Argument(help: "A routine's name, or status, stop, skip.")
    var what: String

    @OptionGroup var control: ControlOptions

    func run() throws {
        let command: ControlCommand
        switch what {
        case "status": command = .routineStatus
        case "stop": command = .routineStop
        case "skip": command = .routineSkip
        default: command = .routine(name: what)
        }
        let response = try control.send(command)
        guard !control.json else { return }
        if let message = response.message { print(message) }
        if command != .routineSkip, let r = response.routine { print(RoutineText.render(r)) }
    }
}
