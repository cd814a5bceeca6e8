import Logging
import PostureControl
import PostureCore

/// Turns events into log lines a person reads while `posture run` works:
/// posture and activity changes, alerts, stretch feedback, faults.
public enum EventNarrator {
    public static func log(_ e: PostureEvent, logger: Logger) {
        let (level, text) = describe(e)
        logger.log(level: level, "\(text)")
    }

    public static func describe(_ e: PostureEvent) -> (Logger.Level, String) {
        func num(_ d: Double, _ digits: Int = 0) -> String { DecimalFormatting.string(d, fractionDigits: digits) }
        switch e.payload {
        case .calibrated(_, let source):
            let learned = source == .automatic ? " (learned automatically)" : ""
            return (.notice, "calibrated: this posture is upright now\(learned)")
        case .posture(let state):
            return (.info, "posture: \(state.rawValue)")
        case .activity(let state):
            return (.info, "activity: \(state.rawValue)")
        case .slouchAlert(let slouched):
            return (.notice, "slouch alert: slouched for \(num(slouched)) s, sit up")
        case .sittingNudge(let sitting):
            return (.notice, "sitting nudge: sitting for \(DurationText.format(sitting)), time to stand up and move")
        case .holdStart(let pitch, let roll, let exercise):
            let named = exercise.map { " \(Self.name($0))" } ?? ""
            return (.info, "stretch hold\(named) started (pitch \(num(pitch)) deg, roll \(num(roll)) deg)")
        case .holdEnd(let hold):
            let met = hold.targetMet ? "target met" : "shorter than the target"
            var extra = ""
            if hold.bounces > 0 { extra += ", \(hold.bounces) bounces" }
            if hold.jerks > 0 { extra += ", \(hold.jerks) jerks" }
            let named = hold.exercise.map { " (\(Self.name($0)))" } ?? ""
            return (.info, "hold\(named) released after \(num(hold.durationSeconds, 1)) s (\(met)\(extra))")
        case .bounce(let hz, let amplitude, _):
            return (.warning, "bouncing (\(num(hz, 1)) Hz, \(num(amplitude)) deg): ease in slowly instead")
        case .jerk(let peak):
            return (.warning, "jerky movement (\(num(peak)) deg/s): move smoothly")
        case .fault(let kind, let detail):
            return (.error, "fault (\(kind)): \(detail)")
        case .stretchStart:
            return (.notice, "stretch session started")
        case .stretchEnd(_, let holds, let met):
            return (.notice, "stretch session ended: \(holds) holds, \(met) reached the target")
        case .breathHeld(let held):
            return (.info, "breathe: no breathing movement for \(num(held)) s during the hold")
        case .repetition(let count, let exercise):
            return (.info, "\(exercise) repetition \(count)")
        case .sensorRecovered(let down):
            return (.notice, "sensor back after \(num(down, 1)) s")
        case .twist:
            return (.debug, e.jsonLine())
        case .routineStep(let s):
            let side = s.side == "none" ? "" : " (\(s.side) side first)"
            return (.notice, "routine \(s.routine), step \(s.step)/\(s.steps): \(s.goal)\(side)")
        case .routineEnd(let s):
            let how = s.stopped ? "stopped" : "done"
            return (.notice, "routine \(s.routine) \(how): \(s.stepsDone)/\(s.steps) steps, \(s.holdsTargetMet)/\(s.holds) holds on target, "
                + "\(s.repetitions) repetitions, \(s.bounces) bounces, \(s.jerks) jerks, left \(s.leftHolds) / right \(s.rightHolds)")
        case .otherSideDue(let exercise, let side):
            return (.notice, "\(exercise.rawValue): now the \(side.rawValue) side")
        case .deepBreaths(let count, _):
            return (.info, "\(count) deep breaths taken: well done")
        case .warmUpCue(let sat, _, _):
            return (.notice, "sitting for \(DurationText.format(sat)) before this stretch: warm up first (walk about two minutes), start gently")
        case .sideBalance(let b):
            return (.info, "\(b.exercise.rawValue): left \(num(b.leftSeconds)) s / \(num(b.leftDegrees)) deg, right \(num(b.rightSeconds)) s / \(num(b.rightDegrees)) deg")
        case .slouchCorrected(let c):
            return (.info, "sat up \(num(c.afterAlertSeconds)) s after the slouch alert: well done (positive tap: \(c.tap))")
        case .alertWithheld(let w):
            let budget = w.reason == "budget"
                ? " (\(w.ignoredInARow) ignored in a row: cooldown x\(num(w.backoffFactor)))" : ""
            return (.info, "\(w.alert) not played: \(w.reason)\(budget)")
        }
    }

    /// "side_bend left", or the exercise alone without a side.
    static func name(_ r: ExerciseRecognition) -> String {
        r.side == .none ? r.exercise.rawValue : "\(r.exercise.rawValue) \(r.side.rawValue)"
    }
}
