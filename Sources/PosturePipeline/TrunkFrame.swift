import PostureCore

/// Trunk angles relative to the calibrated upright.
public struct TrunkAngles: Equatable, Sendable {
    /// Angle between the current and the reference up direction.
    public var tiltDegrees: Double
    /// Forward flexion (+) / extension (-).
    public var pitchDegrees: Double
    /// Lateral bend, + to the wearer's right.
    public var rollDegrees: Double
    public static let zero = TrunkAngles(tiltDegrees: 0, pitchDegrees: 0, rollDegrees: 0)
    @inlinable public init(tiltDegrees: Double, pitchDegrees: Double, rollDegrees: Double) {
        self.tiltDegrees = tiltDegrees
        self.pitchDegrees = pitchDegrees
        self.rollDegrees = rollDegrees
    }
}

/// The wearer's frame built at calibration: up (the reference), forward (the configured
/// forward axis projected perpendicular to up, so a crooked mounting still gives true
/// flexion and lateral bend) and right.
public struct TrunkFrame: Equatable, Sendable {
    public let up: Vector3
    public let forward: Vector3
    public let right: Vector3

    /// Nil when the reference is not a direction or the forward axis is (nearly) parallel
    /// to it, so no forward direction can be derived.
    public init?(referenceUp: Vector3, forwardAxis: SignedAxis) {
        guard let u = referenceUp.normalized else { return nil }
        let f0 = forwardAxis.unitVector
        let projected = f0 - u * f0.dot(u)
        // A forward axis within ~10° of the up direction is useless: refuse rather than guess.
        guard projected.norm > 0.17, let f = projected.normalized else { return nil }
        up = u
        forward = f
        right = f.cross(u)
    }

    /// Angles of the current up direction (sensor axes) in this frame. Flexing forward tips
    /// the sensor's forward axis down, so the world up gains a negative forward component.
    public func angles(of current: Vector3) -> TrunkAngles {
        let a = current.dot(up)
        let b = -current.dot(forward)
        let c = -current.dot(right)
        let pitch = atan2Deg(b, a)
        let roll = atan2Deg(c, (a * a + b * b).squareRoot())
        return TrunkAngles(tiltDegrees: up.angleDegrees(to: current), pitchDegrees: pitch, rollDegrees: roll)
    }
}
