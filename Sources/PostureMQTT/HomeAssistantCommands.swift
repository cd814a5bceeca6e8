import PostureControl

/// A message the daemon received: a control command to act on, or Home Assistant asking for
/// the discovery configs again (its status topic said "online").
public enum HomeAssistantMessage: Equatable, Sendable {
    case command(ControlCommand)
    case republishDiscovery
    /// Known topic, nothing to do (Home Assistant went offline).
    case ignored
}

/// Why a message was refused: logged, never fatal.
public struct HomeAssistantMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    public var topic: String
    public var reason: String
    public var description: String { "\(topic): \(reason)" }
}

/// Topic + payload -> what to do. Pure, so it is tested (and fuzzed) on its own; the commands
/// then go the typed ControlCommand path, with the daemon's own validation.
public struct HomeAssistantCommandParser: Sendable {
    public var topics: HomeAssistantTopics
    /// What the Snooze button's PRESS snoozes for ([nudge] snooze_default_s).
    public var snoozeDefaultSeconds: Double

    public init(topics: HomeAssistantTopics, snoozeDefaultSeconds: Double) {
        self.topics = topics
        self.snoozeDefaultSeconds = snoozeDefaultSeconds
    }

    /// Longer payloads are not commands.
    public static let maxPayloadBytes = 64

    public func parse(topic: String, payload: [UInt8]) -> Result<HomeAssistantMessage, HomeAssistantMessageError> {
        func fail(_ reason: String) -> Result<HomeAssistantMessage, HomeAssistantMessageError> {
            .failure(HomeAssistantMessageError(topic: topic, reason: reason))
        }
        guard payload.count <= Self.maxPayloadBytes else { return fail("payload of \(payload.count) bytes (at most \(Self.maxPayloadBytes))") }
        guard let text = String(validating: payload, as: UTF8.self) else { return fail("payload is not UTF-8") }
        let word = text.trimmed(of: " \t\r\n").uppercased()
        func command(_ c: ControlCommand) -> Result<HomeAssistantMessage, HomeAssistantMessageError> {
            switch c.validated() {
            case .success(let valid): return .success(.command(valid))
            case .failure(let e): return fail(e.message)
            }
        }
        switch topic {
        case topics.pauseCommand:
            switch word {
            case "ON": return command(.pause(.resumed))
            case "OFF": return command(.pause(.off))
            default: return fail("expected ON or OFF, got \"\(Self.shown(text))\"")
            }
        case topics.snoozeCommand:
            if word == "PRESS" || word.isEmpty { return command(.snooze(seconds: snoozeDefaultSeconds)) }
            guard let seconds = DurationText.parseSeconds(word.lowercased()) else {
                return fail("expected PRESS, OFF or a duration like 30m, got \"\(Self.shown(text))\"")
            }
            return command(.snooze(seconds: seconds))
        case topics.calibrateCommand, topics.stretchCommand:
            guard word == "PRESS" else { return fail("expected PRESS, got \"\(Self.shown(text))\"") }
            return command(topic == topics.calibrateCommand ? .calibrate : .stretch)
        case topics.homeAssistantStatus:
            switch word {
            case "ONLINE": return .success(.republishDiscovery)
            case "OFFLINE": return .success(.ignored)
            default: return fail("expected online or offline, got \"\(Self.shown(text))\"")
            }
        default:
            return fail("not a topic of this device")
        }
    }

    /// A payload as logged: control characters replaced, cut short.
    static func shown(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.prefix(32).map { $0.value < 0x20 || $0.value == 0x7f ? "?" : $0 }))
    }
}

extension String {
    func trimmed(of set: String) -> String {
        let drop = Set(set.unicodeScalars)
        var s = Substring(self).unicodeScalars[...]
        while let c = s.first, drop.contains(c) { s = s.dropFirst() }
        while let c = s.last, drop.contains(c) { s = s.dropLast() }
        return String(String.UnicodeScalarView(s))
    }
}
