import PostureCore

/// The project's sensor-fusion filter: the up direction and the gyro bias from a
/// 6-axis IMU, after VQF (Laidig & Seel, "VQF: Highly accurate IMU orientation
/// estimation with bias estimation and magnetic disturbance rejection", Information
/// Fusion 91, 2023), 6D only, with these changes:
///
/// - Adaptive time constant: VQF's fixed 3 s accelerometer time constant trades gyro
///   drift (which grows with the turn rate: scale and alignment errors) against slow
///   linear acceleration. Like the steady-state gain of a Kalman filter, tau follows
///   their ratio: gain · rms(slow linear acceleration) / rms(angular rate), within a
///   range. Taps and vibration are fast and average out, so they do not count.
/// - Irregular sampling: the gyro is integrated over each sample's own dt; filter
///   coefficients follow the smoothed sample interval; dt = 0 integrates nothing; a
///   gap longer than `maximumGapSeconds` re-acquires the orientation from the
///   accelerometer; non-finite samples are ignored.
/// - The bias Kalman update runs at ~50 Hz on interval averages (cheaper, same model).
///
/// Orientation is kept as VQF does: `gyroQuaternion` integrates the gyro into an
/// almost-inertial frame, `accQuaternion` corrects its inclination so the low-passed
/// accelerometer points along earth z.
public struct TiltFilter: TiltEstimator {
    public let settings: TiltFilterSettings

    private var gyroQuaternion = Quaternion.identity
    private var accQuaternion = Quaternion.identity
    /// The 6D orientation accQuaternion ⊗ gyroQuaternion, kept current by `update`.
    // Internal for the inlinable getters: the pipeline reads them every sample, and a call
    // into this module made Swift copy the whole filter (1.5 kB) for each read.
    @usableFromInline var orientation = Quaternion.identity
    /// The last bias-corrected angular rate, rad/s (for the output prediction).
    @usableFromInline var lastRate = Vector3.zero
    private var gravity = LowPass3()
    @usableFromInline var rest = RestDetector()
    @usableFromInline var biasEstimator: GyroBiasEstimator
    private let restThresholds: RestThresholds

    /// The smoothed sample interval and the one the coefficients were computed for.
    private var nominalSampleSeconds = 0.0
    private var coefficientSampleSeconds = 0.0
    private var gravityCoefficients = LowPassCoefficients()
    /// The accelerometer time constant in force (adapted to the motion).
    public private(set) var accTimeConstantSeconds: Double
    private var linearAccelerationMeanSquare = 0.0
    private var slowLinearAcceleration = Vector3.zero
    private var rateMeanSquare = 0.0
    private var samplesSinceAdaptation = 0
    /// Reciprocals of the adaptation's time constants (no division per sample).
    private let adaptationRates: (averaging: Double, linearAcceleration: Double)
    private var restCoefficients = LowPassCoefficients()
    private var hasSample = false

    /// Samples ignored because a value was NaN or infinite.
    public private(set) var rejectedSampleCount = 0
    /// Gaps longer than `maximumGapSeconds` after which the orientation was re-acquired.
    public private(set) var gapCount = 0

    public init() { self.init(settings: TiltFilterSettings()) }

    /// `settings` are used `sanitized` (time constants positive and finite).
    public init(settings requested: TiltFilterSettings) {
        let settings = requested.sanitized
        self.settings = settings
        accTimeConstantSeconds = settings.accTimeConstantSeconds
        adaptationRates = (1 / max(settings.adaptiveAveragingSeconds, 1e-9),
                           1 / max(settings.adaptiveLinearAccelerationSeconds, 1e-9))
        biasEstimator = GyroBiasEstimator(settings: settings)
        restThresholds = RestThresholds(settings)
    }

    /// Up (unit vector, sensor axes): earth z of the 6D orientation.
    /// With `outputLeadSeconds` > 0 it is predicted that far ahead with the current rate.
    @inlinable @inline(__always) public var up: Vector3 {
        let u = orientation.earthZInSensorAxes
        guard settings.outputLeadSeconds > 0 else { return u }
        // Up is fixed in the world, so in sensor axes it turns at -ω: du/dt = u × ω.
        return (u + u.cross(lastRate) * settings.outputLeadSeconds).normalized ?? u
    }

    @inlinable @inline(__always) public var gyroBiasDegreesPerSecond: Vector3 { biasEstimator.bias * (180 / Double.pi) }

    /// Standard deviation bound of the bias estimate, °/s.
    public var gyroBiasSigmaDegreesPerSecond: Double { biasEstimator.sigmaDegreesPerSecond }

    @inlinable @inline(__always) public var isAtRest: Bool { rest.isAtRest }

