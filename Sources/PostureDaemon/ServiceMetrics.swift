import Foundation
import IMUDrivers
import PostureCoaching
import PostureControl
import PostureCore
import PosturePipeline

/// Counts since the daemon started that the pipeline does not keep: nudges by kind and
/// outcome, faults by kind. Every label value starts at 0 so each series exists from the start.
public struct ServiceMetricCounters: Equatable, Sendable {
    public var nudgesPlayed: [String: Int]
    public var nudgesSuppressed: [String: Int]
    public var sensorFaults: [String: Int]
    /// Faults that are not the sensor's (a corrupt state file, ...).
    public var otherFaults: [String: Int] = [:]
    /// Slouch and sitting alerts withheld, by reason (budget, cooldown, quiet_hours, ...).
    public var alertsWithheld: [String: Int]
    /// Slouch alerts answered by sitting up in time (slouch_corrected).
    public var slouchCorrected = 0

    static let sensorFaultKinds = SensorFault.Kind.allCases.map(\.rawValue) + ["stall"]

    public init() {
        let kinds = NudgeKind.allCases.map(\.rawValue)
        nudgesPlayed = Dictionary(uniqueKeysWithValues: kinds.map { ($0, 0) })
        nudgesSuppressed = nudgesPlayed
        sensorFaults = Dictionary(uniqueKeysWithValues: Self.sensorFaultKinds.map { ($0, 0) })
        alertsWithheld = Dictionary(uniqueKeysWithValues: NudgeSuppression.allCases.map { ($0.rawValue, 0) })
    }

    public mutating func nudge(_ kind: NudgeKind, played: Bool) {
        if played { nudgesPlayed[kind.rawValue, default: 0] += 1 } else { nudgesSuppressed[kind.rawValue, default: 0] += 1 }
    }

    public mutating func observe(_ event: PostureEvent) {
        switch event.payload {
        case .fault(let kind, _):
            if sensorFaults[kind] != nil { sensorFaults[kind, default: 0] += 1 } else { otherFaults[kind, default: 0] += 1 }
        case .alertWithheld(let w): alertsWithheld[w.reason, default: 0] += 1
        case .slouchCorrected: slouchCorrected += 1
        default: break
        }
    }
}

/// What one metrics file shows: the status, the pipeline's totals, the service's counters.
public struct MetricsSnapshot: Sendable {
    public var up: Bool
    public var status: StatusReport
    public var pipeline: PipelineCounters
    public var service: ServiceMetricCounters
    public var startWallSeconds: Double
}

/// The Prometheus text exposition format (version 0.0.4), as node_exporter's textfile
/// collector reads it: `# HELP` and `# TYPE` before each family, counters end in `_total`,
/// base units (seconds, degrees as the project's unit), label values escaped.
public enum PrometheusText {
    struct Family {
        var name: String
        var type: String
        var help: String
        var samples: [(labels: [(String, String)], value: Double)]
    }

