// The coaching settings: kinds of haptic feedback, their patterns, cooldowns and limits.
// PostureConfig reads them from the TOML file; the nudger and the scheduler use them.

/// The kinds of haptic feedback, each with its own pattern and cooldown.
public enum NudgeKind: String, Equatable, Sendable, CaseIterable {
    /// slouch_alert
    case slouch
    /// sitting_nudge
    case sitting
    /// hold_end with target_met
    case holdTarget = "hold_target"
    /// bounce or jerk during a stretch
    case warning
    /// A routine's next step (followed by one short tap per step number).
    case routineStep = "routine_step"
    /// A two-sided routine step: now the other side.
    case routineSide = "routine_side"
    /// A routine is over.
    case routineEnd = "routine_end"
    /// A slouch corrected soon after its alert: "got it right" (positive_feedback).
    case positive
}

/// A vibration pattern: on/off durations in milliseconds, starting with "on".
public struct VibrationPattern: Equatable, Sendable, CustomStringConvertible {
    public var stepsMilliseconds: [Int]
    public init(_ stepsMilliseconds: [Int]) { self.stepsMilliseconds = stepsMilliseconds }
    public var totalMilliseconds: Int { stepsMilliseconds.reduce(0, +) }
    public var description: String { "[" + stepsMilliseconds.map(String.init).joined(separator: ", ") + "]" }
}

extension VibrationPattern {
    /// ▮▯▮ for [150, 100, 150]: on steps as full blocks, off steps as empty ones.
    public var picture: String {
        var s = ""
        for (i, ms) in stepsMilliseconds.enumerated() {
            let n = max(1, min(6, ms / 150))
            s += String(repeating: i % 2 == 0 ? "\u{25AE}" : "\u{25AF}", count: n)
        }
        return s
    }
}

public struct NudgeSettings: Equatable, Sendable {
    public var slouchPattern = VibrationPattern([150, 100, 150])
    public var sittingPattern = VibrationPattern([600, 300, 600])
    public var holdTargetPattern = VibrationPattern([60, 60, 60, 60, 60])
    public var warningPattern = VibrationPattern([400])
    /// One short tap, unlike every other pattern: the wearer sat up after an alert.
    public var positivePattern = VibrationPattern([80])
    /// The positive tap after a slouch corrected within `responseWindowSeconds` of its alert.
    public var positiveFeedback = true
    /// Sitting up this soon after a slouch alert answers it: the positive tap, and the alert
    /// budget resets. Later, the alert counts as ignored.
    public var responseWindowSeconds = 60.0
    /// The alert budget: after this many alerts of a kind ignored in a row, its cooldown
    /// doubles with each further one, up to `backoffMaxFactor` times (0 = never back off).
    /// Too many buzzes make people stop wearing the device.
    public var backoffAfter = 2
    public var backoffMaxFactor = 4.0
    public var routineStepPattern = VibrationPattern([500, 250])
    public var routineSidePattern = VibrationPattern([80, 80, 80, 80, 500])
    public var routineEndPattern = VibrationPattern([500, 150, 500, 150, 500])
    /// Played instead of the slouch or sitting pattern once `escalateAfter` alerts in a row were ignored.
    public var escalationPattern = VibrationPattern([300, 100, 300, 100, 300, 100, 300])
    /// 0 = never escalate.
    public var escalateAfter = 3
    public var quietHours: QuietHours? = nil
    /// Alerts only inside these hours ([schedule]); all day every day by default.
    public var workingHours = WorkSchedule()
    public var slouchCooldownSeconds = 300.0
    public var sittingCooldownSeconds = 900.0
    public var holdTargetCooldownSeconds = 0.0
    public var warningCooldownSeconds = 10.0
    public var snoozeDefaultSeconds = 1800.0
    /// Alerts (slouch and sitting) played per rolling hour; more are skipped.
    public var maxPerHour = 12
    /// After a vibration, samples stay marked as disturbed this long (the motor rings down).
    public var settleMilliseconds = 300
    /// A short press this soon after an alert acknowledges it (with ack_or_snooze).
    public var ackWindowSeconds = 60.0
    public init() {}

    public func pattern(for kind: NudgeKind) -> VibrationPattern {
        switch kind {
        case .slouch: return slouchPattern
        case .sitting: return sittingPattern
        case .holdTarget: return holdTargetPattern
        case .warning: return warningPattern
        case .routineStep: return routineStepPattern
        case .routineSide: return routineSidePattern
        case .routineEnd: return routineEndPattern
        case .positive: return positivePattern
        }
    }

    public func cooldownSeconds(for kind: NudgeKind) -> Double {
        switch kind {
        case .slouch: return slouchCooldownSeconds
        case .sitting: return sittingCooldownSeconds
        case .holdTarget: return holdTargetCooldownSeconds
        case .warning: return warningCooldownSeconds
        case .routineStep, .routineSide, .routineEnd, .positive: return 0
        }
    }
}

extension NudgeSettings {
    /// Step `number` (1-based) of a routine: the step pattern, then one short tap per step
    /// number (at most 8), so the wearer feels where in the routine they are.
    public func routineStepPattern(number: Int) -> VibrationPattern {
        var steps = routineStepPattern.stepsMilliseconds
        if steps.count % 2 == 1 { steps.append(250) }  // a gap before the taps
        for i in 0..<max(1, min(8, number)) {
            if i > 0 { steps.append(150) }
            steps.append(80)
        }
        return VibrationPattern(steps)
    }
}
