import Foundation
import SystemSupport

/// One request on the control socket: a JSON object on one line.
///
///     {"cmd":"status"}
///     {"cmd":"calibrate"}
///     {"cmd":"snooze","seconds":1800}      seconds 0 ends the snooze
///     {"cmd":"stretch"}
///     {"cmd":"ack"}
///     {"cmd":"stats","days":7}
public struct ControlRequest: Codable, Equatable, Sendable {
    public var cmd: String
    public var seconds: Double?
    public var days: Int?

    public init(cmd: String, seconds: Double? = nil, days: Int? = nil) {
        self.cmd = cmd
        self.seconds = seconds
        self.days = days
    }

    public static let commands = ["status", "calibrate", "snooze", "stretch", "ack", "stats"]
}

/// The answer: one JSON object on one line, `ok` and either `error` or the fields of the command.
public struct ControlResponse: Codable, Equatable, Sendable {
    public var ok: Bool
    public var error: String?
    public var message: String?
    public var status: StatusReport?
    public var stats: [DayStats]?

    public init(ok: Bool, error: String? = nil, message: String? = nil, status: StatusReport? = nil, stats: [DayStats]? = nil) {
        self.ok = ok
        self.error = error
        self.message = message
        self.status = status
        self.stats = stats
    }

    public static func failure(_ error: String) -> ControlResponse { ControlResponse(ok: false, error: error) }
}

/// `posture status`.
public struct StatusReport: Codable, Equatable, Sendable {
    public var posture: String
    public var activity: String
    public var calibrated: Bool
    public var tiltDegrees: Double
    public var pitchDegrees: Double
    public var rollDegrees: Double
    /// The current sitting bout, 0 when not sitting.
    public var sittingSeconds: Double
    /// Wall-clock end of the snooze, nil when not snoozed.
    public var snoozeUntil: Double?
    public var snoozeRemainingSeconds: Double?
    public var quietHoursNow: Bool
    public var sensor: SensorReport
    public var uptimeSeconds: Double
    public var mock: Bool

    enum CodingKeys: String, CodingKey {
        case posture, activity, calibrated, tiltDegrees = "tilt_deg", pitchDegrees = "pitch_deg", rollDegrees = "roll_deg"
        case sittingSeconds = "sitting_s", snoozeUntil = "snooze_until", snoozeRemainingSeconds = "snooze_remaining_s"
        case quietHoursNow = "quiet_hours_now", sensor, uptimeSeconds = "uptime_s", mock
    }
}

/// Sensor health in `posture status`.
public struct SensorReport: Codable, Equatable, Sendable {
    public var chip: String
    /// "starting", "ok", "fault", "stalled"
    public var state: String
    public var detail: String?
    public var samples: Int
    public var lastSampleAgeSeconds: Double?
    public var faults: Int

    enum CodingKeys: String, CodingKey {
        case chip, state, detail, samples, lastSampleAgeSeconds = "last_sample_age_s", faults
    }
}

extension DayStats {
    enum CodingKeys: String, CodingKey { case day, counters }
}

public enum ControlCoding {
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{\"ok\":false,\"error\":\"encoding failed\"}" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func decodeRequest(_ line: Substring) -> Result<ControlRequest, ControlResponse> {
        guard let request = try? JSONDecoder().decode(ControlRequest.self, from: Data(line.utf8)) else {
            return .failure(.failure("not a JSON request object with \"cmd\" (one per line), e.g. {\"cmd\":\"status\"}"))
        }
        return .success(request)
    }
}

extension ControlResponse: Error {}

/// Durations as people type them: "90s", "30m", "1h", "1h30m", "45" (seconds), "off".
public enum DurationText {
    /// Seconds; 0 for "off". nil when not understood.
    public static func parseSeconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "off" || t == "0" { return 0 }
        if let plain = Double(t), plain.isFinite, plain > 0 { return plain }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for ch in t {
            if ch.isNumber || ch == "." {
                number.append(ch)
                continue
            }
            guard let value = Double(number), value.isFinite else { return nil }
            switch ch {
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86400
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, total > 0 else { return nil }
        return total
    }

    /// "1h 05m", "12m 30s", "45s"
    public static func format(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h " + LocalCalendar.pad((s % 3600) / 60, 2) + "m" }
        if s >= 60 { return "\(s / 60)m " + LocalCalendar.pad(s % 60, 2) + "s" }
        return "\(s)s"
    }
}
