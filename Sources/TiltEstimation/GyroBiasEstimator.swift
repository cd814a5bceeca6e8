import PostureCore

/// VQF's gyro bias Kalman filter (three bias states, constant-bias model with slow
/// forgetting), run at a reduced rate on inputs averaged over each interval: the bias
/// changes over minutes, so a 50 Hz update loses nothing and costs a fraction.
///
/// At rest the measurement is the low-passed gyro. In motion it is the accelerometer
/// correction rate expressed in the almost-inertial frame: a bias b makes the gyro
/// frame drift by R·b, which the low-passed correction must cancel (VQF eq. 30 ff.).
/// Covariances are in (0.01 °/s)², errors and the bias in rad/s (as in VQF).
@usableFromInline struct GyroBiasEstimator: Sendable {
    @usableFromInline private(set) var bias = Vector3.zero
    private(set) var covariance = Matrix3.zero

    // Accumulated over the current interval.
    private var sumRotation = Matrix3.zero
    private var sumCorrection = Vector3.zero
    private var sumGyroLowPass = Vector3.zero
    private var blockSeconds = 0.0
    private var blockCount = 0
    private var blockAllAtRest = true

    // Low-passes of R and of R·b (x, y) with the accelerometer's time constant.
    private var rotationRow0 = LowPass3()
    private var rotationRow1 = LowPass3()
    private var rotationRow2 = LowPass3()
    private var rotatedBias = LowPass3()

    private var constants = BiasConstants()
    var samplesPerBlock: Int { constants.samplesPerBlock }
    static let maxSamplesPerBlock = 1 << 20

    init(settings: TiltFilterSettings) {
        constants = BiasConstants(settings: settings, blockSeconds: settings.biasUpdateIntervalSeconds, samplesPerBlock: 1,
                                  accTimeConstantSeconds: settings.accTimeConstantSeconds)
        covariance = Matrix3.identity * constants.initialVariance
    }

    /// Called when the nominal sample interval changes.
    mutating func retime(settings: TiltFilterSettings, nominalSampleSeconds dt: Double, accTimeConstantSeconds tau: Double) {
        // Capped: a trace with samples 1e-21 s apart would ask for more samples per block than Int holds.
        let perBlock = min(max(1, Int(saturating: (settings.biasUpdateIntervalSeconds / dt).rounded())), Self.maxSamplesPerBlock)
        let new = BiasConstants(settings: settings, blockSeconds: Double(perBlock) * dt, samplesPerBlock: perBlock,
                                accTimeConstantSeconds: tau)
        rotationRow0.adapt(from: constants.lowPass, to: new.lowPass)
        rotationRow1.adapt(from: constants.lowPass, to: new.lowPass)
        rotationRow2.adapt(from: constants.lowPass, to: new.lowPass)
        rotatedBias.adapt(from: constants.lowPass, to: new.lowPass)
        constants = new
    }

    /// Forgets the motion history (after a gap the corrections say nothing about the bias).
    mutating func restartMotionHistory() {
        rotationRow0.reset(); rotationRow1.reset(); rotationRow2.reset(); rotatedBias.reset()
        clearBlock()
    }

    private mutating func clearBlock() {
        sumRotation = .zero; sumCorrection = .zero; sumGyroLowPass = .zero
        blockSeconds = 0; blockCount = 0; blockAllAtRest = true
    }

    /// Adds one sample: `rotation` of the 6D orientation, the normalised gravity
    /// direction `correction` in the 6D earth frame before its correction.
    @inline(__always) mutating func accumulate(rotation: Matrix3, correction: Vector3, gyroLowPass: Vector3,
                                               atRest: Bool, dtSeconds: Double, settings: TiltFilterSettings) {
        sumRotation = sumRotation + rotation
        sumCorrection += correction
        sumGyroLowPass += gyroLowPass
        blockSeconds += dtSeconds
        blockCount += 1
        blockAllAtRest = blockAllAtRest && atRest
        if blockCount >= constants.samplesPerBlock {
            update(settings: settings)
            clearBlock()
        }
    }

