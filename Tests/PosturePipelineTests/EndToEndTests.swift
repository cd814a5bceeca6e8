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
        // Guards: the loops below must have something to check.
        #expect(!alerts.isEmpty)
        for t in alerts {
            #expect(labels.slouchEpisodes.contains { t >= $0.start + 20 && t <= $0.end + 3 }, "alert at \(t) outside a slouch")
        }
        let clearSlouches = labels.slouchEpisodes.filter { $0.end - $0.start > 40 && $0.pitchDegrees > 18 }
        #expect(!clearSlouches.isEmpty)
        for episode in clearSlouches {
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
        #expect(!holds.isEmpty)
        #expect(!labels.holds.isEmpty)
        var matched = 0
        for label in labels.holds where holds.contains(where: { abs($0.0 - label.start) < 2 && abs($0.1 - label.end) < 2 }) {
            matched += 1
        }
        #expect(Double(matched) >= 0.8 * Double(labels.holds.count), "\(matched) of \(labels.holds.count) holds found")
        let jerks = events.named(EventName.jerk).map(\.timeSeconds)
        #expect(!labels.jerks.isEmpty)
        for j in labels.jerks {
            #expect(jerks.contains { $0 >= j.t - 0.5 && $0 <= j.t + 2.5 }, "jerk at \(j.t) missed")
        }
        let bounces = events.named(EventName.bounce).map(\.timeSeconds)
        let bouncing = labels.bounces.filter { ($0.end - $0.start) * $0.frequencyHz >= 2 }
        #expect(!bouncing.isEmpty)
        for b in bouncing {
            #expect(bounces.contains { $0 >= b.start && $0 <= b.end + 2 }, "bouncing at \(b.start) missed")
        }
        let smooth = labels.holds.filter { $0.style == "smooth" }
        #expect(!smooth.isEmpty)
        for hold in smooth {
            #expect(!bounces.contains { $0 >= hold.start && $0 <= hold.end }, "bounce reported on a smooth hold")
            #expect(!jerks.contains { $0 >= hold.start && $0 <= hold.end }, "jerk reported on a smooth hold")
        }
        #expect(!labels.twists.isEmpty)
        #expect(events.named(PipelineEventName.twist).count == labels.twists.count)
    }
}
