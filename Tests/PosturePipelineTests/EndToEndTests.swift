import PostureCore
import PostureSimulator
import Testing
@testable import PosturePipeline

/// The whole pipeline on simulated, labelled scenarios (a few seeds; `posture score` runs many).
@Suite struct EndToEndTests {
    func replay(_ kind: ScenarioKind, seed: UInt64) -> (events: [PostureEvent], labels: ScenarioLabels) {
        var options = SimulationOptions()
        options.sampleRateHz = 50
        let scenario = ScenarioSimulator.generate(kind, seed: seed, options: options)
        var pipeline = PosturePipeline()
        var events: [PostureEvent] = []
        for record in scenario.trace.records {
            pipeline.process(record.sample, action: record.marker, events: &events)
        }
        return (events, scenario.labels)
    }

    @Test(arguments: [UInt64(1), 2])
    func deskWorkAlertsOnlyDuringLongSlouches(seed: UInt64) {
        let (events, labels) = replay(.deskWork, seed: seed)
        let alerts = events.named(EventName.slouchAlert).map(\.timeSeconds)
        for t in alerts {
            #expect(labels.slouchEpisodes.contains { t >= $0.start + 20 && t <= $0.end + 3 }, "alert at \(t) outside a slouch")
        }
        for episode in labels.slouchEpisodes where episode.end - episode.start > 40 && episode.pitchDegrees > 18 {
            #expect(alerts.contains { $0 >= episode.start + 25 && $0 <= episode.end + 3 },
                    "no alert for the slouch \(episode.start)-\(episode.end)")
        }
    }

    @Test(arguments: [UInt64(1), 3])
    func stretchBreakFindsHoldsJerksAndBounces(seed: UInt64) {
        let (events, labels) = replay(.stretchBreak, seed: seed)
        let holds = events.named(EventName.holdEnd).compactMap { e -> (Double, Double)? in
            guard let s = e["start_t"]?.doubleValue, let d = e["duration_s"]?.doubleValue else { return nil }
            return (s, s + d)
        }
        var matched = 0
        for label in labels.holds where holds.contains(where: { abs($0.0 - label.start) < 2 && abs($0.1 - label.end) < 2 }) {
            matched += 1
        }
        #expect(Double(matched) >= 0.8 * Double(labels.holds.count), "\(matched) of \(labels.holds.count) holds found")
        let jerks = events.named(EventName.jerk).map(\.timeSeconds)
        for j in labels.jerks {
            #expect(jerks.contains { $0 >= j.t - 0.5 && $0 <= j.t + 2.5 }, "jerk at \(j.t) missed")
        }
        let bounces = events.named(EventName.bounce).map(\.timeSeconds)
        for b in labels.bounces where (b.end - b.start) * b.frequencyHz >= 2 {
            #expect(bounces.contains { $0 >= b.start && $0 <= b.end + 2 }, "bouncing at \(b.start) missed")
        }
        for hold in labels.holds where hold.style == "smooth" {
            #expect(!bounces.contains { $0 >= hold.start && $0 <= hold.end }, "bounce reported on a smooth hold")
            #expect(!jerks.contains { $0 >= hold.start && $0 <= hold.end }, "jerk reported on a smooth hold")
        }
        #expect(events.named(PipelineEventName.twist).count == labels.twists.count)
    }
}
