import PostureCore
@testable import TiltEstimation

/// A rigid sensor moved through a known orientation history: produces the samples an
/// ideal IMU would report (plus bias, linear acceleration and noise chosen by a test)
/// and the true up vector to score against.
struct SyntheticIMU {
    /// Sensor-to-earth orientation.
    var orientation = Quaternion.identity
    var timeSeconds = 0.0
    var gyroBiasDegreesPerSecond = Vector3.zero
    private var noiseState: UInt64 = 0x9E37_79B9_7F4A_7C15

    init(tiltAboutX degrees: Double = 0, gyroBias: Vector3 = .zero) {
        let half = degrees * Double.pi / 360
        orientation = Quaternion(w: cos(half), x: sin(half), y: 0, z: 0)
        gyroBiasDegreesPerSecond = gyroBias
    }

    var trueUp: Vector3 { orientation.earthZInSensorAxes }

    /// Uniform noise in [-amplitude, amplitude] (deterministic).
    mutating func noise(_ amplitude: Double) -> Double {
        noiseState = noiseState &* 6364136223846793005 &+ 1442695040888963407
        return (Double(noiseState >> 11) / Double(1 << 53) * 2 - 1) * amplitude
    }

    /// Advances by `dt` turning at `rateDegreesPerSecond` (sensor axes) and returns the
    /// sample measured at the new time. `linearAccelerationG` is in earth axes.
    mutating func step(dtSeconds dt: Double, rateDegreesPerSecond rate: Vector3 = .zero,
                       linearAccelerationG: Vector3 = .zero, accNoiseG: Double = 0.002,
                       gyroNoiseDegreesPerSecond: Double = 0.05) -> IMUSample {
        orientation = orientation.multiplied(by: .integrating(rate: rate * (Double.pi / 180), dtSeconds: dt))
        orientation.normalize()
        timeSeconds += dt
        let inverse = Quaternion(w: orientation.w, x: -orientation.x, y: -orientation.y, z: -orientation.z)
        let specificForce = inverse.rotateByMatrix(Vector3(0, 0, 1) + linearAccelerationG)
        let acc = specificForce + Vector3(noise(accNoiseG), noise(accNoiseG), noise(accNoiseG))
        let gyro = rate + gyroBiasDegreesPerSecond
            + Vector3(noise(gyroNoiseDegreesPerSecond), noise(gyroNoiseDegreesPerSecond), noise(gyroNoiseDegreesPerSecond))
        return IMUSample(timeSeconds: timeSeconds, accelG: acc, gyroDegreesPerSecond: gyro)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Feeds `sample` to `filter` with dt from timestamps (as the pipeline does).
struct Feeder {
    var filter = TiltFilter()
    var lastTime: Double?

    mutating func feed(_ s: IMUSample) {
        let dt = lastTime.map { max(0, s.timeSeconds - $0) } ?? 0
        lastTime = s.timeSeconds
        filter.update(accelG: s.accelG, gyroDegreesPerSecond: s.gyroDegreesPerSecond, dtSeconds: dt)
    }

    func error(against truth: Vector3) -> Double { filter.up.angleDegrees(to: truth) }

    /// Feeds `count` samples made by `next` and returns the worst error on the way.
    mutating func run(_ count: Int, _ imu: inout SyntheticIMU, next: (inout SyntheticIMU) -> IMUSample) -> Double {
        var worst = 0.0
        for _ in 0..<count {
            feed(next(&imu))
            worst = max(worst, error(against: imu.trueUp))
        }
        return worst
    }
}
