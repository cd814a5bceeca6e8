import Foundation
import PostureCore
import Testing
@testable import TiltEstimation

@Suite struct TiltFilterTests {
    @Test(arguments: [0.0, 30, 90, 135, 179.9, 180])
    func staticTiltConverges(degrees: Double) {
        var imu = SyntheticIMU(tiltAboutX: degrees)
        var f = Feeder()
        for _ in 0..<1000 { f.feed(imu.step(dtSeconds: 0.01)) }
        #expect(f.error(against: imu.trueUp) < 0.1)
        #expect(abs(f.filter.up.norm - 1) < 1e-9)
        #expect(f.filter.isAtRest)
    }

    @Test func tracksARotation() {
        var imu = SyntheticIMU()
        var f = Feeder()
        for _ in 0..<300 { f.feed(imu.step(dtSeconds: 0.01)) }
        // 90° about x in 2 s, then 60° about y in 1 s.
        let aboutX = f.run(200, &imu) { $0.step(dtSeconds: 0.01, rateDegreesPerSecond: Vector3(45, 0, 0)) }
        let aboutY = f.run(100, &imu) { $0.step(dtSeconds: 0.01, rateDegreesPerSecond: Vector3(0, 60, 0)) }
        #expect(max(aboutX, aboutY) < 0.5)
        for _ in 0..<500 { f.feed(imu.step(dtSeconds: 0.01)) }
        #expect(f.error(against: imu.trueUp) < 0.1)
    }

    @Test func learnsGyroBiasAtRest() {
        let bias = Vector3(0.6, -0.4, 0.3)
        var imu = SyntheticIMU(tiltAboutX: 10, gyroBias: bias)
        var f = Feeder()
        for _ in 0..<2000 { f.feed(imu.step(dtSeconds: 0.01)) }
        #expect((f.filter.gyroBiasDegreesPerSecond - bias).norm < 0.05)
        #expect(f.filter.isAtRest)
        // With the bias removed the estimate holds still.
        #expect(f.error(against: imu.trueUp) < 0.1)
    }

    @Test func learnsGyroBiasInMotion() {
        let bias = Vector3(0.5, -0.5, 0.4)
        var imu = SyntheticIMU(gyroBias: bias)
        var f = Feeder()
        let start = (f.filter.gyroBiasDegreesPerSecond - bias).norm
        // Never at rest: a slow wobble about all axes for three minutes.
        for i in 0..<18_000 {
            let t = Double(i) * 0.01
            let rate = Vector3(40 * sin(0.7 * t), 35 * sin(0.5 * t + 1), 30 * sin(0.3 * t + 2))
            f.feed(imu.step(dtSeconds: 0.01, rateDegreesPerSecond: rate))
            #expect(!f.filter.isAtRest || i < 300)
        }
        let end = (f.filter.gyroBiasDegreesPerSecond - bias).norm
        #expect(end < 0.1, "bias error \(end) °/s, started at \(start)")
        #expect(f.error(against: imu.trueUp) < 0.5)
    }

    @Test func constantLinearAccelerationDragsLittle() {
        var imu = SyntheticIMU()
        var f = Feeder()
        for _ in 0..<500 { f.feed(imu.step(dtSeconds: 0.01)) }
        // 0.2 g forward for 1 s (a push, a braking car): the accelerometer alone would tilt 11°.
        let worst = f.run(100, &imu) { $0.step(dtSeconds: 0.01, linearAccelerationG: Vector3(0.2, 0, 0)) }
        #expect(worst < 1.0)
        for _ in 0..<1500 { f.feed(imu.step(dtSeconds: 0.01)) }
        #expect(f.error(against: imu.trueUp) < 0.2)
    }

