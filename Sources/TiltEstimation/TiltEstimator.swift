import PostureCore

/// Estimates the up direction (unit vector, sensor axes) from 6-axis samples.
/// Implementations are value types updated in place: no allocation per sample.
public protocol TiltEstimator: Sendable {
    /// Feeds one sample; `dtSeconds` is the time since the previous one (the pipeline
    /// derives it from sample timestamps, so irregular spacing is handled).
    mutating func update(accelG: Vector3, gyroDegreesPerSecond: Vector3, dtSeconds: Double)
    /// The current estimate of the up direction, a unit vector in sensor axes.
    var up: Vector3 { get }
    /// The current gyro bias estimate in degrees per second.
    var gyroBiasDegreesPerSecond: Vector3 { get }
    /// True while the estimator believes the sensor is at rest.
    var isAtRest: Bool { get }
}

/// The estimator the pipeline uses.
public typealias DefaultTiltEstimator = ComplementaryTiltEstimator

/// A simple complementary filter: the placeholder until the full filter lands.
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
