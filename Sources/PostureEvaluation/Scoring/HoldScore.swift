import PostureCore
import PosturePipeline
import PostureSimulator

/// A hold as the pipeline reported it (from `hold_end`).
public struct DetectedHold: Equatable, Sendable {
    public var start: Double
    public var end: Double
    public var targetMet: Bool
    public var breathsPerMinute: Double?

    public init(start: Double, end: Double, targetMet: Bool, breathsPerMinute: Double? = nil) {
        self.start = start
        self.end = end
        self.targetMet = targetMet
        self.breathsPerMinute = breathsPerMinute
    }
}

/// Which detected hold belongs to which labelled hold.
public enum HoldMatching {
    public static func detectedHolds(in events: [PostureEvent]) -> [DetectedHold] {
        events.compactMap { e in
            guard case .holdEnd(let h) = e.payload else { return nil }
            return DetectedHold(start: h.startSeconds, end: h.startSeconds + h.durationSeconds, targetMet: h.targetMet,
                                breathsPerMinute: h.breathsPerMinute)
        }
    }

    /// The detection overlapping the label most, if the overlap is at least half the label's
    /// duration (one detection may match several labels).
    public static func match(_ hold: HoldLabel, in detected: [DetectedHold]) -> Int? {
        let best = detected.indices.max(by: {
            overlap(detected[$0].start, detected[$0].end, hold.start, hold.end)
                < overlap(detected[$1].start, detected[$1].end, hold.start, hold.end)
        })
        guard let i = best, overlap(detected[i].start, detected[i].end, hold.start, hold.end) >= 0.5 * (hold.end - hold.start)
        else { return nil }
        return i
    }
}

/// Holds found, their timing, and whether `target_met` was right.
public struct HoldScore: Equatable, Sendable {
    public var expected = 0
    public var matched = 0
    /// Detections overlapping no labelled hold.
    public var falseHolds = 0
    /// Signed detected - labelled duration, start and end, per matched hold.
    public var durationErrorSeconds: [Double] = []
    public var startErrorSeconds: [Double] = []
    public var endErrorSeconds: [Double] = []
    /// Matched holds more than 1 s from the target (closer ones are not scored), and those right.
    public var targetScored = 0
    public var targetCorrect = 0

    public init() {}

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels, _ settings: PipelineSettings,
                             failures: inout [String]) {
        let detected = HoldMatching.detectedHolds(in: run.events)
        var used = Set<Int>()
        for hold in labels.holds {
            expected += 1
            let duration = hold.end - hold.start
            // The labelled exercise's target (the generic one without a label).
            let target = settings.holdTarget(for: hold.exercise.flatMap(Exercise.init(rawValue:)) ?? .unknown)
            guard let i = HoldMatching.match(hold, in: detected) else {
                failures.append("\(labels.tag): missed hold \(hold.stretch) \(fmt(hold.start, 1))-\(fmt(hold.end, 1)) s")
                continue
            }
            used.insert(i)
            matched += 1
            let d = detected[i]
            durationErrorSeconds.append((d.end - d.start) - duration)
            startErrorSeconds.append(d.start - hold.start)
            endErrorSeconds.append(d.end - hold.end)
            if abs(duration - target) > 1 {
                targetScored += 1
                if d.targetMet == (duration >= target) { targetCorrect += 1 }
            }
        }
        falseHolds += detected.indices.filter { i in
            !used.contains(i) && !labels.holds.contains { overlap(detected[i].start, detected[i].end, $0.start, $0.end) > 0 }
        }.count
    }

    public var rows: [ScoreRow] {
        let absolute = durationErrorSeconds.map(abs)
        let error = median(absolute)
        let durationTarget = "<= 1.00 s"
        let durationRow: ScoreRow
        if expected == 0 {
            // No labelled holds: nothing to measure, not a miss.
            durationRow = ScoreRow(name: "hold |duration error| median/max", value: "n/a (no holds)", target: durationTarget,
                                   verdict: .notApplicable)
        } else {
            // Labelled holds but none found is a miss (an empty error list must not pass).
            let pass = !absolute.isEmpty && error <= 1.0
            durationRow = ScoreRow(name: "hold |duration error| median/max",
                                   value: "\(fmt(error, 2)) / \(fmt(absolute.max() ?? 0, 1)) s", target: durationTarget,
                                   verdict: pass ? .met : .missed)
        }
        return [
            .info("holds matched", "\(matched)/\(expected), \(falseHolds) not in a labelled hold"),
            durationRow,
            .info("hold start / end error median (signed)", "\(fmt(median(startErrorSeconds), 2)) / \(fmt(median(endErrorSeconds), 2)) s"),
            .info("target-met accuracy", ScoreRow.ratioText(targetCorrect, of: targetScored)),
        ]
    }
}