    @Test func tapsDoNotDragTheEstimate() {
        var imu = SyntheticIMU(tiltAboutX: 20)
        var f = Feeder()
        for _ in 0..<500 { f.feed(imu.step(dtSeconds: 0.01)) }
        var worst = 0.0
        for i in 0..<1000 {
            // A knock twice a second: 3 g one way then back (the sensor returns to where it
            // was, so the net velocity change is zero), with a gyro jolt.
            let phase = i % 50
            let knock = phase < 2 ? Vector3(3, -1, 2) * (phase == 0 ? 1 : -1) : Vector3.zero
            let sample = imu.step(dtSeconds: 0.01, linearAccelerationG: knock)
            var disturbed = sample
            if phase < 2 { disturbed.gyroDegreesPerSecond += Vector3(20, -20, 10) * (phase == 0 ? 1 : -1) }
            f.feed(disturbed)
            worst = max(worst, f.error(against: imu.trueUp))
        }
        #expect(worst < 0.6)
    }

    @Test func vibrationDoesNotDragTheEstimate() {
        var imu = SyntheticIMU(tiltAboutX: -15)
        var f = Feeder()
        for _ in 0..<500 { f.feed(imu.step(dtSeconds: 0.005)) }
        var worst = 0.0
        for i in 0..<2000 {
            // A phone buzzing at 37 Hz: ±0.5 g and ±5 °/s.
            let phase = sin(2 * Double.pi * 37 * Double(i) * 0.005)
            var s = imu.step(dtSeconds: 0.005, linearAccelerationG: Vector3(0.5, 0.3, 0.4) * phase)
            s.gyroDegreesPerSecond += Vector3(5, -5, 3) * phase
            f.feed(s)
            worst = max(worst, f.error(against: imu.trueUp))
        }
        #expect(worst < 0.5)
    }

    @Test func irregularSpacingAndDroppedSamples() {
        var imu = SyntheticIMU()
        var f = Feeder()
        var worst = 0.0
        for i in 0..<3000 {
            // 5-15 ms jitter; every 40th sample lost on the bus (its time still passes).
            let dt = 0.005 + 0.01 * abs(imu.noise(1))
            let t = Double(i) * 0.01
            let s = imu.step(dtSeconds: dt, rateDegreesPerSecond: Vector3(60 * sin(t), 40 * cos(0.7 * t), 0))
            if i % 40 == 39 { continue }
            f.feed(s)
            if i % 7 == 0 { f.feed(s) }  // a duplicated sample: dt = 0
            if i > 300 { worst = max(worst, f.error(against: imu.trueUp)) }
        }
        #expect(worst < 1.0)
    }

    @Test func longGapReacquiresFromTheAccelerometer() {
        var imu = SyntheticIMU()
        var f = Feeder()
        for _ in 0..<500 { f.feed(imu.step(dtSeconds: 0.01)) }
        // 5 s without samples while the sensor is turned 90°.
        for _ in 0..<500 { _ = imu.step(dtSeconds: 0.01, rateDegreesPerSecond: Vector3(18, 0, 0)) }
        for _ in 0..<50 { f.feed(imu.step(dtSeconds: 0.01)) }
        #expect(f.filter.gapCount == 1)
        #expect(f.error(against: imu.trueUp) < 1.0)
    }

    @Test func badInputNeverYieldsNaN() {
        var f = TiltFilter()
        let inputs: [(Vector3, Vector3, Double)] = [
            (Vector3(0, 0, 0), Vector3(0, 0, 0), 0),
            (Vector3(.nan, 0, 1), Vector3(0, 0, 0), 0.01),
            (Vector3(0, 0, 1), Vector3(.infinity, 0, 0), 0.01),
            (Vector3(0, 0, 1), Vector3(0, 0, 0), .nan),
            (Vector3(0, 0, 1), Vector3(0, 0, 0), -1),
            (Vector3(0, 0, -1), Vector3(2000, -2000, 2000), 0.01),
            (Vector3(1e6, -1e6, 1e6), Vector3(1e6, 1e6, -1e6), 0.01),
            (Vector3(0, 0, 0), Vector3(0, 0, 0), 0.01),
            (Vector3(1e-200, 0, 0), Vector3(0, 0, 0), 1e-300),
            (Vector3(0, 1, 0), Vector3(0, 0, 0), 1e9),
        ]
        for _ in 0..<300 {
            for (acc, gyro, dt) in inputs {
                f.update(accelG: acc, gyroDegreesPerSecond: gyro, dtSeconds: dt)
                let up = f.up
                #expect(up.x.isFinite && up.y.isFinite && up.z.isFinite)
                #expect(abs(up.norm - 1) < 1e-6)
                #expect(f.gyroBiasDegreesPerSecond.norm.isFinite)
            }
        }
        #expect(f.rejectedSampleCount == 600)
    }

