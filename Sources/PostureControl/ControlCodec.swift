import Foundation

/// The control protocol's one wire format: a JSON object per line each way.
///
///     {"cmd":"status"}
///     {"cmd":"calibrate"}
///     {"cmd":"snooze","seconds":1800}      seconds 0 ends the snooze
///     {"cmd":"stretch"}
///     {"cmd":"ack"}
///     {"cmd":"stats","days":7}
///     {"cmd":"stats","days":3650,"offset":100}    the next page (answers carry "next_offset")
///     {"cmd":"pause","until":"resumed"}   "tomorrow": the next local midnight; "off" resumes
///     {"cmd":"routine","name":"daily"}    also routine_status, routine_stop, routine_skip
public enum ControlCodec {
    /// The fields of a request as they travel.
    struct WireRequest: Codable {
        var cmd: String
        var seconds: Double?
        var days: Int?
        var offset: Int?
        var until: String?
        var name: String?
    }

    /// The request line (without the newline).
    public static func encode(_ command: ControlCommand) -> String {
        var wire = WireRequest(cmd: command.name)
        switch command {
        case .snooze(let seconds): wire.seconds = seconds
        case .stats(let days, let offset):
            wire.days = days
            if offset > 0 { wire.offset = offset }
        case .pause(let request): wire.until = request.rawValue
        case .routine(let name): wire.name = name
        case .status, .calibrate, .stretch, .ack, .routineStatus, .routineStop, .routineSkip: break
        }
        return encodeJSON(wire)
    }

    public static let notARequest = "not a JSON request object with \"cmd\" (one per line), e.g. {\"cmd\":\"status\"}"

    /// A request line: the command, or the failure response to send back (bad JSON, an unknown
    /// command, a value out of range).
    public static func decodeCommand(_ line: Substring) -> Result<ControlCommand, ControlResponse> {
        guard let wire = try? JSONDecoder().decode(WireRequest.self, from: Data(line.utf8)) else {
            return .failure(.failure(notARequest))
        }
        return ControlCommand.validated(name: wire.cmd, seconds: wire.seconds, days: wire.days, offset: wire.offset,
                                        until: wire.until, routine: wire.name)
            .mapError { .failure($0.message) }
    }

    /// The response line (without the newline).
    public static func encode(_ response: ControlResponse) -> String { encodeJSON(response) }

    /// A response line from the daemon; nil when it is not one.
    public static func decodeResponse<Bytes: Collection>(_ bytes: Bytes) -> ControlResponse? where Bytes.Element == UInt8 {
        try? JSONDecoder().decode(ControlResponse.self, from: Data(bytes))
    }

    static func encodeJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{\"ok\":false,\"error\":\"encoding failed\"}" }
        return String(decoding: data, as: UTF8.self)
    }
}
