/// A 3-vector in sensor axes. Plain value type so the per-sample path never allocates.
public struct Vector3: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x; self.y = y; self.z = z
    }

    @inlinable public init(x: Double, y: Double, z: Double) {
        self.x = x; self.y = y; self.z = z
    }

    public static let zero = Vector3(0, 0, 0)
    public static let unitX = Vector3(1, 0, 0)
    public static let unitY = Vector3(0, 1, 0)
    public static let unitZ = Vector3(0, 0, 1)

    @inlinable public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    @inlinable public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    @inlinable public static prefix func - (a: Vector3) -> Vector3 { Vector3(-a.x, -a.y, -a.z) }
    @inlinable public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    @inlinable public static func * (s: Double, a: Vector3) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    @inlinable public static func / (a: Vector3, s: Double) -> Vector3 { Vector3(a.x / s, a.y / s, a.z / s) }
    @inlinable public static func += (a: inout Vector3, b: Vector3) { a = a + b }
    @inlinable public static func -= (a: inout Vector3, b: Vector3) { a = a - b }
    @inlinable public static func *= (a: inout Vector3, s: Double) { a = a * s }

    @inlinable public func dot(_ o: Vector3) -> Double { x * o.x + y * o.y + z * o.z }
    @inlinable public func cross(_ o: Vector3) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }
    @inlinable public var squaredNorm: Double { x * x + y * y + z * z }
    @inlinable public var norm: Double { squaredNorm.squareRoot() }

    /// The unit vector in the same direction, or `nil` for a (near-)zero vector.
    @inlinable public var normalized: Vector3? {
        let n = norm
        return n > 1e-12 ? self / n : nil
    }

    /// Component by axis index 0, 1, 2.
    @inlinable public subscript(axis: Int) -> Double {
        get { axis == 0 ? x : (axis == 1 ? y : z) }
        set {
            switch axis {
            case 0: x = newValue
            case 1: y = newValue
            default: z = newValue
            }
        }
    }

    /// Angle between two vectors in degrees (0...180); 0 when either is zero.
    @inlinable public func angleDegrees(to o: Vector3) -> Double {
        let c = cross(o).norm
        let d = dot(o)
        if c == 0 && d == 0 { return 0 }
        return atan2Degrees(c, d)
    }

    public var description: String { "(\(x), \(y), \(z))" }
}

@usableFromInline func atan2Degrees(_ y: Double, _ x: Double) -> Double {
    _atan2(y, x) * 180.0 / Double.pi
}

#if canImport(Glibc)
import Glibc
@usableFromInline func _atan2(_ y: Double, _ x: Double) -> Double { Glibc.atan2(y, x) }
#elseif canImport(Darwin)
import Darwin
@usableFromInline func _atan2(_ y: Double, _ x: Double) -> Double { Darwin.atan2(y, x) }
#endif
