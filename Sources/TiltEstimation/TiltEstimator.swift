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
public typealias DefaultTiltEstimator = TiltFilter

