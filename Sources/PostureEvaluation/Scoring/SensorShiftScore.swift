import PostureCore
import PosturePipeline
import PostureSimulator

/// `recalibration_suggested` against the sensor-shift labels: a slipped board or a slouched
/// calibration must be found within `detectionMinutes` of it; every other day (and the time
/// before the slip) must give no cue at all: a false "recalibrate" is worse than none.
public struct SensorShiftScore: Equatable, Sendable {
    public static let detectionMinutes = 30.0
    /// Days without a shift, and those of them with a cue.
    public var normalDays = 0
    public var normalDaysCued = 0
    /// Shift days (slip or stale calibration) and those found in time, per kind.
    public var slips = 0
    public var slipsFound = 0
    public var staleDays = 0
    public var staleFound = 0
    /// Cues before the slip on shift days.
    public var earlyCues = 0
    public var reasonsRight = 0
    public var latencySeconds: [Double] = []
    public var offsetErrorDegrees: [Double] = []
    /// Found by walking / by still sitting.
    public var byWalking = 0
    public var bySitting = 0

    public init() {}

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels, failures: inout [String]) {
        let cues: [(t: Double, s: RecalibrationSuggestion)] = run.events.compactMap {
            if case .recalibrationSuggested(let s) = $0.payload { ($0.timeSeconds, s) } else { nil }
        }
        let day = "\(labels.scenario) seed \(labels.seed)"
        guard let shift = labels.sensorShift else {
            normalDays += 1
            if let first = cues.first {
                normalDaysCued += 1
                failures.append("\(day): recalibration_suggested at \(fmt(first.t, 1)) s on a day without a shift")
            }
            return
        }
        let stale = shift.kind == "stale"
        if stale { staleDays += 1 } else { slips += 1 }
        let early = cues.filter { $0.t < shift.start }
        earlyCues += early.count
        if let e = early.first { failures.append("\(day): recalibration_suggested at \(fmt(e.t, 1)) s, before the slip at \(fmt(shift.start, 1)) s") }
        guard let found = cues.first(where: { $0.t >= shift.start }),
              found.t - shift.end <= Self.detectionMinutes * 60 else {
            failures.append("\(day): \(shift.kind) \(fmt(shift.offsetDegrees, 1))° (\(shift.during)) at \(fmt(shift.start, 1)) s not found within \(fmt(Self.detectionMinutes, 0)) min")
            return
        }
        if stale { staleFound += 1 } else { slipsFound += 1 }
        latencySeconds.append(found.t - shift.end)
        offsetErrorDegrees.append(abs(found.s.offsetDegrees - shift.offsetDegrees))
        if found.s.reason == (stale ? .staleReference : .sensorShifted) { reasonsRight += 1 }
        if found.s.evidence == .walking { byWalking += 1 } else { bySitting += 1 }
    }

    /// The plain score's one line: no cue on any ordinary day.
    public var plainRows: [ScoreRow] {
        [Self.noCueRow("recalibration cues on days without a shift", normalDaysCued, of: normalDays)]
    }

    /// The hard score's lines.
    public var hardRows: [ScoreRow] {
        let found = slipsFound + staleFound
        let minutes = fmt(Self.detectionMinutes, 0)
        return [
            .ratio("sensor shift or stale reference found within \(minutes) min", found, of: slips + staleDays, atLeast: 0.90),
            .info("  slips found / calibrated slouched found", "\(ScoreRow.ratioText(slipsFound, of: slips)), \(ScoreRow.ratioText(staleFound, of: staleDays))"),
            .info("  found by walking / by still sitting", "\(byWalking) / \(bySitting)"),
            .info("  latency median/max", "\(fmt(median(latencySeconds) / 60, 1)) / \(fmt((latencySeconds.max() ?? 0) / 60, 1)) min"),
            .info("  reason right (sensor_shifted / stale_reference)", ScoreRow.ratioText(reasonsRight, of: found)),
            .info("  |offset_deg error| median/max", "\(fmt(median(offsetErrorDegrees), 1)) / \(fmt(offsetErrorDegrees.max() ?? 0, 1))°"),
            ScoreRow(name: "recalibration cues before the slip", value: "\(earlyCues)", target: "0",
                     verdict: slips + staleDays == 0 ? .notApplicable : earlyCues == 0 ? .met : .missed),
            Self.noCueRow("recalibration cues on hard days without a shift", normalDaysCued, of: normalDays),
        ]
    }

    static func noCueRow(_ name: String, _ cued: Int, of days: Int) -> ScoreRow {
        ScoreRow(name: name, value: "\(cued) (of \(days) days)", target: "0",
                 verdict: days == 0 ? .notApplicable : cued == 0 ? .met : .missed)
    }
}
