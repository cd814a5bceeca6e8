/// One request on the control socket, typed and validated: what `posture status`, `posture
/// snooze`, ... send and what the daemon acts on. `ControlCodec` is its one wire format.
public enum ControlCommand: Equatable, Sendable {
    case status
    /// Take the current posture as upright.
    case calibrate
    /// Silence alerts for `seconds` (0 ends the snooze).
    case snooze(seconds: Double)
    /// Start a stretch session.
    case stretch
    /// Acknowledge the alert that just played.
    case ack
    /// Daily counters of the newest `days` days, from the `offset`-th newest on: the daemon answers
    /// a page at a time (`ControlResponse.nextOffset`), so years of history never stall it.
    case stats(days: Int, offset: Int = 0)
    /// Pause slouch and sitting alerts until resumed, until the next local midnight, or resume.
    case pause(PauseRequest)
    /// Start the guided routine `name` (stopping one in progress).
    case routine(name: String)
    /// The routine in progress, or the last one.
    case routineStatus
    /// Stop the routine in progress.
    case routineStop
    /// Skip the routine's current step.
    case routineSkip

    /// The `cmd` of each command, in the order `posture --help` lists them.
    public static let names = ["status", "calibrate", "snooze", "stretch", "ack", "stats", "pause", "routine",
                               "routine_status", "routine_stop", "routine_skip"]

    public static let snoozeSecondsRange: ClosedRange<Double> = 0...(7 * 86400)
    public static let statsDaysRange: ClosedRange<Int> = 1...3650
    public static let defaultStatsDays = 7
    /// At most this many days per `stats` answer (about 45 KB of JSON).
    public static let statsPageDays = 100

    public var name: String {
        switch self {
        case .status: return "status"
        case .calibrate: return "calibrate"
        case .snooze: return "snooze"
        case .stretch: return "stretch"
        case .ack: return "ack"
        case .stats: return "stats"
        case .pause: return "pause"
        case .routine: return "routine"
        case .routineStatus: return "routine_status"
        case .routineStop: return "routine_stop"
        case .routineSkip: return "routine_skip"
        }
    }

    /// Builds a command from the wire fields, checking each value. The messages are what the
    /// client shows the user.
    public static func validated(name: String, seconds: Double?, days: Int?, offset: Int? = nil, until: String? = nil,
                                 routine: String? = nil) -> Result<ControlCommand, ControlCommandError> {
        switch name {
        case "routine":
            guard let routine, (1...32).contains(routine.utf8.count) else {
                return .failure(ControlCommandError("routine needs \"name\" (1 to 32 characters), e.g. {\"cmd\":\"routine\",\"name\":\"daily\"}"))
            }
            return .success(.routine(name: routine))
        case "routine_status": return .success(.routineStatus)
        case "routine_stop": return .success(.routineStop)
        case "routine_skip": return .success(.routineSkip)
        case "status": return .success(.status)
        case "calibrate": return .success(.calibrate)
        case "stretch": return .success(.stretch)
        case "ack": return .success(.ack)
        case "snooze":
            guard let seconds, seconds.isFinite, snoozeSecondsRange.contains(seconds) else {
                return .failure(ControlCommandError(
                    "snooze needs \"seconds\" from 0 (off) to \(Int(snoozeSecondsRange.upperBound))"))
            }
            return .success(.snooze(seconds: seconds))
        case "stats":
            let d = days ?? defaultStatsDays
            guard statsDaysRange.contains(d) else {
                return .failure(ControlCommandError(
                    "\"days\" must be \(statsDaysRange.lowerBound) to \(statsDaysRange.upperBound)"))
            }
            let o = offset ?? 0
            guard (0..<d).contains(o) else {
                return .failure(ControlCommandError("\"offset\" must be 0 to \(d - 1) (below \"days\")"))
            }
            return .success(.stats(days: d, offset: o))
        case "pause":
            guard let request = PauseRequest(rawValue: until ?? PauseRequest.resumed.rawValue) else {
                return .failure(ControlCommandError(
                    "pause needs \"until\": \(PauseRequest.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))"))
            }
            return .success(.pause(request))
        default:
            return .failure(ControlCommandError(
                "unknown command \"\(name)\" (known: \(names.joined(separator: ", ")))"))
        }
    }

    /// Checks a command made in code (the CLI) as the daemon would check it.
    public func validated() -> Result<ControlCommand, ControlCommandError> {
        switch self {
        case .snooze(let seconds): return Self.validated(name: name, seconds: seconds, days: nil)
        case .stats(let days, let offset): return Self.validated(name: name, seconds: nil, days: days, offset: offset)
        case .routine(let routine): return Self.validated(name: name, seconds: nil, days: nil, routine: routine)
        default: return .success(self)
        }
    }
}

/// How long a pause lasts.
public enum PauseRequest: String, Equatable, Sendable, CaseIterable {
    /// Until resumed (Home Assistant's switch, `posture pause`).
    case resumed
    /// Until the next local midnight (`posture pause --until-tomorrow`).
    case tomorrow
    /// End the pause (`posture resume`).
    case off
}

/// Why a request cannot be carried out as sent: sent back as `{"ok":false,"error":...}`.
public struct ControlCommandError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
