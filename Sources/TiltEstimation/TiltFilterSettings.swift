/// The parameters of `TiltFilter`. The defaults are VQF's published defaults (Laidig &
/// Seel 2023) converted to this project's units, plus the time-constant adaptation
/// this filter adds. Its three constants (gain, range) are one global choice over the
/// six BROAD trials, in the middle of a flat optimum (see `posture evaluate broad`).
public struct TiltFilterSettings: Equatable, Sendable {
    /// Time constant of the accelerometer low-pass in the almost-inertial frame: larger
    /// trusts the gyro longer (less disturbed by linear acceleration, more gyro drift).
    /// The starting value when `adaptiveTimeConstant` is on, the fixed one otherwise.
    public var accTimeConstantSeconds = 3.0
    /// Adapt the time constant to the motion: tau = gain · (rms linear acceleration, g) /
    /// (rms angular rate, rad/s), the steady-state Kalman time constant when gyro drift
    /// grows with the rate (scale and alignment errors) and linear acceleration is the
    /// accelerometer's noise. Fast turning shortens it, shaking lengthens it.
    public var adaptiveTimeConstant = true
    public var adaptiveTimeConstantGain = 100.0
    public var adaptiveTimeConstantRangeSeconds = 1.5...4.0
    /// Averaging time of the rms values the adaptation uses.
    public var adaptiveAveragingSeconds = 5.0
    /// Linear acceleration is low-passed with this time constant before its rms is taken.
    public var adaptiveLinearAccelerationSeconds = 1.0

    /// Gyro bias estimation while moving (from the accelerometer corrections).
    public var motionBiasEstimation = true
    /// Gyro bias estimation while at rest (from the low-passed gyro).
    public var restBiasEstimation = true
    /// Initial standard deviation of the bias estimate.
    public var biasSigmaInitialDegreesPerSecond = 0.5
    /// Time in which the bias variance grows back by (0.1 °/s)² without updates.
    public var biasForgettingTimeSeconds = 100.0
    /// Limit of the bias estimate and of one update's disagreement.
    public var biasClipDegreesPerSecond = 2.0
    /// Steady-state standard deviation of the bias estimate during motion.
    public var biasSigmaMotionDegreesPerSecond = 0.1
    /// How much weaker the (unobservable) vertical bias is pulled towards its estimate in motion.
    public var biasVerticalForgettingFactor = 0.0001
    /// Steady-state standard deviation of the bias estimate at rest.
    public var biasSigmaRestDegreesPerSecond = 0.03
    /// How often the bias Kalman update runs; its inputs are averaged over the interval.
    public var biasUpdateIntervalSeconds = 0.02

    /// Rest needs gyro and accelerometer within their thresholds for this long.
    public var restMinimumSeconds = 1.5
    /// Time constant of the low-passes the rest thresholds compare against.
    public var restFilterTimeConstantSeconds = 0.5
    /// Rest threshold on the gyro's deviation from its low-pass.
    public var restGyroThresholdDegreesPerSecond = 2.0
    /// Rest threshold on the accelerometer's deviation from its low-pass (VQF: 0.5 m/s²).
    public var restAccThresholdG = 0.5 / 9.81

    /// Latency compensation: `up` is predicted this far ahead with the current rate.
    /// Set it to the sensor's effective delay (digital low-pass group delay, read-out
    /// latency) where that is known; 0 (default) reports the filter state as is. On
    /// BROAD the effective delay is about half a sample (1.75 ms), see the evaluation.
    public var outputLeadSeconds = 0.0

    /// A larger gap between samples is not integrated: the orientation is re-acquired
    /// from the accelerometer as at start-up (the bias estimate is kept).
    public var maximumGapSeconds = 0.5

    public init() {}
}

extension TiltFilterSettings {
    /// The settings with time constants and intervals kept positive and finite, so no
    /// setting can make the filter divide by zero or produce NaN.
    public var sanitized: TiltFilterSettings {
        func positive(_ v: Double, _ fallback: Double, minimum: Double = 0.01) -> Double {
            v.isFinite ? max(v, minimum) : fallback
        }
        let d = TiltFilterSettings()
        var s = self
        s.accTimeConstantSeconds = positive(accTimeConstantSeconds, d.accTimeConstantSeconds)
        let low = positive(adaptiveTimeConstantRangeSeconds.lowerBound, d.adaptiveTimeConstantRangeSeconds.lowerBound)
        let high = positive(adaptiveTimeConstantRangeSeconds.upperBound, d.adaptiveTimeConstantRangeSeconds.upperBound)
        s.adaptiveTimeConstantRangeSeconds = low...max(low, high)
        s.adaptiveTimeConstantGain = positive(adaptiveTimeConstantGain, d.adaptiveTimeConstantGain, minimum: 0)
        s.adaptiveAveragingSeconds = positive(adaptiveAveragingSeconds, d.adaptiveAveragingSeconds)
        s.adaptiveLinearAccelerationSeconds = positive(adaptiveLinearAccelerationSeconds, d.adaptiveLinearAccelerationSeconds)
        s.restFilterTimeConstantSeconds = positive(restFilterTimeConstantSeconds, d.restFilterTimeConstantSeconds)
        s.biasUpdateIntervalSeconds = positive(biasUpdateIntervalSeconds, d.biasUpdateIntervalSeconds, minimum: 0.001)
        s.biasForgettingTimeSeconds = positive(biasForgettingTimeSeconds, d.biasForgettingTimeSeconds)
        s.biasSigmaInitialDegreesPerSecond = positive(biasSigmaInitialDegreesPerSecond, d.biasSigmaInitialDegreesPerSecond, minimum: 1e-6)
        s.biasSigmaMotionDegreesPerSecond = positive(biasSigmaMotionDegreesPerSecond, d.biasSigmaMotionDegreesPerSecond, minimum: 1e-6)
        s.biasSigmaRestDegreesPerSecond = positive(biasSigmaRestDegreesPerSecond, d.biasSigmaRestDegreesPerSecond, minimum: 1e-6)
        s.biasClipDegreesPerSecond = positive(biasClipDegreesPerSecond, d.biasClipDegreesPerSecond, minimum: 0)
        s.maximumGapSeconds = positive(maximumGapSeconds, d.maximumGapSeconds, minimum: 0.001)
        s.outputLeadSeconds = positive(outputLeadSeconds, 0, minimum: 0)
        return s
    }
}
