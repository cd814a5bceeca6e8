import PostureCoaching

/// Routines in words, for `posture routine` and the daemon's messages.
public enum RoutineText {
    /// "knee_to_chest: 2 holds of 20 s per side"
    public static func goal(_ s: RoutineStepResult) -> String {
        let sides = s.bothSides ? " per side" : ""
        switch s.kind {
        case .repetitions: return "\(s.exercise): \(s.count) repetitions"
        case .hold:
            let target = s.holdSeconds.map { " of \(DurationText.format($0))" } ?? ""
            return "\(s.exercise): \(s.count) hold\(s.count == 1 ? "" : "s")\(target)\(sides)"
        }
    }

    /// What was seen of a step.
    public static func seen(_ s: RoutineStepResult) -> String {
        var parts: [String] = []
        switch s.kind {
        case .repetitions: parts.append("\(s.repetitions)/\(s.count) repetitions")
        case .hold:
            if s.bothSides {
                parts.append("left \(s.holdsMet(side: "left"))/\(s.count), right \(s.holdsMet(side: "right"))/\(s.count) on target")
            } else {
                parts.append("\(s.holdsMet(side: nil))/\(s.count) on target")
            }
            if !s.holds.isEmpty {
                parts.append("holds " + s.holds.map { DurationText.format($0.seconds) + ($0.side == "none" ? "" : " \($0.side)") }
                    .joined(separator: ", "))
            }
        }
        if s.bounces > 0 { parts.append("\(s.bounces) bounces") }
        if s.jerks > 0 { parts.append("\(s.jerks) jerks") }
        if s.unconfirmed > 0 { parts.append("\(s.unconfirmed) not recognised as \(s.exercise)") }
        return parts.joined(separator: "; ")
    }

    /// The whole summary as lines.
    public static func render(_ r: RoutineSummary) -> String {
        let state = r.currentStep.map { "in progress, step \($0 + 1)/\(r.steps.count)" + (r.currentSide.map { ", \($0) side" } ?? "") }
            ?? (r.stopped ? "stopped" : "done")
        var lines = ["routine \(r.name): \(state), \(DurationText.format(r.durationSeconds))"]
        for (i, s) in r.steps.enumerated() {
            lines.append("  \(i + 1). \(goal(s)) - \(s.outcome.rawValue.replacingOccurrences(of: "_", with: " "))"
                         + (s.outcome == .pending ? "" : ": \(seen(s))"))
        }
        lines.append("  steps done \(r.stepsDone)/\(r.steps.count) (skipped \(r.stepsSkipped), timed out \(r.stepsTimedOut)); "
                     + "holds on target \(r.holdsTargetMet)/\(r.holds); repetitions \(r.repetitions); "
                     + "bounces \(r.bounces), jerks \(r.jerks); sides left \(r.leftHolds) / right \(r.rightHolds)")
        return lines.joined(separator: "\n")
    }
}
