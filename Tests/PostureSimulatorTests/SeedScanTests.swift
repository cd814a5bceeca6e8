import PostureCore
import Testing
@testable import PostureSimulator

/// Structural checks over more seeds than the fixtures: labels tile the scenario, the sensor
/// stays inside its ranges, nothing is empty.
@Suite struct SeedSweepTests {
    @Test(arguments: [ScenarioKind.deskWork, .stretchBreak, .hover, .walking])
    func labelsTileTheScenarioAndTheSensorStaysInRange(kind: ScenarioKind) {
        for seed: UInt64 in [100, 101] {
            var options = SimulationOptions()
            if seed == 100 { options.durationSeconds = 10 }
            let s = ScenarioSimulator.generate(kind, seed: seed, options: options)
            let l = s.labels
            for intervals in [l.postures.map { ($0.start, $0.end) }, l.activities.map { ($0.start, $0.end) },
                              l.breathing.map { ($0.start, $0.end) }] {
                #expect(intervals.first?.0 == 0 && abs((intervals.last?.1 ?? 0) - l.durationSeconds) < 1e-9)
                for k in intervals.indices { #expect(intervals[k].1 > intervals[k].0, "\(kind) \(seed) \(intervals[k])") }
                for k in 1..<intervals.count { #expect(abs(intervals[k].0 - intervals[k - 1].1) < 1e-9, "\(kind) \(seed)") }
            }
            for h in l.holds { #expect(h.end > h.start) }
            #expect(l.calibrations.count >= 1)
            // Everyday movement: within ±2.5 g and ±400 deg/s, so the ±4 g / ±500 deg/s ranges never clip.
            let accel = s.trace.records.map { $0.sample.accelG.norm }.max() ?? 0
            let gyro = s.trace.records.map { $0.sample.gyroDegreesPerSecond.norm }.max() ?? 0
            #expect(accel < 2.5 && gyro < 400, "\(kind) \(seed): \(accel) g, \(gyro) deg/s")
        }
    }
}
