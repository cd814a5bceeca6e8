import PostureCore
import PosturePipeline
import PostureSimulator

/// The breathing rate measured in holds, and breath-held warnings against held-breath spans.
public struct BreathingScore: Equatable, Sendable {
    /// |breaths_per_min - labelled rate| for matched holds with one deep-breathing rate.
    public var rateError: [Double] = []
    /// Held-breath spans at least [breathing] held_warning_s long, and those warned about.
    public var heldExpected = 0
    public var heldFound = 0
    /// breath_held events, and those inside a held-breath span (+5 s).
    public var heldEvents = 0
    public var heldEventsMatched = 0

    public init() {}

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels, _ settings: PipelineSettings) {
        let detected = HoldMatching.detectedHolds(in: run.events)
        for hold in labels.holds {
            guard let i = HoldMatching.match(hold, in: detected), let measured = detected[i].breathsPerMinute else { continue }
            let duration = hold.end - hold.start
            let rates = labels.breathing.filter { $0.ratePerMinute > 0 && overlap($0.start, $0.end, hold.start, hold.end) > 0.5 * duration }
            if rates.count == 1 { rateError.append(abs(measured - rates[0].ratePerMinute)) }
        }
        let held = run.times(of: EventName.breathHeld)
        heldEvents += held.count
        let heldSpans = labels.breathing.filter { $0.ratePerMinute == 0 }
        heldEventsMatched += held.filter { t in heldSpans.contains { t >= $0.start && t <= $0.end + 5 } }.count
        for b in heldSpans where b.end - b.start >= settings.breathing.heldWarningSeconds {
            heldExpected += 1
            if held.contains(where: { $0 >= b.start && $0 <= b.end + 5 }) { heldFound += 1 }
        }
    }

    public var rows: [ScoreRow] {
        [
            .info("breathing rate |error| median (holds)", "\(fmt(median(rateError), 1)) /min (\(rateError.count) holds)"),
            .info("breath held: spans found / events in a span", "\(heldFound)/\(heldExpected), \(heldEventsMatched)/\(heldEvents)"),
        ]
    }
}
