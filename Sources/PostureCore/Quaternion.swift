#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    // The filter's per-sample arithmetic (TiltEstimation). Kept apart from the forms above: each
    // caller's results stay bit-identical (goldens, `posture score`).

    /// `self ⊗ o` (the same products as `*`).
    @inlinable @inline(__always) public func multiplied(by o: Quaternion) -> Quaternion {
        Quaternion(w: w * o.w - x * o.x - y * o.y - z * o.z,
                   x: w * o.x + x * o.w + y * o.z - z * o.y,
                   y: w * o.y - x * o.z + y * o.w + z * o.x,
                   z: w * o.z + x * o.y - y * o.x + z * o.w)
    }

    /// In place, by the reciprocal of the norm (`normalized` divides).
    @inlinable @inline(__always) public mutating func normalize() {
        let n2 = w * w + x * x + y * y + z * z
        // A zero quaternion cannot come out of products of unit quaternions; guard anyway.
        guard n2 > 1e-30 else { self = .identity; return }
        let inv = 1 / n2.squareRoot()
        w *= inv; x *= inv; y *= inv; z *= inv
    }

    /// Normalisation for a quaternion that is already unit up to rounding: one Newton
    /// step for 1/√n² (no square root or division on the per-sample path).
    @inlinable @inline(__always) public mutating func renormalize() {
        let n2 = w * w + x * x + y * y + z * z
        guard abs(n2 - 1) < 1e-6 else { normalize(); return }
        let k = 1.5 - 0.5 * n2
        w *= k; x *= k; y *= k; z *= k
    }

    /// `q ⊗ [0 v] ⊗ q*` through the rotation matrix's entries (the same rotation as `rotate`,
    /// other rounding).
    @inlinable @inline(__always) public func rotateByMatrix(_ v: Vector3) -> Vector3 {
        Vector3((1 - 2 * (y * y + z * z)) * v.x + 2 * (x * y - w * z) * v.y + 2 * (w * y + x * z) * v.z,
                2 * (w * z + x * y) * v.x + (1 - 2 * (x * x + z * z)) * v.y + 2 * (y * z - w * x) * v.z,
                2 * (x * z - w * y) * v.x + 2 * (w * x + y * z) * v.y + (1 - 2 * (x * x + y * y)) * v.z)
    }

    /// The rotation by `rate` (rad/s) during `dt` seconds. The series branch avoids
    /// sin/cos for the small steps of normal sampling (exact to ~1e-11 below 0.1 rad).
    @inlinable @inline(__always) public static func integrating(rate: Vector3, dtSeconds dt: Double) -> Quaternion {
        let rate2 = rate.squaredNorm
        let angle2 = rate2 * dt * dt
        let c: Double
        let s: Double
        if angle2 < 0.01 {
            // Multiplications by the reciprocals: no division on the per-sample path.
            c = 1 - angle2 * 0.125 + angle2 * angle2 * (1.0 / 384)
            s = 0.5 * dt * (1 - angle2 * (1.0 / 24) + angle2 * angle2 * (1.0 / 1920))
        } else {
            let norm = rate2.squareRoot()
            let half = 0.5 * norm * dt
            c = cos(half)
            s = sin(half) / norm
        }
        return Quaternion(w: c, x: s * rate.x, y: s * rate.y, z: s * rate.z)
    }
}
