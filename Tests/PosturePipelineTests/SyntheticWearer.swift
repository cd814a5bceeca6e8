import Foundation
import PostureCore
@testable import PosturePipeline

/// Trunk angles at a time: forward flexion, lateral bend to the right, twist (degrees).
struct Pose {
    var pitch = 0.0
    var roll = 0.0
    var yaw = 0.0
}

/// A 3×3 rotation, rows as vectors (body → world).
struct Rotation {
    var r0, r1, r2: Vector3
    static func about(_ axis: Int, degrees: Double) -> Rotation {
        let a = degrees * .pi / 180, c = cos(a), s = sin(a)
        switch axis {
        case 0: return Rotation(r0: Vector3(1, 0, 0), r1: Vector3(0, c, -s), r2: Vector3(0, s, c))
        case 1: return Rotation(r0: Vector3(c, 0, s), r1: Vector3(0, 1, 0), r2: Vector3(-s, 0, c))
        default: return Rotation(r0: Vector3(c, -s, 0), r1: Vector3(s, c, 0), r2: Vector3(0, 0, 1))
        }
    }
    static func * (a: Rotation, b: Rotation) -> Rotation {
        let c0 = Vector3(b.r0.x, b.r1.x, b.r2.x), c1 = Vector3(b.r0.y, b.r1.y, b.r2.y), c2 = Vector3(b.r0.z, b.r1.z, b.r2.z)
        return Rotation(r0: Vector3(a.r0.dot(c0), a.r0.dot(c1), a.r0.dot(c2)),
                        r1: Vector3(a.r1.dot(c0), a.r1.dot(c1), a.r1.dot(c2)),
                        r2: Vector3(a.r2.dot(c0), a.r2.dot(c1), a.r2.dot(c2)))
    }
    var transposed: Rotation {
        Rotation(r0: Vector3(r0.x, r1.x, r2.x), r1: Vector3(r0.y, r1.y, r2.y), r2: Vector3(r0.z, r1.z, r2.z))
    }
    func apply(_ v: Vector3) -> Vector3 { Vector3(r0.dot(v), r1.dot(v), r2.dot(v)) }
}

/// Generates ideal IMU samples for a wearer following `pose(t)`. Body axes: x forward,
/// y left, z up; flexion turns about +y, a bend to the right about +x, a twist about +z.
/// `mount` turns body axes into sensor axes (a crooked mounting).
struct SyntheticWearer {
    var rateHz = 100.0
    var mount = Rotation.about(2, degrees: 0)
    var pose: (Double) -> Pose
    /// Extra vertical acceleration of the trunk, in g (steps, standing up).
    var verticalG: (Double) -> Double = { _ in 0 }

    func orientation(_ t: Double) -> Rotation {
        let p = pose(t)
        return Rotation.about(2, degrees: p.yaw) * Rotation.about(1, degrees: p.pitch) * Rotation.about(0, degrees: p.roll)
    }

    func sample(at t: Double) -> IMUSample {
        let h = 0.001
        let r = orientation(t)
        // Specific force in the world (gravity reaction plus vertical acceleration), into body then sensor axes.
        let world = Vector3(0, 0, 1 + verticalG(t))
        let body = r.transposed.apply(world)
        // Body rate from the relative rotation over ±h.
        let d = orientation(t - h).transposed * orientation(t + h)
        let omega = Vector3(d.r2.y - d.r1.z, d.r0.z - d.r2.x, d.r1.x - d.r0.y) * (0.5 / (2 * h)) * (180 / .pi)
        return IMUSample(timeSeconds: t, accelG: mount.apply(body), gyroDegreesPerSecond: mount.apply(omega))
    }

    /// Runs `pipeline` from `start` to `end`; `actions` maps times to actions (applied at the first sample at or after).
    func run(_ pipeline: inout PosturePipeline, from start: Double = 0, to end: Double,
             actions: [(Double, UserAction)] = [], onSample: ((PosturePipeline) -> Void)? = nil) -> [PostureEvent] {
        var events: [PostureEvent] = []
        var pending = actions.sorted { $0.0 < $1.0 }
        var i = 0
        while true {
            let t = start + Double(i) / rateHz
            if t > end { break }
            var action: UserAction?
            if let first = pending.first, first.0 <= t { action = first.1; pending.removeFirst() }
            pipeline.process(sample(at: t), action: action, events: &events)
            onSample?(pipeline)
            i += 1
        }
        return events
    }
}

/// A smooth step from `a` to `b` over [t0, t0 + duration] (minimum-jerk profile).
func ramp(_ t: Double, _ t0: Double, _ duration: Double, _ a: Double, _ b: Double) -> Double {
    if t <= t0 { return a }
    if t >= t0 + duration { return b }
    let s = (t - t0) / duration
    return a + (b - a) * s * s * s * (10 + s * (-15 + 6 * s))
}

/// Goes from 0 to `angle` at `t0`, holds until `t1`, returns, each move lasting `move` seconds.
func excursion(_ t: Double, _ t0: Double, _ t1: Double, angle: Double, move: Double = 2) -> Double {
    t < t1 ? ramp(t, t0, move, 0, angle) : ramp(t, t1, move, angle, 0)
}

extension Array where Element == PostureEvent {
    func named(_ name: String) -> [PostureEvent] { filter { $0.name == name } }
}
