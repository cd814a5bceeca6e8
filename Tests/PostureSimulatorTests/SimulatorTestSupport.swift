import Foundation
import PostureCore
import PostureTrace
@testable import PostureSimulator

/// Scenarios shared by several tests, generated once per process.
enum Fixtures {
    static let stretch = ScenarioSimulator.generate(.stretchBreak, seed: 11)
    static let desk = ScenarioSimulator.generate(.deskWork, seed: 5)
    static let mixed = ScenarioSimulator.generate(.mixedDay, seed: 2)
    static let walking = ScenarioSimulator.generate(.walking, seed: 4)
    /// A 40-minute sitting bout and how long it took to generate (reported, not asserted).
    static let long: (scenario: SimulatedScenario, seconds: Double) = {
        var options = SimulationOptions()
        options.durationSeconds = 2400
        let clock = ContinuousClock()
        let start = clock.now
        let s = ScenarioSimulator.generate(.longSitting, seed: 1, options: options)
        let d = clock.now - start
        return (s, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }()
}

extension SimulatedScenario {
    /// Indices of the records with `start <= t <= end`.
    func indices(from start: Double, to end: Double) -> [Int] {
        let r = trace.records
        var lo = 0, hi = r.count
        while lo < hi { let m = (lo + hi) / 2; if r[m].sample.timeSeconds < start { lo = m + 1 } else { hi = m } }
        var out: [Int] = []
        var i = lo
        while i < r.count, r[i].sample.timeSeconds <= end { out.append(i); i += 1 }
        return out
    }
}

func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }

func mean(_ vs: [Vector3]) -> Vector3 {
    vs.isEmpty ? .zero : vs.reduce(Vector3.zero, +) / Double(vs.count)
}

/// A world-fixed vector's sensor-frame coordinates turn by −ω: integrate the gyro (minus the
/// given bias) from sample `first` to `last`, starting from `start`.
func propagate(_ start: Vector3, gyro records: [TraceRecord], bias: [Vector3], from first: Int, to last: Int) -> Vector3 {
    var v = start
    let d = Double.pi / 180
    for i in first..<last {
        let dt = records[i + 1].sample.timeSeconds - records[i].sample.timeSeconds
        // Trapezoid over the interval, with a second-order rotation step.
        let w0 = (records[i].sample.gyroDegreesPerSecond - bias[i]) * d
        let w1 = (records[i + 1].sample.gyroDegreesPerSecond - bias[i + 1]) * d
        let w = (w0 + w1) * 0.5
        v = Quaternion(rotationVector: w * dt).inverseRotate(v)
    }
    return v
}
