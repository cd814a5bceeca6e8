import Foundation
import PostureCore

/// Everything about the simulated sensor and its mounting, with MPU-6050-class defaults.
/// Random parts (biases, misalignment) are drawn from the scenario seed; the figures here
/// are their spreads.
public struct SimulationOptions: Equatable, Sendable {
    // MARK: Sampling
    /// Nominal output data rate.
    public var sampleRateHz = 100.0
    /// Standard deviation of the sample-time jitter (clipped to ±40 % of a period).
    public var timestampJitterSeconds = 0.0004
    /// Chance per sample that a burst of 1-5 samples is lost (bus error, scheduling).
    public var dropProbability = 0.0005

    // MARK: Mounting
    /// The sensor axis that points forward on the wearer (config `[sensor] forward_axis`).
    public var forwardAxis = SignedAxis(index: 0, sign: 1)
    /// The sensor axis that points up when the wearer stands upright; nil = the default
    /// for the forward axis (see `SensorMounting.defaultUpAxis`).
    public var upAxis: SignedAxis?
    /// Largest random misalignment between body and sensor axes (random axis, uniform angle).
    public var misalignmentMaxDegrees = 4.0
    /// Range of the forward slope of the upper back where the sensor sits (thoracic curve):
    /// an upright wearer's sensor is pitched forward by this much. Calibration removes it.
    public var backSlopeDegrees: ClosedRange<Double> = 3...12
    /// Sensor position relative to the hip pivot in body axes (behind and above), metres.
    public var leverArmMetres = Vector3(-0.10, 0, 0.45)

    // MARK: Gyroscope
    /// Full-scale range, ±deg/s (MPU-6050: 250, 500, 1000, 2000).
    public var gyroRangeDegreesPerSecond = 500.0
    /// Largest initial bias per axis (magnitude drawn uniformly from 0.3...this, random sign).
    public var gyroBiasMaxDegreesPerSecond = 3.0
    /// Bias random walk, deg/s per √s.
    public var gyroBiasRandomWalk = 0.003
    /// White noise, deg/s rms at the output rate.
    public var gyroNoiseDegreesPerSecond = 0.07
    /// Largest scale-factor error per axis (fraction).
    public var gyroScaleErrorMax = 0.01

    // MARK: Accelerometer
    /// Full-scale range, ±g (MPU-6050: 2, 4, 8, 16).
    public var accelRangeG = 4.0
    /// Largest zero-g offset per axis, g.
    public var accelBiasMaxG = 0.02
    /// White noise, g rms at the output rate.
    public var accelNoiseG = 0.004
    /// Largest scale-factor error per axis (fraction).
    public var accelScaleErrorMax = 0.01

    /// Quantise to the 16-bit LSB of the ranges above (and saturate at full scale).
    public var quantise = true

    // MARK: Scenario
    /// Length of the scenario's main part, seconds; nil = the scenario's randomised default.
    /// desk-work, hover, walking: the whole scenario; long-sitting and mixed-day: the long
    /// sitting bout; stretch-break: the sitting before the break.
    public var durationSeconds: Double?
    /// Write the ground-truth columns (true_up_*, moving) into the trace.
    public var includeTruth = true

    public init() {}

    /// A perfect sensor: no bias, noise, scale error, quantisation, misalignment, jitter or drops.
    /// For tests and for separating model effects from sensor effects.
    public static var ideal: SimulationOptions {
        var o = SimulationOptions()
        o.timestampJitterSeconds = 0
        o.dropProbability = 0
        o.misalignmentMaxDegrees = 0
        o.backSlopeDegrees = 0...0
        o.gyroBiasMaxDegreesPerSecond = 0
        o.gyroBiasRandomWalk = 0
        o.gyroNoiseDegreesPerSecond = 0
        o.gyroScaleErrorMax = 0
        o.accelBiasMaxG = 0
        o.accelNoiseG = 0
        o.accelScaleErrorMax = 0
        o.quantise = false
        return o
    }

    /// Checks the ranges a user can set from the command line.
    public func validate() throws(SimulationOptionsError) {
        func bad(_ what: String, _ value: Double, _ allowed: String) -> SimulationOptionsError {
            SimulationOptionsError(message: "\(what) \(value) is out of range (\(allowed))")
        }
        guard sampleRateHz.isFinite, sampleRateHz >= 10, sampleRateHz <= 2000 else {
            throw bad("sample rate", sampleRateHz, "10...2000 Hz")
        }
        if let d = durationSeconds {
            guard d.isFinite, d >= 10, d <= 86_400 else { throw bad("duration", d, "10...86400 s") }
        }
        guard [250.0, 500, 1000, 2000].contains(gyroRangeDegreesPerSecond) else {
            throw bad("gyro range", gyroRangeDegreesPerSecond, "250, 500, 1000 or 2000 deg/s")
        }
        guard [2.0, 4, 8, 16].contains(accelRangeG) else { throw bad("accel range", accelRangeG, "2, 4, 8 or 16 g") }
        guard timestampJitterSeconds >= 0, timestampJitterSeconds < 0.5 / sampleRateHz else {
            throw bad("timestamp jitter", timestampJitterSeconds, "0 up to half a sample period")
        }
        guard dropProbability >= 0, dropProbability < 0.2 else { throw bad("drop probability", dropProbability, "0...0.2") }
        if let up = upAxis, up.index == forwardAxis.index {
            throw SimulationOptionsError(message: "up axis \(up) must differ from the forward axis \(forwardAxis)")
        }
    }
}

public struct SimulationOptionsError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
