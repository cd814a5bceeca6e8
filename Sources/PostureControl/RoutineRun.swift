import Foundation
import PostureCoaching

/// One guided routine as the history keeps it (table `routine_run`): when it ran, the local
/// day it ended on, and how each step went. `posture stats` lists them, `posture export
/// --what routines` writes them, `posture report` shows them.
public struct RoutineRun: Codable, Equatable, Sendable {
    /// Wall-clock start and end, Unix seconds.
    public var startWall: Double
    public var endWall: Double
    /// "2026-11-24" (of the end, as the `routine_end` event).
    public var day: String
    public var summary: RoutineSummary

    public init(startWall: Double, endWall: Double, day: String, summary: RoutineSummary) {
        self.startWall = startWall
        self.endWall = endWall
        self.day = day
        self.summary = summary
    }

    /// Every step done (not stopped, none skipped or timed out).
    /// `posture stats` lists the runs of this many days (today and the six before)...
    public static let statsDays = 7
    /// ...at most this many, the newest (a bounded answer on the control socket).
    public static let statsLimit = 10

    public var completed: Bool { !summary.steps.isEmpty && summary.stepsDone == summary.steps.count }

    /// The history's and the export's JSON: keys sorted, a non-finite number as a string
    /// (never a failed write of the whole batch).
    public static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    public static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    enum CodingKeys: String, CodingKey {
        case startWall = "start_t", endWall = "end_t", day, summary
    }
}

extension RoutineText {
    /// "daily: 5/5 steps done, holds on target 6/6, 15+10 repetitions, 0 bounces, 0 jerks,
    /// sides left 2 / right 2" (one line of `posture stats`).
    public static func oneLine(_ r: RoutineSummary) -> String {
        let ended = r.stopped ? "stopped" : (r.stepsDone == r.steps.count ? "done" : "ended")
        return "\(r.name) \(ended): \(r.stepsDone)/\(r.steps.count) steps done"
            + (r.stepsSkipped > 0 ? " (\(r.stepsSkipped) skipped)" : "")
            + (r.stepsTimedOut > 0 ? " (\(r.stepsTimedOut) timed out)" : "")
            + ", holds on target \(r.holdsTargetMet)/\(r.holds), \(r.repetitions) repetitions, "
            + "\(r.bounces) bounces, \(r.jerks) jerks, sides left \(r.leftHolds) / right \(r.rightHolds), "
            + DurationText.format(r.durationSeconds)
    }
}
