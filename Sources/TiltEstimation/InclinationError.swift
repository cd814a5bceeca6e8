import PostureCore

/// Accumulates the inclination error (angle between an estimated and a true up
/// vector) the way BROAD reports it: RMSE and maximum over the scored samples.
public struct InclinationError: Sendable {
    public private(set) var count = 0
    public private(set) var maximumDegrees = 0.0
    private var sumSquaredDegrees = 0.0

    public init() {}

    public mutating func add(estimate: Vector3, truth: Vector3) {
        let e = estimate.angleDegrees(to: truth)
        sumSquaredDegrees += e * e
        maximumDegrees = max(maximumDegrees, e)
        count += 1
    }

    /// Root mean square error in degrees (0 when nothing was scored).
    public var rmseDegrees: Double { count > 0 ? (sumSquaredDegrees / Double(count)).squareRoot() : 0 }
}
