import PostureControl
import PosturePipeline

/// What the service tells systemd (readiness, status line, watchdog pings) and `posture status`.
/// Pure: each method returns the sd_notify message to send, if any.
public struct ServiceReporter: Sendable {
    /// Ready is sent this long after start even without samples: systemd's start timeout must not
    /// kill a daemon that is only waiting for its sensor.
    public static let readyAnywaySeconds = 30.0

    public let startSeconds: Double
    /// Ping interval (half systemd's WatchdogSec); nil without a watchdog.
    public let watchdogIntervalSeconds: Double?
    public private(set) var readySent = false
    private var progressSinceLastPing = false
    private var lastPing = -Double.infinity
    private var lastStatusLine = ""

    public init(startSeconds: Double, watchdogIntervalSeconds: Double?) {
        self.startSeconds = startSeconds
        self.watchdogIntervalSeconds = watchdogIntervalSeconds
    }

    /// Samples arrived: ready, the first time.
    public mutating func samplesArrived(sensorName: String) -> String? {
        guard !readySent else { return nil }
        readySent = true
        return "READY=1\nSTATUS=running: \(sensorName)"
    }

    /// Ready without samples once `readyAnywaySeconds` have passed.
    public mutating func readyAnyway(now: Double, health: SensorHealth) -> String? {
        guard !readySent, now - startSeconds >= Self.readyAnywaySeconds else { return nil }
        readySent = true
        return "READY=1\nSTATUS=waiting for the sensor: \(health.name)"
    }

    /// When `readyAnyway` will answer (nil once ready).
    public var readyDeadline: Double? { readySent ? nil : startSeconds + Self.readyAnywaySeconds }

    /// The loop did useful work (samples, or re-probing a lost sensor on schedule).
    public mutating func progressed() { progressSinceLastPing = true }

    /// A watchdog ping when one is due and the loop made progress; none while stalled, so
    /// systemd restarts the service.
    public mutating func watchdogPing(now: Double, health: SensorHealth) -> String? {
        guard let interval = watchdogIntervalSeconds, progressSinceLastPing, now - lastPing >= interval else { return nil }
        if case .stalled = health { return nil }
        lastPing = now
        progressSinceLastPing = false
        return "WATCHDOG=1"
    }

    /// The status line for `systemctl status`, when it changed.
    public mutating func statusLine(_ state: SampleState, snoozed: Bool) -> String? {
        let line = "STATUS=\(state.posture.rawValue), \(state.activity.rawValue)"
            + (state.isCalibrated ? "" : " (not calibrated)")
            + (snoozed ? ", snoozed" : "")
        guard line != lastStatusLine else { return nil }
        lastStatusLine = line
        return line
    }

    /// `posture status` from the pipeline's snapshot and the sensor's health.
    public static func statusReport(snapshot: PipelineSnapshot, sensor: SensorHealthTracker, sensorName: String,
                                    now: Double, wall: Double, startSeconds: Double, snoozeUntilWall: Double?,
                                    quietHoursNow: Bool, simulated: Bool) -> StatusReport {
        let snoozeUntil = snoozeUntilWall.flatMap { wall < $0 ? $0 : nil }
        return StatusReport(
            posture: snapshot.state.posture.rawValue, activity: snapshot.state.activity.rawValue,
            calibrated: snapshot.state.isCalibrated,
            tiltDegrees: round1(snapshot.state.tiltDegrees), pitchDegrees: round1(snapshot.state.pitchDegrees),
            rollDegrees: round1(snapshot.state.rollDegrees), sittingSeconds: round1(snapshot.sittingSeconds),
            snoozeUntil: snoozeUntil, snoozeRemainingSeconds: snoozeUntil.map { round1($0 - wall) },
            quietHoursNow: quietHoursNow,
            sensor: SensorReport(chip: sensorName, state: sensor.health.name, detail: sensor.detail(now: now),
                                 samples: sensor.sampleCount, lastSampleAgeSeconds: sensor.lastSampleSeconds.map { round1(now - $0) },
                                 faults: sensor.faultCount),
            uptimeSeconds: round1(now - startSeconds), mock: simulated)
    }

    /// The standing suggestion, aged on the pipeline's (sample) clock.
    public static func recalibrationStatus(_ snapshot: PipelineSnapshot) -> RecalibrationStatus? {
        snapshot.recalibration.map {
            RecalibrationStatus(reason: $0.suggestion.reason.rawValue, offsetDegrees: round1($0.suggestion.offsetDegrees),
                                evidence: $0.suggestion.evidence.rawValue,
                                sinceSeconds: round1(max(0, snapshot.state.timeSeconds - $0.atSeconds)))
        }
    }
}
