import Foundation
import PostureCore
import Testing
@testable import PosturePipeline

@Suite struct RobustnessTests {
    /// Samples taken while the daemon's own vibration motor runs must not feed detections.
    @Test func disturbedSamplesStartNoDetection() {
        var p = PosturePipeline()
        var events: [PostureEvent] = []
        // A shaking sensor (2 Hz, ±6° and ±0.3 g) during a stretch session, all marked disturbed.
        let wearer = SyntheticWearer(pose: { t in Pose(roll: t > 5 ? 6 * sin(2 * .pi * 2 * t) : 0) },
                                     verticalG: { t in t > 5 ? 0.3 * sin(2 * .pi * 1.8 * t) : 0 })
        for i in 0...3000 {
            let t = Double(i) / 100
            let action: UserAction? = i == 100 ? .calibrate : (i == 200 ? .stretch : nil)
            p.process(wearer.sample(at: t), action: action, disturbed: t > 5, events: &events)
        }
        #expect(events.named(EventName.bounce).isEmpty)
        #expect(events.named(EventName.jerk).isEmpty)
        #expect(events.named(EventName.activity).compactMap { $0["state"]?.stringValue } == ["sitting"])
    }

    /// Irregular sample spacing (jitter, dropped bursts) changes nothing essential.
    @Test func jitterAndDropsGiveTheSameAlert() throws {
        func alertTime(jitter: Bool) throws -> Double {
            var p = PosturePipeline()
            var events: [PostureEvent] = []
            let wearer = SyntheticWearer(pose: { t in Pose(pitch: excursion(t, 10, 80, angle: 25)) })
            var rng = SplitMix64(seed: 42)  // seeded: the test is repeatable
            var t = 0.0
            while t < 100 {
                p.process(wearer.sample(at: t), action: t >= 1 && t < 1.01 ? .calibrate : nil, events: &events)
                t += 0.01
                if jitter {
                    t += Double.random(in: -0.003...0.003, using: &rng)
                    if Double.random(in: 0...1, using: &rng) < 0.01 { t += 0.05 }  // a lost burst
                }
            }
            return try #require(events.named(EventName.slouchAlert).first).timeSeconds
        }
        #expect(abs(try alertTime(jitter: true) - alertTime(jitter: false)) < 0.5)
    }

    /// A long gap (bus outage) neither crashes nor counts as movement or time slouched twice.
    @Test func longGapIsHandled() {
        var p = PosturePipeline()
        var events: [PostureEvent] = []
        let wearer = SyntheticWearer(pose: { _ in Pose(pitch: 25) })
        for i in 0...500 { p.process(wearer.sample(at: Double(i) / 100), action: i == 10 ? .calibrate : nil, events: &events) }
        for i in 0...500 { p.process(wearer.sample(at: 60 + Double(i) / 100), events: &events) }
        #expect(p.state.isCalibrated)
        #expect(p.state.tiltDegrees.isFinite && p.state.pitchDegrees.isFinite)
        // Calibrated while slouched at 25°: that is upright for this wearer, so no alert.
        #expect(events.named(EventName.slouchAlert).isEmpty)
    }

    @Test func countersAndSnapshot() {
        var p = PosturePipeline()
        let wearer = SyntheticWearer(pose: { t in Pose(pitch: excursion(t, 10, 60, angle: 25)) })
        _ = wearer.run(&p, to: 70, actions: [(1, .calibrate)])
        #expect(p.counters.slouchAlerts == 1)
        #expect(p.counters.slouchedSeconds > 40)
        let snapshot = p.snapshot
        #expect(snapshot.state == p.state)
        #expect(!snapshot.inStretchSession)
        var events: [PostureEvent] = []
        p.startStretchSession(at: 70, events: &events)
        #expect(p.snapshot.inStretchSession)
        #expect(events.named(PipelineEventName.stretchStart).count == 1)
    }
}