    public static func render(_ m: MetricsSnapshot) -> String {
        let s = m.status
        let p = m.pipeline
        func one(_ name: String, _ type: String, _ help: String, _ value: Double) -> Family {
            Family(name: name, type: type, help: help, samples: [([], value)])
        }
        func flag(_ b: Bool) -> Double { b ? 1 : 0 }
        func byKind(_ counts: [String: Int], label: String = "kind") -> [(labels: [(String, String)], value: Double)] {
            counts.keys.sorted().map { ([(label, $0)], Double(counts[$0] ?? 0)) }
        }
        var families: [Family] = [
            one("posture_up", "gauge", "1 while the posture daemon runs, 0 once it has stopped.", flag(m.up)),
            one("posture_start_time_seconds", "gauge", "When the daemon started (Unix time).", m.startWallSeconds),
            one("posture_sensor_ok", "gauge", "1 while the IMU delivers samples.", flag(s.sensor.state == "ok")),
            one("posture_samples_total", "counter", "IMU samples processed since the daemon started.", Double(s.sensor.samples)),
            one("posture_calibrated", "gauge", "1 when an upright reference is set.", flag(s.calibrated)),
            one("posture_slouching", "gauge", "1 while the wearer slouches.", flag(s.posture == PostureState.slouched.rawValue)),
            one("posture_sitting", "gauge", "1 while the wearer sits.", flag(s.activity == ActivityState.sitting.rawValue)),
            one("posture_snoozed", "gauge", "1 while alerts are snoozed.", flag(s.snoozeRemainingSeconds != nil)),
            one("posture_sitting_bout_seconds", "gauge", "Length of the current sitting bout (0 when not sitting).", s.sittingSeconds),
            one("posture_slouched_seconds_total", "counter", "Time spent slouched since the daemon started.", p.slouchedSeconds),
            one("posture_slouch_alerts_total", "counter", "Slouch alerts raised since the daemon started.", Double(p.slouchAlerts)),
            one("posture_sitting_nudges_total", "counter", "Sitting nudges raised since the daemon started.", Double(p.sittingNudges)),
            Family(name: "posture_nudges_total", "counter", "Nudges that vibrated, by kind.", byKind(m.service.nudgesPlayed)),
            Family(name: "posture_nudges_suppressed_total", "counter",
                   "Alerts not played (snooze, quiet hours, cooldown, hourly cap), by kind.", byKind(m.service.nudgesSuppressed)),
            Family(name: "posture_alerts_withheld_total", "counter",
                   "Slouch and sitting alerts withheld, by reason (budget: backed off after ignored alerts).",
                   byKind(m.service.alertsWithheld, label: "reason")),
            one("posture_slouch_corrected_total", "counter", "Slouch alerts answered by sitting up within the response window.",
                Double(m.service.slouchCorrected)),
            one("posture_alert_backoff_factor", "gauge", "How far the alert cooldown is backed off (1: not at all).",
                s.alertBackoffFactor ?? 1),
            Family(name: "posture_sensor_faults_total", "counter", "Sensor and bus faults, by kind.", byKind(m.service.sensorFaults)),
            one("posture_stretch_sessions_total", "counter", "Stretch sessions started.", Double(p.stretchSessions)),
            one("posture_holds_total", "counter", "Stretch holds completed.", Double(p.holds)),
            one("posture_holds_target_met_total", "counter", "Stretch holds that reached the hold target.", Double(p.holdsTargetMet)),
            one("posture_bounces_total", "counter", "Bounces flagged during stretches.", Double(p.bounces)),
            one("posture_jerks_total", "counter", "Jerks flagged during stretches.", Double(p.jerks)),
        ]
        if !m.service.otherFaults.isEmpty {
            families.append(Family(name: "posture_faults_total", "counter", "Other faults (state file, ...), by kind.", byKind(m.service.otherFaults)))
        }
        if s.calibrated {
            families.append(one("posture_tilt_degrees", "gauge", "Trunk tilt from upright, in degrees.", s.tiltDegrees))
            families.append(one("posture_pitch_degrees", "gauge", "Forward (+) or backward lean, in degrees.", s.pitchDegrees))
            families.append(one("posture_roll_degrees", "gauge", "Sideways lean, in degrees.", s.rollDegrees))
        }
        var out = ""
        for f in families {
            out += "# HELP \(f.name) \(escapeHelp(f.help))\n# TYPE \(f.name) \(f.type)\n"
            for sample in f.samples {
                let labels = sample.labels.isEmpty ? ""
                    : "{" + sample.labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
                out += "\(f.name)\(labels) \(number(sample.value))\n"
            }
        }
        return out
    }

    /// Go's strconv.ParseFloat reads these: integers plainly, others with enough digits, NaN and ±Inf by name.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "+Inf" : "-Inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return DecimalFormatting.string(x, fractionDigits: 3)
    }

    static func escapeLabel(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func escapeHelp(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension PrometheusText.Family {
    init(name: String, _ type: String, _ help: String, _ samples: [(labels: [(String, String)], value: Double)]) {
        self.init(name: name, type: type, help: help, samples: samples)
    }
}
