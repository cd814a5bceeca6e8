import PostureCoaching
import PostureControl

/// "Guided routines": each run of the days shown with its steps as a table (what was asked, how
/// it ended, holds on target, time held per side, repetitions, bounces, jerks). Cells carry
/// `data-key` and `data-value` with the keys of `posture export --what routines`.
enum RoutinesHTML {
    static func section(_ page: ReportPage) -> String {
        guard !page.routineRuns.isEmpty else { return "" }
        var html = "<section><h2>Guided routines</h2>\n"
        for (i, r) in page.routineRuns.enumerated() {
            html += table(r, index: i)
        }
        return html + "</section>\n"
    }

    static func ended(_ s: RoutineSummary) -> String {
        s.stopped ? "stopped" : (s.stepsDone == s.steps.count ? "done" : "ended")
    }

    static func table(_ r: ReportRoutineRun, index: Int) -> String {
        let s = r.run.summary
        var html = "<h3 data-run=\"\(index)\" data-routine=\"\(HTMLText.escape(s.name))\" data-steps-done=\"\(s.stepsDone)\" "
            + "data-steps=\"\(s.steps.count)\" data-stopped=\"\(s.stopped)\">"
            + HTMLText.escape("\(s.name), \(r.when): \(ended(s)), \(s.stepsDone)/\(s.steps.count) steps done"
                + (s.stepsSkipped > 0 ? ", \(s.stepsSkipped) skipped" : "") + (s.stepsTimedOut > 0 ? ", \(s.stepsTimedOut) timed out" : "")
                + ", \(DurationText.format(s.durationSeconds))")
            + "</h3>\n"
        html += "<table class=\"totals routine\" data-run=\"\(index)\"><thead><tr>"
        html += ["step", "exercise", "asked", "outcome", "on target", "held", "left", "right", "repetitions", "bounces", "jerks"]
            .map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>\n"
        func cell(_ key: String, _ value: Double, _ text: String) -> String {
            "<td data-key=\"\(key)\" data-value=\"\(ReportHTML.plain(value))\">\(HTMLText.escape(text))</td>"
        }
        func seconds(_ step: RoutineStepResult, _ side: String?) -> Double {
            step.holds.filter { side == nil || $0.side == side }.reduce(0) { $0 + $1.seconds }
        }
        for (n, step) in s.steps.enumerated() {
            let held = seconds(step, nil), left = seconds(step, "left"), right = seconds(step, "right")
            html += "<tr data-step=\"\(n + 1)\"><td>\(n + 1)</td><td>\(HTMLText.escape(SidesHTML.name(step.exercise)))</td>"
                + "<td>\(HTMLText.escape(asked(step)))</td>"
                + "<td data-key=\"outcome\" data-value=\"\(step.outcome.rawValue)\">\(HTMLText.escape(step.outcome.rawValue.replacingOccurrences(of: "_", with: " ")))</td>"
                + cell("holds_target_met", Double(step.holdsMet(side: nil)), step.kind == .hold ? "\(step.holdsMet(side: nil))/\(step.holds.count)" : "")
                + cell("hold_s", held, held > 0 ? DurationText.format(held) : "")
                + cell("left_hold_s", left, left > 0 ? DurationText.format(left) : "")
                + cell("right_hold_s", right, right > 0 ? DurationText.format(right) : "")
                + cell("repetitions", Double(step.repetitions), step.kind == .repetitions ? "\(step.repetitions)/\(step.count)" : "")
                + cell("bounces", Double(step.bounces), "\(step.bounces)")
                + cell("jerks", Double(step.jerks), "\(step.jerks)") + "</tr>\n"
        }
        html += "<tr class=\"sum\"><th colspan=\"4\">all steps</th>"
            + cell("holds_target_met", Double(s.holdsTargetMet), "\(s.holdsTargetMet)/\(s.holds)")
            + cell("hold_s", s.holdSeconds, DurationText.format(s.holdSeconds))
            + cell("left_holds", Double(s.leftHolds), "\(s.leftHolds) on target")
            + cell("right_holds", Double(s.rightHolds), "\(s.rightHolds) on target")
            + cell("repetitions", Double(s.repetitions), "\(s.repetitions)")
            + cell("bounces", Double(s.bounces), "\(s.bounces)") + cell("jerks", Double(s.jerks), "\(s.jerks)") + "</tr>\n"
        return html + "</tbody></table>\n"
    }

    /// "2 holds of 20 s per side", "15 repetitions".
    static func asked(_ step: RoutineStepResult) -> String {
        switch step.kind {
        case .repetitions: return "\(step.count) repetitions"
        case .hold:
            return "\(step.count) hold\(step.count == 1 ? "" : "s")" + (step.holdSeconds.map { " of \(DurationText.format($0))" } ?? "")
                + (step.bothSides ? " per side" : "")
        }
    }
}
