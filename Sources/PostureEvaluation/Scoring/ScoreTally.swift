import PostureCore
import PosturePipeline
import PostureSimulator

/// Every metric accumulated over scenarios, and the misses in the order found.
public struct ScoreTally: Sendable {
    public var scenarios = 0
    public var simulatedSeconds = 0.0
    public var slouch = SlouchAlertScore()
    public var nudges = SittingNudgeScore()
    public var holds = HoldScore()
    public var movement = HoldMovementScore()
    public var activity = ActivityScore()
    public var posture = PostureScore()
    public var repetitions = RepetitionScore()
    public var breathing = BreathingScore()
    public var twists = TwistScore()
    public var exercises = ExerciseScore()
    public var warmUp = WarmUpScore()
    public var shift = SensorShiftScore()
    /// One line per miss (missed or false alert, missed hold, ...), for `--show-misses`.
    public var failures: [String] = []

    public init() {}

    /// Scores one replayed scenario against its labels (rules in `ScoringRules`).
    public mutating func add(_ run: ScenarioRun, labels: ScenarioLabels, settings: PipelineSettings) {
        scenarios += 1
        simulatedSeconds += labels.durationSeconds
        shift.add(run, labels, failures: &failures)
        // After a slip every angle is off until the wearer recalibrates: that day scores the shift only.
        guard labels.sensorShift == nil else { return }
        exercises.add(run, labels, settings, failures: &failures)
        warmUp.add(run, labels, settings)
        // The exercise library is scored on its names only (its floor work is not desk life).
        guard labels.scenario != ScenarioKind.exercises.rawValue else { return }
        slouch.add(run, labels, settings, failures: &failures)
        nudges.add(run, labels, settings, failures: &failures)
        holds.add(run, labels, settings, failures: &failures)
        movement.add(run, labels, failures: &failures)
        activity.add(run, labels)
        posture.add(run, labels)
        repetitions.add(run, labels)
        breathing.add(run, labels, settings)
        twists.add(run, labels, failures: &failures)
    }

    public func report(title: String) -> ScoreReport {
        ScoreReport(title: title, scenarios: scenarios, simulatedSeconds: simulatedSeconds,
                    rows: slouch.rows + nudges.rows + holds.rows + movement.rows + activity.rows + posture.rows
                        + repetitions.rows + breathing.rows + twists.rows + exercises.rows + warmUp.rows + shift.plainRows)
    }
}
