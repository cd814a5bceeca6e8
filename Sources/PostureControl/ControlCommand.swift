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

    /// The `cmd` of each command, in the order `posture --help` lists them.
    public static let names = ["status", "calibrate", "snooze", "stretch", "ack", "stats"]

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
        }
    }

    /// Builds a command from the wire fields, checking each value. The messages are what the
    /// client shows the user.
    public static func validated(name: String, seconds: Double?, days: Int?, offset: Int? = nil) -> Result<ControlCommand, ControlCommandError> {
        switch name {
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
        default: return .success(self)
        }
    }
}

/// Why a request cannot be carried out as sent: sent back as `{"ok":false,"error":...}`.
public struct ControlCommandError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
