import PostureCore
import Testing
@testable import PosturePipeline

/// Sample times no sensor produces but a trace file can hold must not trap (issue 14).
@Suite struct HostileTimeTests {
    private func sample(_ t: Double) -> IMUSample {
        IMUSample(timeSeconds: t, accelG: Vector3(0, 0, 1), gyroDegreesPerSecond: Vector3(0, 0, 0))
    }

    /// Today: `Int((0.02 / dt).rounded())` trapped in the gyro bias estimator.
    @Test func samplesAZeptosecondApart() {
        var p = PosturePipeline()
        var events: [PostureEvent] = []
        for i in 0..<400 { p.process(sample(Double(i) * 1e-21), action: i == 1 ? .calibrate : nil, events: &events) }
        for i in 0..<400 { p.process(sample(1 + Double(i) * 0.01), action: nil, events: &events) }
        #expect(events.contains { $0.name == EventName.calibrated })
    }

    /// Today: `Int64((t / 86400).rounded(.down))` trapped in the twist counter.
    @Test func timesBeyondInt64DaysAfterCalibration() {
        var p = PosturePipeline()
        var events: [PostureEvent] = []
        for i in 0..<200 { p.process(sample(Double(i) * 0.01), action: i == 100 ? .calibrate : nil, events: &events) }
        for i in 0..<200 { p.process(sample(8e23 + Double(i) * 1e9), action: nil, events: &events) }
        #expect(events.contains { $0.name == EventName.calibrated })
    }

    @Test func saturatingConversionNeverTraps() {
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: .infinity) == .max)
        #expect(Int64(saturating: 9.3e18) == .max)
        #expect(Int64(saturating: -1e30) == .min)
        #expect(Int16(saturating: 40000) == .max)
        #expect(Int16(saturating: -12.7) == -12)
        #expect(UInt8(saturating: -3) == 0)
    }
}
