import PostureCore

/// A first-order complementary filter without bias estimation: the baseline that
/// `posture evaluate broad` compares `TiltFilter` against.
public struct ComplementaryTiltEstimator: TiltEstimator {
    public private(set) var up = Vector3.unitZ
    public private(set) var gyroBiasDegreesPerSecond = Vector3.zero
    public private(set) var isAtRest = false
    private var initialised = false
    public var timeConstantSeconds: Double

    public init(timeConstantSeconds: Double = 1.0) {
        self.timeConstantSeconds = timeConstantSeconds
    }

    public mutating func update(accelG: Vector3, gyroDegreesPerSecond: Vector3, dtSeconds: Double) {
        guard let a = accelG.normalized else { return }
        if !initialised { up = a; initialised = true; return }
        let w = (gyroDegreesPerSecond - gyroBiasDegreesPerSecond) * (Double.pi / 180)
        // The up vector is fixed in the world, so in sensor axes it turns by -w.
        var u = up - w.cross(up) * dtSeconds
        let k = dtSeconds / (timeConstantSeconds + dtSeconds)
        u = u * (1 - k) + a * k
        up = u.normalized ?? up
    }
}
