import PostureCore
import PosturePipeline
import PostureSimulator

/// The slouch detector of hobby posture projects that issue 10 compares against: pitch from
/// the accelerometer alone (low-passed over half a second), samples skipped while the gyro
/// reads more than 20 °/s (its offset taken at calibration), an alert after `alert_after_s`
/// above the slouch angle; a reading below the angle restarts the timer.
public struct HobbySlouchDetector: Sendable {
    public var gateDegreesPerSecond = 20.0
    public var smoothingSeconds = 0.5
    private var accel: Vector3?
    private var gyroOffset = Vector3.zero
    private var gyroMean = Vector3.zero
    private var frame: TrunkFrame?
    private var slouchedSeconds = 0.0
    private var alerted = false
    private var lastTime: Double?

    public init() {}

    public mutating func process(_ sample: IMUSample, action: UserAction?, settings: PipelineSettings,
                                 events: inout [PostureEvent]) {
        let t = sample.timeSeconds
        let dt = lastTime.map { min(max(0, t - $0), settings.sensor.maxGapSeconds) } ?? 0
        lastTime = t
        let a = accel.map { $0 + (sample.accelG - $0) * (dt / (smoothingSeconds + dt)) } ?? sample.accelG
        accel = a
        gyroMean += (sample.gyroDegreesPerSecond - gyroMean) * (dt / (2 + dt))
        if action == .calibrate {
            frame = TrunkFrame(referenceUp: a, forwardAxis: settings.sensor.forwardAxis)
            gyroOffset = gyroMean
            slouchedSeconds = 0
            alerted = false
        }
        guard let frame, (sample.gyroDegreesPerSecond - gyroOffset).norm <= gateDegreesPerSecond,
              let up = a.normalized else { return }
        if frame.angles(of: up).pitchDegrees > settings.slouch.angleDegrees {
            slouchedSeconds += dt
            if slouchedSeconds >= settings.slouch.alertAfterSeconds && !alerted {
                alerted = true
                events.append(.slouchAlert(at: t, slouchedSeconds: slouchedSeconds))
            }
        } else {
            slouchedSeconds = 0
            alerted = false
        }
    }
}

/// Baselines for the typing rows of the hard score: the pipeline as it was before issue 10's
/// MovementGate (a 1 s pause after every quick sample, no steady time, no median angles) and the
/// hobby detector. Information only; they show how hard the typing scenarios are.
public struct TypingBaselines: Sendable {
    public var beforeGate = SlouchAlertScore()
    public var hobby = SlouchAlertScore()

    public init() {}

    /// `settings` with issue 10's typing changes switched off: the pipeline before it.
    public static func beforeIssue10(_ settings: PipelineSettings) -> PipelineSettings {
        var s = settings
        s.posture.movingMinHoldSeconds = s.posture.movingHoldSeconds
        s.posture.steadySeconds = 0
        s.posture.robustTiltSeconds = 0
        s.posture.movingMinBurstSeconds = 0
        return s
    }

    public mutating func add(_ scenario: SimulatedScenario, settings: PipelineSettings) {
        var ignored: [String] = []
        let old = Self.beforeIssue10(settings)
        beforeGate.add(ScenarioRun.replay(scenario, settings: old), scenario.labels, old, failures: &ignored)
        var detector = HobbySlouchDetector()
        var events: [PostureEvent] = []
        for record in scenario.trace.records {
            detector.process(record.sample, action: record.marker, settings: settings, events: &events)
        }
        hobby.add(ScenarioRun(events: events), scenario.labels, settings, failures: &ignored)
    }

    public var rows: [ScoreRow] {
        func line(_ score: SlouchAlertScore) -> String {
            "precision \(ScoreRow.fractionText(score.truePositives, of: score.truePositives + score.falseAlerts)),"
                + " recall \(ScoreRow.ratioText(score.detected, of: score.expected))"
        }
        return [
            .info("typing baseline: pipeline before issue 10", line(beforeGate)),
            .info("typing baseline: accel pitch + 20 deg/s gate", line(hobby)),
        ]
    }
}
