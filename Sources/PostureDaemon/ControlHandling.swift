import PostureCoaching
import PostureControl

/// What control commands act on (the service). Kept narrow so the mapping from command to
/// response is tested with a stand-in.
protocol ControlTarget: AnyObject {
    var health: SensorHealth { get }
    var holdTargetSeconds: Double { get }
    /// Wall-clock end of the snooze, nil when none.
    var snoozeUntilWall: Double? { get }
    func status() -> StatusReport
    func stats(days: Int) -> [DayStats]
    /// One page of stats from `offset` on, and where the next page starts.
    func statsPage(days: Int, offset: Int, pageDays: Int) -> (days: [DayStats], nextOffset: Int?)
    /// The guided routines of the last 7 days, oldest first (with the first stats page).
    func recentRoutineRuns() -> [RoutineRun]
    /// Takes the current posture as upright at the next sample, reading it at once.
    /// Returns true when the reading did it.
    func calibrateNow() -> Bool
    /// Starts a stretch session at the next sample, reading it at once.
    func startStretchNow()
    /// Acknowledges the last alert; false when none is recent.
    func acknowledgeAlert() -> Bool
    func snooze(seconds: Double)
    /// Pauses alerts or resumes them; returns the wall-clock end (nil: until resumed or not paused).
    func pause(_ request: PauseRequest) -> Double?
    /// "14:03:07" for a wall-clock time.
    func timeOfDay(_ wallSeconds: Double) -> String
    /// Guided routines (ServiceRoutines.swift): the names known, start, progress, stop, skip.
    var routineNames: [String] { get }
    func startRoutineNow(named name: String) -> Result<RoutineSummary, ControlCommandError>
    func routineProgress() -> RoutineSummary?
    func stopRoutineNow() -> RoutineSummary?
    func skipRoutineStepNow() -> Bool
}

/// Command -> response: what each command does and what the user is told.
enum ControlHandling {
    static func respond(to command: ControlCommand, target: ControlTarget) -> ControlResponse {
        switch command {
        case .status:
            return ControlResponse(ok: true, status: target.status())
        case .calibrate:
            let health = target.health
            guard health == .ok else { return .failure("cannot calibrate: sensor \(health.name)") }
            return target.calibrateNow()
                ? ControlResponse(ok: true, message: "calibrated: this posture is now upright")
                : ControlResponse(ok: true, message: "calibration will be taken at the next sample")
        case .stretch:
            target.startStretchNow()
            return ControlResponse(ok: true, message: "stretch session started: hold each stretch \(formatSeconds(target.holdTargetSeconds)) s, no bouncing")
        case .ack:
            return target.acknowledgeAlert() ? ControlResponse(ok: true, message: "acknowledged") : .failure("no recent alert to acknowledge")
        case .snooze(let seconds):
            target.snooze(seconds: seconds)
            if let until = target.snoozeUntilWall {
                return ControlResponse(ok: true, message: "snoozed for \(formatDuration(seconds)) (until \(target.timeOfDay(until)))",
                                       status: target.status())
            }
            return ControlResponse(ok: true, message: "snooze off", status: target.status())
        case .stats(let days, let offset):
            let page = target.statsPage(days: days, offset: offset, pageDays: ControlCommand.statsPageDays)
            return ControlResponse(ok: true, stats: page.days, nextOffset: page.nextOffset,
                                   routineRuns: offset == 0 ? target.recentRoutineRuns() : nil)
        case .pause(let request):
            let until = target.pause(request)
            let message: String
            switch request {
            case .off: message = "resumed: alerts play again (inside working hours)"
            case .resumed: message = "paused until resumed (`posture resume`)"
            case .tomorrow: message = "paused until \(until.map { target.timeOfDay($0) } ?? "midnight") (tomorrow)"
            }
            return ControlResponse(ok: true, message: message, status: target.status())
        case .routine(let name):
            switch target.startRoutineNow(named: name) {
            case .success(let r):
                let first = r.steps.first.map { " first: \(RoutineText.goal($0))" } ?? ""
                return ControlResponse(ok: true, message: "routine \(name) started: \(r.steps.count) steps;\(first) (a short press skips a step)",
                                       routine: r, routines: target.routineNames)
            case .failure(let why):
                return ControlResponse(ok: false, error: why.message, routines: target.routineNames)
            }
        case .routineStatus:
            guard let r = target.routineProgress() else {
                return ControlResponse(ok: true, message: "no routine run yet (known: \(target.routineNames.joined(separator: ", ")))",
                                       routines: target.routineNames)
            }
            return ControlResponse(ok: true, routine: r, routines: target.routineNames)
        case .routineStop:
            guard let r = target.stopRoutineNow() else { return .failure("no routine in progress") }
            return ControlResponse(ok: true, message: "routine \(r.name) stopped: \(r.stepsDone)/\(r.steps.count) steps done", routine: r)
        case .routineSkip:
            guard target.skipRoutineStepNow() else { return .failure("no routine in progress") }
            return ControlResponse(ok: true, message: "step skipped", routine: target.routineProgress())
        }
    }
}