    private mutating func update(settings: TiltFilterSettings) {
        guard blockSeconds > 0 else { return }
        let n = 1 / Double(blockCount)
        let rotation = sumRotation * n
        let k = constants.lowPass
        let tau = constants.accTimeConstantSeconds
        let rb = rotation * bias
        let rotatedBiasLow = rotatedBias.step(Vector3(rb.x, rb.y, 0), dtSeconds: blockSeconds, timeConstantSeconds: tau, k)
        let lowRotation = Matrix3(
            r0: rotationRow0.step(rotation.r0, dtSeconds: blockSeconds, timeConstantSeconds: tau, k),
            r1: rotationRow1.step(rotation.r1, dtSeconds: blockSeconds, timeConstantSeconds: tau, k),
            r2: rotationRow2.step(rotation.r2, dtSeconds: blockSeconds, timeConstantSeconds: tau, k))

        let error: Vector3
        let measurement: Matrix3
        let noise: Vector3
        if blockAllAtRest && settings.restBiasEstimation {
            error = sumGyroLowPass * n - bias
            measurement = .identity
            noise = Vector3(constants.restNoise, constants.restNoise, constants.restNoise)
        } else if settings.motionBiasEstimation {
            // Mean correction rate (rad/s) over the interval; its signs follow the
            // correction quaternion [., a_y/2, -a_x/2, 0].
            let rate = sumCorrection / blockSeconds
            let predicted = lowRotation * bias
            error = Vector3(-rate.y + rotatedBiasLow.x - predicted.x,
                            rate.x + rotatedBiasLow.y - predicted.y,
                            -predicted.z)
            measurement = lowRotation
            noise = Vector3(constants.motionNoise, constants.motionNoise, constants.verticalNoise)
        } else {
            growCovariance()
            return
        }
        growCovariance()
        let clip = constants.clip
        let e = Vector3(min(max(error.x, -clip), clip), min(max(error.y, -clip), clip), min(max(error.z, -clip), clip))
        let pht = covariance * measurement.transposed
        guard let sInverse = (measurement * pht + Matrix3.diagonal(noise)).inverse else { return }
        let gain = pht * sInverse
        var b = bias + gain * e
        covariance = covariance - gain * (measurement * covariance)
        b = Vector3(min(max(b.x, -clip), clip), min(max(b.y, -clip), clip), min(max(b.z, -clip), clip))
        bias = b
    }

    /// Process noise: the variance grows back towards its initial value.
    private mutating func growCovariance() {
        let v = constants.processNoise, p0 = constants.initialVariance
        if covariance.r0.x < p0 { covariance.r0.x += v }
        if covariance.r1.y < p0 { covariance.r1.y += v }
        if covariance.r2.z < p0 { covariance.r2.z += v }
    }

    /// Standard deviation bound of the estimate, °/s (Gershgorin bound on P's largest eigenvalue).
    var sigmaDegreesPerSecond: Double {
        let rowSum = { (r: Vector3) in abs(r.x) + abs(r.y) + abs(r.z) }
        let p = min(max(rowSum(covariance.r0), rowSum(covariance.r1), rowSum(covariance.r2)), constants.initialVariance)
        return p.squareRoot() / 100
    }
}

/// Constants derived from the settings and the update interval.
struct BiasConstants: Sendable {
    var samplesPerBlock = 1
    var accTimeConstantSeconds = 3.0
    var lowPass = LowPassCoefficients()
    var initialVariance = 0.0
    var processNoise = 0.0
    var motionNoise = 0.0
    var verticalNoise = 0.0
    var restNoise = 0.0
    var clip = 0.0

    init() {}

    init(settings s: TiltFilterSettings, blockSeconds: Double, samplesPerBlock: Int, accTimeConstantSeconds tau: Double) {
        self.samplesPerBlock = samplesPerBlock
        accTimeConstantSeconds = tau
        lowPass = LowPassCoefficients(timeConstantSeconds: tau, sampleSeconds: blockSeconds)
        initialVariance = (s.biasSigmaInitialDegreesPerSecond * 100) * (s.biasSigmaInitialDegreesPerSecond * 100)
        // The variance grows from 0 to (0.1 °/s)² in the forgetting time.
        processNoise = (0.1 * 100) * (0.1 * 100) * blockSeconds / max(s.biasForgettingTimeSeconds, 1e-9)
        // Measurement noise chosen so the steady-state variance is the configured sigma².
        let pMotion = (s.biasSigmaMotionDegreesPerSecond * 100) * (s.biasSigmaMotionDegreesPerSecond * 100)
        motionNoise = pMotion * pMotion / processNoise + pMotion
        verticalNoise = motionNoise / max(s.biasVerticalForgettingFactor, 1e-10)
        let pRest = (s.biasSigmaRestDegreesPerSecond * 100) * (s.biasSigmaRestDegreesPerSecond * 100)
        restNoise = pRest * pRest / processNoise + pRest
        clip = s.biasClipDegreesPerSecond * Double.pi / 180
    }
}
