import PostureCore

/// Rest detection as in VQF: rest once gyro and accelerometer stay close to their
/// low-passed values (and the gyro is small) for a minimum time.
@usableFromInline struct RestDetector: Sendable {
    @usableFromInline private(set) var isAtRest = false
    /// The low-passed gyro (rad/s): the bias measurement while at rest.
    private(set) var gyroLowPass = Vector3.zero
    private var gyroFilter = LowPass3()
    private var accFilter = LowPass3()
    private var restSeconds = 0.0

    mutating func reset() { self = RestDetector() }

    @inline(__always) mutating func update(gyroRadiansPerSecond gyro: Vector3, accelG: Vector3, dtSeconds: Double,
                                           settings: TiltFilterSettings, thresholds: RestThresholds,
                                           coefficients k: LowPassCoefficients) {
        let tau = settings.restFilterTimeConstantSeconds
        gyroLowPass = gyroFilter.step(gyro, dtSeconds: dtSeconds, timeConstantSeconds: tau, k)
        let gyroDeviation2 = (gyro - gyroLowPass).squaredNorm
        let accLowPass = accFilter.step(accelG, dtSeconds: dtSeconds, timeConstantSeconds: tau, k)
        let accDeviation2 = (accelG - accLowPass).squaredNorm
        let largestRate = max(abs(gyroLowPass.x), abs(gyroLowPass.y), abs(gyroLowPass.z))
        if gyroDeviation2 >= thresholds.gyroSquared || largestRate > thresholds.biasClip
            || accDeviation2 >= thresholds.accSquared {
            restSeconds = 0
            isAtRest = false
        } else {
            restSeconds += dtSeconds
            if restSeconds >= settings.restMinimumSeconds { isAtRest = true }
        }
    }
}

/// Rest thresholds in the filter's internal units, computed once from the settings.
struct RestThresholds: Sendable {
    var gyroSquared: Double
    var accSquared: Double
    var biasClip: Double

    init(_ s: TiltFilterSettings) {
        let g = s.restGyroThresholdDegreesPerSecond * Double.pi / 180
        gyroSquared = g * g
        accSquared = s.restAccThresholdG * s.restAccThresholdG
        biasClip = s.biasClipDegreesPerSecond * Double.pi / 180
    }
}
