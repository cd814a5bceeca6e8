import PostureCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The filter's views of PostureCore's `Quaternion` (sensor axes into an earth frame, Hamilton).
extension Quaternion {
    /// The rotation matrix of this quaternion.
    @inline(__always) var matrix: Matrix3 {
        Matrix3(r0: Vector3(1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (w * y + x * z)),
                r1: Vector3(2 * (w * z + x * y), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)),
                r2: Vector3(2 * (x * z - w * y), 2 * (w * x + y * z), 1 - 2 * (x * x + y * y)))
    }

    /// The earth z axis expressed in sensor axes (the last row of the rotation matrix).
    @inlinable @inline(__always) var earthZInSensorAxes: Vector3 {
        Vector3(2 * (x * z - w * y), 2 * (w * x + y * z), 1 - 2 * (x * x + y * y))
    }
}

/// A 3×3 matrix by rows.
struct Matrix3: Equatable, Sendable {
    var r0: Vector3, r1: Vector3, r2: Vector3

    static let zero = Matrix3(r0: .zero, r1: .zero, r2: .zero)
    static let identity = Matrix3(r0: .unitX, r1: .unitY, r2: .unitZ)
    static func diagonal(_ d: Vector3) -> Matrix3 {
        Matrix3(r0: Vector3(d.x, 0, 0), r1: Vector3(0, d.y, 0), r2: Vector3(0, 0, d.z))
    }

    @inline(__always) var transposed: Matrix3 {
        Matrix3(r0: Vector3(r0.x, r1.x, r2.x), r1: Vector3(r0.y, r1.y, r2.y), r2: Vector3(r0.z, r1.z, r2.z))
    }
    @inline(__always) static func * (m: Matrix3, v: Vector3) -> Vector3 { Vector3(m.r0.dot(v), m.r1.dot(v), m.r2.dot(v)) }
    @inline(__always) static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        let t = b.transposed
        return Matrix3(r0: Vector3(a.r0.dot(t.r0), a.r0.dot(t.r1), a.r0.dot(t.r2)),
                       r1: Vector3(a.r1.dot(t.r0), a.r1.dot(t.r1), a.r1.dot(t.r2)),
                       r2: Vector3(a.r2.dot(t.r0), a.r2.dot(t.r1), a.r2.dot(t.r2)))
    }
    @inline(__always) static func + (a: Matrix3, b: Matrix3) -> Matrix3 { Matrix3(r0: a.r0 + b.r0, r1: a.r1 + b.r1, r2: a.r2 + b.r2) }
    @inline(__always) static func - (a: Matrix3, b: Matrix3) -> Matrix3 { Matrix3(r0: a.r0 - b.r0, r1: a.r1 - b.r1, r2: a.r2 - b.r2) }
    @inline(__always) static func * (a: Matrix3, s: Double) -> Matrix3 { Matrix3(r0: a.r0 * s, r1: a.r1 * s, r2: a.r2 * s) }

    /// The inverse by cofactors, or nil when (nearly) singular.
    @inline(__always) var inverse: Matrix3? {
        let c0 = r1.cross(r2), c1 = r2.cross(r0), c2 = r0.cross(r1)
        let det = r0.dot(c0)
        guard abs(det) > 1e-300, det.isFinite else { return nil }
        let inv = 1 / det
        // Columns of the inverse are the cofactor vectors.
        return Matrix3(r0: Vector3(c0.x, c1.x, c2.x) * inv, r1: Vector3(c0.y, c1.y, c2.y) * inv,
                       r2: Vector3(c0.z, c1.z, c2.z) * inv)
    }
}

/// Coefficients of a second-order Butterworth low-pass, parametrised like VQF by the
/// time constant of the non-oscillating part of the step response (cut-off √2/(2πτ)).
struct LowPassCoefficients: Equatable, Sendable {
    var b0 = 0.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0

    init() {}

    init(timeConstantSeconds tau: Double, sampleSeconds: Double) {
        // Beyond τ/4 per sample the bilinear transform approaches its pole at Nyquist:
        // treat slower sampling as τ/4 (only reached with sensors far slower than 4/τ Hz).
        let ts = min(sampleSeconds, 0.25 * tau)
        let cutoffHz = 2.0.squareRoot() / (2 * Double.pi * tau)
        let c = tan(Double.pi * cutoffHz * ts)
        let d = c * c + 2.0.squareRoot() * c + 1
        b0 = c * c / d
        b1 = 2 * b0
        b2 = b0
        a1 = 2 * (c * c - 1) / d
        a2 = (1 - 2.0.squareRoot() * c + c * c) / d
    }
}

/// A three-channel second-order low-pass (transposed direct form II) that starts by
/// averaging its input for one time constant, so one odd first sample does not linger.
struct LowPass3: Sendable {
    private var s0 = Vector3.zero
    private var s1 = Vector3.zero
    private(set) var output = Vector3.zero
    private var averagedSeconds = 0.0
    private var averagedCount = 0
    private(set) var isFiltering = false

    init() {}

    mutating func reset() { self = LowPass3() }

    /// One step; `dtSeconds` only counts time during the initial averaging.
    @inline(__always) mutating func step(_ x: Vector3, dtSeconds: Double, timeConstantSeconds tau: Double,
                                         _ k: LowPassCoefficients) -> Vector3 {
        if isFiltering {
            let y = x * k.b0 + s0
            s0 = x * k.b1 - y * k.a1 + s1
            s1 = x * k.b2 - y * k.a2
            output = y
            return y
        }
        averagedCount += 1
        averagedSeconds += dtSeconds
        // s0 accumulates the sum while averaging.
        s0 += x
        output = s0 / Double(averagedCount)
        if averagedSeconds >= tau {
            // Steady state for the mean: y = x = mean in the difference equations.
            s0 = output * (1 - k.b0)
            s1 = output * (k.b2 - k.a2)
            isFiltering = true
        }
        return output
    }

    /// Keeps the output continuous when the coefficients change (as if in steady state).
    mutating func adapt(from old: LowPassCoefficients, to new: LowPassCoefficients) {
        guard isFiltering else { return }
        s0 += output * (old.b0 - new.b0)
        s1 += output * (old.b1 - new.b1 - old.a1 + new.a1)
    }
}