    @Test func degenerateSettingsStayFinite() {
        var settings = TiltFilterSettings()
        settings.accTimeConstantSeconds = 0
        settings.adaptiveTimeConstantRangeSeconds = -1...(-2 + 1)
        settings.restFilterTimeConstantSeconds = .nan
        settings.biasUpdateIntervalSeconds = 0
        settings.biasForgettingTimeSeconds = -5
        var f = TiltFilter(settings: settings)
        var imu = SyntheticIMU(tiltAboutX: 25)
        for i in 0..<500 {
            let s = imu.step(dtSeconds: 0.01, rateDegreesPerSecond: Vector3(20 * sin(Double(i) * 0.02), 0, 0))
            f.update(accelG: s.accelG, gyroDegreesPerSecond: s.gyroDegreesPerSecond, dtSeconds: 0.01)
            #expect(f.up.x.isFinite && f.up.y.isFinite && f.up.z.isFinite)
        }
        #expect(f.up.angleDegrees(to: imu.trueUp) < 2)
    }

    @Test func fixedTimeConstantWhenAdaptationIsOff() {
        var settings = TiltFilterSettings()
        settings.adaptiveTimeConstant = false
        var f = TiltFilter(settings: settings)
        var imu = SyntheticIMU(tiltAboutX: 5)
        for i in 0..<1000 {
            let s = imu.step(dtSeconds: 0.01, rateDegreesPerSecond: Vector3(30 * sin(Double(i) * 0.01), 0, 0))
            f.update(accelG: s.accelG, gyroDegreesPerSecond: s.gyroDegreesPerSecond, dtSeconds: 0.01)
        }
        #expect(f.accTimeConstantSeconds == settings.accTimeConstantSeconds)
        #expect(f.up.angleDegrees(to: imu.trueUp) < 0.5)
    }

    @Test func outputLeadPredictsAhead() {
        var settings = TiltFilterSettings()
        settings.outputLeadSeconds = 0.05
        var f = TiltFilter(settings: settings)
        var imu = SyntheticIMU()
        for _ in 0..<300 {
            let s = imu.step(dtSeconds: 0.01, gyroNoiseDegreesPerSecond: 0)
            f.update(accelG: s.accelG, gyroDegreesPerSecond: s.gyroDegreesPerSecond, dtSeconds: 0.01)
        }
        for _ in 0..<50 {
            let s = imu.step(dtSeconds: 0.01, rateDegreesPerSecond: Vector3(40, 0, 0), gyroNoiseDegreesPerSecond: 0)
            f.update(accelG: s.accelG, gyroDegreesPerSecond: s.gyroDegreesPerSecond, dtSeconds: 0.01)
        }
        // 40 °/s for 50 ms: the prediction is 2° ahead of the present up.
        var ahead = imu
        for _ in 0..<5 { _ = ahead.step(dtSeconds: 0.01, rateDegreesPerSecond: Vector3(40, 0, 0)) }
        #expect(f.up.angleDegrees(to: ahead.trueUp) < 0.3)
        #expect(f.up.angleDegrees(to: imu.trueUp) > 1.5)
    }
}
