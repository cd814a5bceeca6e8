import Foundation
import PostureCore
import Testing
@testable import PostureSimulator

@Suite struct SensorModelTests {
    /// A motionless wearer: no breathing, sway or moves.
    func stillScenario(options: SimulationOptions, seconds: Double = 20, seed: UInt64 = 9)
        -> (records: [Vector3], gyro: [Vector3], mounting: SensorMounting, errors: SensorErrorModel) {
        var track = TrunkTrack()
        track.finish(durationSeconds: seconds)
        let root = SeededRandom(seed: seed)
        var m = root.derived(3)
        let mounting = SensorMounting(options: options, random: &m)
        let errors = SensorErrorModel(options: options, random: root.derived(4))
        var sampler = Sampler(track: track, mounting: mounting, errors: errors, timing: root.derived(5), options: options)
        let out = sampler.run(duration: seconds, markers: [], movingSpans: [])
        return (out.records.map(\.sample.accelG), out.records.map(\.sample.gyroDegreesPerSecond), mounting, errors)
    }

    @Test(arguments: ["+x", "-x", "+y", "-y", "+z", "-z"])
    func idealSensorAtRestReadsOneGOnTheUpAxis(forward: String) throws {
        var options = SimulationOptions.ideal
        options.forwardAxis = try #require(SignedAxis(forward))
        let still = stillScenario(options: options)
        let up = SensorMounting.defaultUpAxis(forward: options.forwardAxis)
        #expect(up.index != options.forwardAxis.index)
        #expect(abs(still.mounting.bodyToSensor.determinant - 1) < 1e-12, "a proper rotation, not a mirror")
        for a in still.records { #expect((a - up.unitVector).norm < 1e-9) }
        for g in still.gyro { #expect(g.norm < 1e-9) }
    }

    @Test func realisticSensorAtRestReadsOneGAndTheGyroBias() {
        let still = stillScenario(options: SimulationOptions(), seconds: 30)
        let a = mean(still.records)
        // Accel bias (≤ 0.02 g per axis) and scale error (≤ 1 %) keep |a| within a few percent.
        #expect(abs(a.norm - 1) < 0.05, "\(a)")
        // The back slope (3-12°) and misalignment (≤ 4°) tilt the reading off +z, but not by much.
        let tilt = a.angleDegrees(to: .unitZ)
        #expect(tilt > 1 && tilt < 18, "\(tilt)")
        // The gyro reads its bias: the initial bias plus a tiny random walk over 30 s.
        let g = mean(still.gyro)
        let bias = still.errors.gyroBiasDegreesPerSecond
        #expect((g - bias).norm < 0.1, "\(g) vs \(bias)")
        #expect(bias.norm > 0.1 && abs(bias.x) <= 3 && abs(bias.y) <= 3 && abs(bias.z) <= 3)
        // White noise about 0.004 g and 0.07 deg/s rms per axis.
        let accelRMS = (still.records.map { ($0.x - a.x) * ($0.x - a.x) }.reduce(0, +) / Double(still.records.count)).squareRoot()
        let gyroRMS = (still.gyro.map { ($0.y - g.y) * ($0.y - g.y) }.reduce(0, +) / Double(still.gyro.count)).squareRoot()
        #expect(accelRMS > 0.003 && accelRMS < 0.005, "\(accelRMS)")
        #expect(gyroRMS > 0.05 && gyroRMS < 0.09, "\(gyroRMS)")
    }

    @Test func quantisationRoundsToTheLSBAndSaturatesAtFullScale() {
        var options = SimulationOptions.ideal
        options.quantise = true
        options.accelRangeG = 4
        options.gyroRangeDegreesPerSecond = 500
        var model = SensorErrorModel(options: options, random: SeededRandom(seed: 1))
        #expect(model.accelLSB == 1.0 / 8192)
        #expect(model.gyroLSB == 1 / 65.5)
        let r = model.measure(gyroDegreesPerSecond: Vector3(0.005, 123.456, -900), accelG: Vector3(0.00007, 5, -7))
        #expect(r.gyro.x == 0, "below half an LSB reads zero")
        #expect(abs(r.gyro.y - 123.456) <= model.gyroLSB / 2)
        #expect((r.gyro.y / model.gyroLSB) == (r.gyro.y / model.gyroLSB).rounded())
        #expect(r.gyro.z == -32768 / 65.5, "saturates at -32768 LSB")
        #expect(r.accel.x == 1.0 / 8192)
        #expect(r.accel.y == 32767.0 / 8192, "saturates at +32767 LSB")
        #expect(r.accel.z == -4)
    }

    @Test func generatedSamplesAreOnTheLSBGrid() {
        let records = Fixtures.stretch.trace.records
        let lsb = 4.0 / 32768
        for r in records.prefix(5000) {
            let counts = r.sample.accelG.x / lsb
            #expect(counts == counts.rounded())
        }
    }

    @Test func timestampsJitterAndSomeSamplesAreDropped() {
        let records = Fixtures.long.scenario.trace.records
        var gaps = 0, backwards = 0
        var intervals: [Double] = []
        for i in 1..<records.count {
            let dt = records[i].sample.timeSeconds - records[i - 1].sample.timeSeconds
            if dt < 0 { backwards += 1 }
            if dt > 0.015 { gaps += 1 } else { intervals.append(dt) }
        }
        #expect(backwards == 0)
        // 0.05 % of samples start a drop burst: a long scenario has some, but few.
        #expect(gaps > 10 && gaps < 1000, "\(gaps)")
        let m = mean(intervals)
        let sd = (intervals.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(intervals.count)).squareRoot()
        #expect(abs(m - 0.01) < 1e-4)
        #expect(sd > 0.0003 && sd < 0.0008, "jitter \(sd)")
    }

    @Test func mountingFollowsTheForwardAxis() throws {
        var options = SimulationOptions.ideal
        options.forwardAxis = try #require(SignedAxis("-z"))
        options.upAxis = try #require(SignedAxis("+x"))
        var r = SeededRandom(seed: 1)
        let m = SensorMounting(options: options, random: &r)
        #expect((m.bodyToSensor.apply(.unitX) - Vector3(0, 0, -1)).norm < 1e-12)
        #expect((m.bodyToSensor.apply(.unitZ) - Vector3(1, 0, 0)).norm < 1e-12)
        #expect(abs(m.bodyToSensor.determinant - 1) < 1e-12)
        options.upAxis = try #require(SignedAxis("-z"))
        #expect(throws: SimulationOptionsError.self) { try options.validate() }
    }
}
