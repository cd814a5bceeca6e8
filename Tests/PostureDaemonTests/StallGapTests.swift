import Foundation
import PostureCore
@testable import PostureDaemon
import SystemSupport
import Testing

/// The loop stopped for a while (SIGSTOP, a slow disk, a long reload): the harness clock
/// jumps with no tick, the mock chip's FIFO overflows, the pipeline sees a gap in the samples.
@Suite("Stalls of the sampling loop")
struct StallGapTests {
    @Test func aStallIsNotSittingTime() throws {
        let h = try DaemonHarness(records: Motion.records([(400, 0)], markers: [(3, .calibrate)]))
        h.run(until: 60)
        let before = h.service.pipeline.snapshot.sittingSeconds
        #expect(before > 40)
        h.clock.advance(by: 120)
        h.run(until: 190)
        let after = h.service.pipeline.snapshot.sittingSeconds
        // The 10 s sat after the stall count, the 120 s of the stall do not.
        #expect(after > before + 8 && after < before + 12, "sitting bout \(after) s after a 120 s stall")
        #expect(h.events.contains { $0.name == EventName.fault })
        #expect(!h.events.contains { $0.name == EventName.sittingNudge })
    }

    @Test func aStallEndsAHoldWhereTheSamplesEnded() throws {
        let records = Motion.records([(10, 0), (2, 40), (400, 40)], markers: [(3, .calibrate), (5, .stretch)])
        let h = try DaemonHarness(records: records)
        h.run(until: 30)
        #expect(h.service.pipeline.snapshot.holding)
        h.clock.advance(by: 300)
        h.run(until: 340)
        let ends = h.events.filter { $0.name == EventName.holdEnd }
        try #require(!ends.isEmpty)
        let first = try #require(ends.first?["duration_s"]?.doubleValue)
        // Held from about 12 s to the stall at 30 s: never the 300 s of the stall.
        #expect(first > 10 && first < 20, "hold of \(first) s across a 300 s stall")
        #expect(ends.allSatisfy { ($0["duration_s"]?.doubleValue ?? 999) < 60 })
    }
}
