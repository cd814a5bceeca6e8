import PostureCoaching

/// The answer: one JSON object on one line, `ok` and either `error` or the fields of the command.
public struct ControlResponse: Codable, Equatable, Sendable, Error {
    public var ok: Bool
    public var error: String?
    public var message: String?
    public var status: StatusReport?
    public var stats: [DayStats]?
    /// A `stats` answer is one page: ask again from here for the rest (nil: the last page).
    public var nextOffset: Int?
    /// The routine started, in progress or last ended (routine commands).
    public var routine: RoutineSummary?
    /// The routines the daemon knows (routine commands).
    public var routines: [String]?
    /// The guided routines of the last 7 days, oldest first (`stats`, on its first page).
    public var routineRuns: [RoutineRun]?

    public init(ok: Bool, error: String? = nil, message: String? = nil, status: StatusReport? = nil, stats: [DayStats]? = nil,
                nextOffset: Int? = nil, routine: RoutineSummary? = nil, routines: [String]? = nil, routineRuns: [RoutineRun]? = nil) {
        self.routineRuns = routineRuns
        self.routine = routine
        self.routines = routines
        self.ok = ok
        self.error = error
        self.message = message
        self.status = status
        self.stats = stats
        self.nextOffset = nextOffset
    }

    enum CodingKeys: String, CodingKey {
        case ok, error, message, status, stats, nextOffset = "next_offset", routine, routines, routineRuns = "routine_runs"
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
    /// The sensor is simulated (`posture run --mock`).
    public var mock: Bool
    /// Alerts paused (Home Assistant's switch, `posture pause`); nil from daemons before schedules.
    public var paused: Bool?
    /// Wall-clock end of the pause; nil while paused until resumed, or not paused.
    public var pausedUntil: Double?
    public var pausedRemainingSeconds: Double?
    /// Inside today's working hours ([schedule]): alerts may play.
    public var workingHoursNow: Bool?
    /// Today's working hours as configured: "always", "off", "09:00-17:30".
    public var workingHoursToday: String?
    /// The guided routine in progress, nil when none.
    public var routine: RoutineSummary?
    /// The alert budget: alerts played in a row without an answer, and the factor their
    /// cooldown is backed off by (1: not backed off). Nil from older daemons.
    public var alertsIgnoredInARow: Int?
    public var alertBackoffFactor: Double?

    public init(posture: String, activity: String, calibrated: Bool, tiltDegrees: Double, pitchDegrees: Double,
                rollDegrees: Double, sittingSeconds: Double, snoozeUntil: Double?, snoozeRemainingSeconds: Double?,
                quietHoursNow: Bool, sensor: SensorReport, uptimeSeconds: Double, mock: Bool) {
        self.posture = posture
        self.activity = activity
        self.calibrated = calibrated
        self.tiltDegrees = tiltDegrees
        self.pitchDegrees = pitchDegrees
        self.rollDegrees = rollDegrees
        self.sittingSeconds = sittingSeconds
        self.snoozeUntil = snoozeUntil
        self.snoozeRemainingSeconds = snoozeRemainingSeconds
        self.quietHoursNow = quietHoursNow
        self.sensor = sensor
        self.uptimeSeconds = uptimeSeconds
        self.mock = mock
    }

    enum CodingKeys: String, CodingKey {
        case posture, activity, calibrated, tiltDegrees = "tilt_deg", pitchDegrees = "pitch_deg", rollDegrees = "roll_deg"
        case sittingSeconds = "sitting_s", snoozeUntil = "snooze_until", snoozeRemainingSeconds = "snooze_remaining_s"
        case quietHoursNow = "quiet_hours_now", sensor, uptimeSeconds = "uptime_s", mock
        case paused, pausedUntil = "paused_until", pausedRemainingSeconds = "paused_remaining_s", workingHoursNow = "working_hours_now", workingHoursToday = "working_hours_today"
        case routine
        case alertsIgnoredInARow = "alerts_ignored_in_a_row", alertBackoffFactor = "alert_backoff_factor"
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

    public init(chip: String, state: String, detail: String?, samples: Int, lastSampleAgeSeconds: Double?, faults: Int) {
        self.chip = chip
        self.state = state
        self.detail = detail
        self.samples = samples
        self.lastSampleAgeSeconds = lastSampleAgeSeconds
        self.faults = faults
    }

    enum CodingKeys: String, CodingKey {
        case chip, state, detail, samples, lastSampleAgeSeconds = "last_sample_age_s", faults
    }
}

/// One day's counters, as the control protocol sends them.
public struct DayStats: Codable, Equatable, Sendable {
    public var day: String
    public var counters: DailyCounters
    public init(day: String, counters: DailyCounters) {
        self.day = day
        self.counters = counters
    }
}
