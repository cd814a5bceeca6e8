/// One reading of a 6-axis IMU, in physical units.
///
/// `accelG` is specific force in g: a sensor at rest reads about +1 g along the axis
/// that points up. `gyroDegreesPerSecond` is the angular rate, right-handed about the
/// same axes. `timeSeconds` comes from the sample itself (trace column `t`, or the
/// driver's clock), never from the wall clock, so the pipeline is deterministic.
public struct IMUSample: Equatable, Sendable {
    public var timeSeconds: Double
    public var accelG: Vector3
    public var gyroDegreesPerSecond: Vector3

    @inlinable public init(timeSeconds: Double, accelG: Vector3, gyroDegreesPerSecond: Vector3) {
        self.timeSeconds = timeSeconds
        self.accelG = accelG
        self.gyroDegreesPerSecond = gyroDegreesPerSecond
    }
}

/// An action the wearer asks for: a button press, a trace marker or `--press T:ACTION`.
public enum UserAction: String, CaseIterable, Sendable, Equatable {
    /// Take the current posture as the upright reference.
    case calibrate
    /// Start a stretch session.
    case stretch
    /// Silence nudges for a while.
    case snooze
    /// Acknowledge the last nudge.
    case ack

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A sensor axis with a sign, as written in the config (`+x`, `-z`, ...).
public struct SignedAxis: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// 0 = x, 1 = y, 2 = z.
    public var index: Int
    /// +1 or -1.
    public var sign: Double

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: " ")
        guard t.count == 2, let s = t.first, let a = t.last else { return nil }
        switch s {
        case "+": sign = 1
        case "-": sign = -1
        default: return nil
        }
        switch a {
        case "x", "X": index = 0
        case "y", "Y": index = 1
        case "z", "Z": index = 2
        default: return nil
        }
    }

    public init(index: Int, sign: Double) {
        self.index = index
        self.sign = sign
    }

    /// The unit vector along this axis.
    public var unitVector: Vector3 {
        var v = Vector3.zero
        v[index] = sign
        return v
    }

    public var description: String { (sign < 0 ? "-" : "+") + ["x", "y", "z"][index] }
}

extension String {
    @usableFromInline func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