    public mutating func update(accelG: Vector3, gyroDegreesPerSecond: Vector3, dtSeconds: Double) {
        guard accelG.x.isFinite, accelG.y.isFinite, accelG.z.isFinite, gyroDegreesPerSecond.x.isFinite,
              gyroDegreesPerSecond.y.isFinite, gyroDegreesPerSecond.z.isFinite else {
            rejectedSampleCount += 1
            return
        }
        var dt = dtSeconds.isFinite && dtSeconds > 0 ? dtSeconds : 0
        if dt > settings.maximumGapSeconds {
            if hasSample { gapCount += 1 }
            restartAfterGap()
            dt = 0
        } else if dt > 0 {
            track(sampleSeconds: dt)
        }
        hasSample = true
        let gyro = gyroDegreesPerSecond * (Double.pi / 180)

        rest.update(gyroRadiansPerSecond: gyro, accelG: accelG, dtSeconds: dt, settings: settings,
                    thresholds: restThresholds, coefficients: restCoefficients)

        if dt > 0 {
            lastRate = gyro - biasEstimator.bias
            let step = Quaternion.integrating(rate: lastRate, dtSeconds: dt)
            gyroQuaternion = gyroQuaternion.multiplied(by: step)
            gyroQuaternion.renormalize()
        }

        // A zero vector carries no direction (some drivers report it on a failed read).
        guard accelG.x != 0 || accelG.y != 0 || accelG.z != 0 else {
            orientation = accQuaternion.multiplied(by: gyroQuaternion)
            return
        }

        // Gravity average in the almost-inertial frame.
        let accInertial = gyroQuaternion.rotateByMatrix(accelG)
        let gravityInertial = gravity.step(accInertial, dtSeconds: dt, timeConstantSeconds: accTimeConstantSeconds,
                                           gravityCoefficients)
        if settings.adaptiveTimeConstant && dt > 0 && gravity.isFiltering {
            adaptTimeConstant(linear: accInertial - gravityInertial, rate: gyro, dtSeconds: dt)
        }

        // Inclination correction: rotate the 6D earth frame so gravity is along z.
        let g6 = accQuaternion.rotateByMatrix(gravityInertial)
        let norm2 = g6.squaredNorm
        guard norm2 > 1e-24 else {
            orientation = accQuaternion.multiplied(by: gyroQuaternion)
            return
        }
        let g = g6 * (1 / norm2.squareRoot())
        let qw = ((g.z + 1) * 0.5).squareRoot()
        let correction: Quaternion
        if qw > 1e-6 {
            let halfInverse = 0.5 / qw
            correction = Quaternion(w: qw, x: g.y * halfInverse, y: -g.x * halfInverse, z: 0)
        } else {
            correction = Quaternion(w: 0, x: 1, y: 0, z: 0)
        }
        accQuaternion = correction.multiplied(by: accQuaternion)
        accQuaternion.renormalize()

        orientation = accQuaternion.multiplied(by: gyroQuaternion)
        if settings.motionBiasEstimation || settings.restBiasEstimation {
            let rotation = orientation.matrix
            biasEstimator.accumulate(rotation: rotation, correction: g, gyroLowPass: rest.gyroLowPass,
                                     atRest: rest.isAtRest, dtSeconds: dt, settings: settings)
        }
    }

    /// Follows the sample interval with a slow average; coefficients are recomputed
    /// only when it drifts by more than 2 %, so jitter costs nothing.
    @inline(__always) private mutating func track(sampleSeconds dt: Double) {
        if nominalSampleSeconds == 0 {
            nominalSampleSeconds = dt
        } else {
            nominalSampleSeconds += 0.02 * (dt - nominalSampleSeconds)
        }
        if abs(nominalSampleSeconds - coefficientSampleSeconds) > 0.02 * coefficientSampleSeconds {
            retime(nominalSampleSeconds)
        }
    }

    private mutating func retime(_ dt: Double) {
        coefficientSampleSeconds = dt
        restCoefficients = LowPassCoefficients(timeConstantSeconds: settings.restFilterTimeConstantSeconds, sampleSeconds: dt)
        retuneGravity()
    }

    private mutating func retuneGravity() {
        let dt = coefficientSampleSeconds
        let newGravity = LowPassCoefficients(timeConstantSeconds: accTimeConstantSeconds, sampleSeconds: dt)
        gravity.adapt(from: gravityCoefficients, to: newGravity)
        gravityCoefficients = newGravity
        biasEstimator.retime(settings: settings, nominalSampleSeconds: dt, accTimeConstantSeconds: accTimeConstantSeconds)
    }

    /// Tracks rms linear acceleration and angular rate and sets tau = gain·a/ω
    /// (checked once per bias interval; coefficients change only beyond 5 %).
    @inline(__always) private mutating func adaptTimeConstant(linear: Vector3, rate: Vector3, dtSeconds dt: Double) {
        let k = min(1, dt * adaptationRates.averaging)
        // Only slow linear acceleration disturbs the low-passed gravity: taps and
        // vibration average out, so the measure is taken after a 1 s low-pass.
        slowLinearAcceleration += (linear - slowLinearAcceleration) * min(1, dt * adaptationRates.linearAcceleration)
        linearAccelerationMeanSquare += k * (slowLinearAcceleration.squaredNorm - linearAccelerationMeanSquare)
        rateMeanSquare += k * (rate.squaredNorm - rateMeanSquare)
        samplesSinceAdaptation += 1
        guard samplesSinceAdaptation >= biasEstimator.samplesPerBlock else { return }
        samplesSinceAdaptation = 0
        let range = settings.adaptiveTimeConstantRangeSeconds
        // Floors: accelerometer noise (0.01 g) and gyro noise/bias (5 °/s) keep the ratio finite.
        let ratio = (linearAccelerationMeanSquare + 1e-4).squareRoot() / (rateMeanSquare + 0.0076).squareRoot()
        let target = min(max(settings.adaptiveTimeConstantGain * ratio, range.lowerBound), range.upperBound)
        if abs(target - accTimeConstantSeconds) > 0.05 * accTimeConstantSeconds {
            accTimeConstantSeconds = target
            retuneGravity()
        }
    }

    /// After a long gap the orientation may have changed arbitrarily: restart the
    /// gravity average and rest detection; keep the bias, which changes slowly.
    private mutating func restartAfterGap() {
        gravity.reset()
        rest.reset()
        biasEstimator.restartMotionHistory()
    }
}
