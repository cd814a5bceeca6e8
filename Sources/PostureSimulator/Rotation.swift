import Foundation
import PostureCore

/// A unit quaternion for rotations. `rotate(v)` maps a vector from the rotated (child)
/// frame into the parent frame: for the trunk, body axes → world axes.
public struct Quaternion: Equatable, Sendable {
    public var w: Double, x: Double, y: Double, z: Double

    public init(w: Double, x: Double, y: Double, z: Double) {
        self.w = w; self.x = x; self.y = y; self.z = z
    }

    public static let identity = Quaternion(w: 1, x: 0, y: 0, z: 0)

    /// Rotation by `angleRadians` about `axis` (need not be unit length; zero axis → identity).
    public init(axis: Vector3, angleRadians: Double) {
        guard let a = axis.normalized else { self = .identity; return }
        let h = angleRadians / 2
        let s = sin(h)
        self.init(w: cos(h), x: a.x * s, y: a.y * s, z: a.z * s)
    }

    /// From a rotation vector (axis × angle in radians).
    public init(rotationVector v: Vector3) {
        self.init(axis: v, angleRadians: v.norm)
    }

    /// Trunk angles in degrees: yaw about up, then pitch about the (yawed) left axis,
    /// then roll about the (pitched) forward axis. Body axes: x forward, y left, z up, so
    /// positive pitch tips the trunk forward (flexion) and positive roll bends it to the right.
    public init(yawDegrees: Double, pitchDegrees: Double, rollDegrees: Double) {
        let d = Double.pi / 180
        self = Quaternion(axis: .unitZ, angleRadians: yawDegrees * d)
            * Quaternion(axis: .unitY, angleRadians: pitchDegrees * d)
            * Quaternion(axis: .unitX, angleRadians: rollDegrees * d)
    }

    public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
        Quaternion(
            w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
            x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
    }

    public var conjugate: Quaternion { Quaternion(w: w, x: -x, y: -y, z: -z) }

    public var normalized: Quaternion {
        let n = (w * w + x * x + y * y + z * z).squareRoot()
        return n > 0 ? Quaternion(w: w / n, x: x / n, y: y / n, z: z / n) : .identity
    }

    /// Child-frame vector → parent frame.
    public func rotate(_ v: Vector3) -> Vector3 {
        let u = Vector3(x, y, z)
        let t = 2 * u.cross(v)
        return v + w * t + u.cross(t)
    }

    /// Parent-frame vector → child frame.
    public func inverseRotate(_ v: Vector3) -> Vector3 { conjugate.rotate(v) }

    /// The rotation vector (axis × angle, radians, angle in [0, π]).
    public var rotationVector: Vector3 {
        let q = w < 0 ? Quaternion(w: -w, x: -x, y: -y, z: -z) : self
        let v = Vector3(q.x, q.y, q.z)
        let s = v.norm
        if s < 1e-12 { return v * 2 }
        return v * (2 * atan2(s, q.w) / s)
    }

    /// The angle of this rotation in degrees (0...180).
    public var angleDegrees: Double { rotationVector.norm * 180 / .pi }
}

/// A proper 3×3 rotation matrix stored by rows; maps body-axis vectors to sensor axes.
public struct Rotation3: Equatable, Sendable {
    public var row0: Vector3, row1: Vector3, row2: Vector3

    public init(row0: Vector3, row1: Vector3, row2: Vector3) {
        self.row0 = row0; self.row1 = row1; self.row2 = row2
    }

    /// The matrix whose columns are the images of the body x, y, z axes.
    public init(columns c0: Vector3, _ c1: Vector3, _ c2: Vector3) {
        self.init(row0: Vector3(c0.x, c1.x, c2.x), row1: Vector3(c0.y, c1.y, c2.y), row2: Vector3(c0.z, c1.z, c2.z))
    }

    public init(_ q: Quaternion) {
        self.init(columns: q.rotate(.unitX), q.rotate(.unitY), q.rotate(.unitZ))
    }

    public static let identity = Rotation3(row0: .unitX, row1: .unitY, row2: .unitZ)

    public func apply(_ v: Vector3) -> Vector3 { Vector3(row0.dot(v), row1.dot(v), row2.dot(v)) }

    public static func * (a: Rotation3, b: Rotation3) -> Rotation3 {
        Rotation3(columns: a.apply(b.apply(.unitX)), a.apply(b.apply(.unitY)), a.apply(b.apply(.unitZ)))
    }

    public var determinant: Double { row0.dot(row1.cross(row2)) }

    /// The inverse of a rotation.
    public var transposed: Rotation3 { Rotation3(columns: row0, row1, row2) }
}
