import Testing
import Foundation
import PostureCore
@testable import PostureSimulator

@Test func scratch() {
    for kind in ScenarioKind.allCases {
        let c = ContinuousClock().now
        let s = ScenarioSimulator.generate(kind, seed: 7)
        let el = ContinuousClock().now - c
        let l = s.labels
        print(kind, "dur", l.durationSeconds, "n", s.trace.records.count, "time", el,
              "slouch", l.slouchEpisodes.count, "dist", l.distractors.count, "holds", l.holds.count, "bounces", l.bounces.count,
              "jerks", l.jerks.map { Int($0.peakDegreesPerSecond) }, "reps", l.repetitions.count, "cal", l.calibrations, "act", l.activities.map { "\($0.state)@\(Int($0.start))" })
        let maxA = s.trace.records.map { $0.sample.accelG.norm }.max() ?? 0
        let maxG = s.trace.records.map { $0.sample.gyroDegreesPerSecond.norm }.max() ?? 0
        print("  max |a|", maxA, "max |g|", maxG, "first", s.trace.records[0].sample)
    }
}
