import Foundation
import PostureCore

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
