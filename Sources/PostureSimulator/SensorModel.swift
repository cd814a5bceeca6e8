import Foundation
import PostureCore

/// How the sensor's axes sit relative to the wearer's trunk.
public struct SensorMounting: Sendable, CustomStringConvertible {
    /// Body axes (x forward, y left, z up) → sensor axes, including the back slope and misalignment.
    public var bodyToSensor: Rotation3
    /// The ideal mapping without back slope or misalignment.
    public var nominalBodyToSensor: Rotation3
    public var forwardAxis: SignedAxis
    public var upAxis: SignedAxis
    public var backSlopeDegrees: Double
    public var misalignmentDegrees: Double

    /// The sensor axis that points up on an upright wearer when none is given: +z for a
    /// forward axis along x or y (board flat, as in the trace-format example, where an upright
    /// sensor reads az ≈ +1), +y for a forward axis along z (board flat on the back, y up the spine).
    public static func defaultUpAxis(forward: SignedAxis) -> SignedAxis {
        forward.index == 2 ? SignedAxis(index: 1, sign: 1) : SignedAxis(index: 2, sign: 1)
    }

    public init(options: SimulationOptions, random: inout SeededRandom) {
        forwardAxis = options.forwardAxis
        upAxis = options.upAxis ?? Self.defaultUpAxis(forward: options.forwardAxis)
        let f = forwardAxis.unitVector
        let u = upAxis.unitVector
        // Left = up × forward keeps the mapping a proper rotation (body x fwd, y left, z up).
        nominalBodyToSensor = Rotation3(columns: f, u.cross(f), u)
        backSlopeDegrees = random.uniform(options.backSlopeDegrees)
        misalignmentDegrees = random.uniform(0...max(0, options.misalignmentMaxDegrees))
        let axis = Vector3(random.gaussian(), random.gaussian(), random.gaussian())
        let misalign = Rotation3(Quaternion(axis: axis, angleRadians: misalignmentDegrees * .pi / 180))
        // The slope pitches the sensor forward about the body's left axis.
        let slope = Rotation3(Quaternion(axis: .unitY, angleRadians: backSlopeDegrees * .pi / 180))
        // A body vector is first expressed in the sloped pad frame, then in the sensor frame.
        bodyToSensor = misalign * nominalBodyToSensor * slope.transposed
    }

    /// The mounting as trace metadata writes it.
    public var description: String {
        "upper back, \(forwardAxis) forward, \(upAxis) up"
    }
}

/// The error state of one simulated MPU-6050-class sensor.
public struct SensorErrorModel: Sendable {
    public private(set) var gyroBiasDegreesPerSecond: Vector3
    public let gyroScale: Vector3
    public let accelBiasG: Vector3
    public let accelScale: Vector3
    private let options: SimulationOptions
    private var random: SeededRandom

    public init(options: SimulationOptions, random: SeededRandom) {
        self.options = options
        var r = random
        func bias(_ maxValue: Double, _ minFraction: Double) -> Double {
            guard maxValue > 0 else { return 0 }
            return r.sign() * r.uniform((maxValue * minFraction)...maxValue)
        }
        gyroBiasDegreesPerSecond = Vector3(bias(options.gyroBiasMaxDegreesPerSecond, 0.1),
                                           bias(options.gyroBiasMaxDegreesPerSecond, 0.1),
                                           bias(options.gyroBiasMaxDegreesPerSecond, 0.1))
        gyroScale = Vector3(1 + bias(options.gyroScaleErrorMax, 0), 1 + bias(options.gyroScaleErrorMax, 0),
                            1 + bias(options.gyroScaleErrorMax, 0))
        accelBiasG = Vector3(bias(options.accelBiasMaxG, 0), bias(options.accelBiasMaxG, 0), bias(options.accelBiasMaxG, 0))
        accelScale = Vector3(1 + bias(options.accelScaleErrorMax, 0), 1 + bias(options.accelScaleErrorMax, 0),
                             1 + bias(options.accelScaleErrorMax, 0))
        self.random = r
    }

    /// One LSB of the configured ranges, from the MPU-6050 datasheet sensitivities
    /// (131, 65.5, 32.8, 16.4 LSB per deg/s; 16384 LSB/g at ±2 g, halving per range step).
    public var gyroLSB: Double {
        switch options.gyroRangeDegreesPerSecond {
        case 250: return 1 / 131
        case 500: return 1 / 65.5
        case 1000: return 1 / 32.8
        case 2000: return 1 / 16.4
        default: return options.gyroRangeDegreesPerSecond / 32768
        }
    }
    public var accelLSB: Double { options.accelRangeG / 32768 }

    /// Advances the bias drift by `dtSeconds` (random walk).
    public mutating func advance(dtSeconds: Double) {
        guard options.gyroBiasRandomWalk > 0, dtSeconds > 0 else { return }
        gyroBiasDegreesPerSecond += random.gaussianVector(sigma: options.gyroBiasRandomWalk * dtSeconds.squareRoot())
    }

    /// The sensor's reading of a true angular rate (deg/s) and specific force (g), sensor axes.
    public mutating func measure(gyroDegreesPerSecond w: Vector3, accelG f: Vector3) -> (gyro: Vector3, accel: Vector3) {
        var g = Vector3(w.x * gyroScale.x, w.y * gyroScale.y, w.z * gyroScale.z) + gyroBiasDegreesPerSecond
        var a = Vector3(f.x * accelScale.x, f.y * accelScale.y, f.z * accelScale.z) + accelBiasG
        if options.gyroNoiseDegreesPerSecond > 0 { g += random.gaussianVector(sigma: options.gyroNoiseDegreesPerSecond) }
        if options.accelNoiseG > 0 { a += random.gaussianVector(sigma: options.accelNoiseG) }
        if options.quantise {
            g = Self.quantise(g, lsb: gyroLSB)
            a = Self.quantise(a, lsb: accelLSB)
        }
        return (g, a)
    }

    /// Rounds to the LSB and saturates like a 16-bit two's-complement register (−32768...32767).
    public static func quantise(_ v: Vector3, lsb: Double) -> Vector3 {
        func q(_ x: Double) -> Double {
            let counts = min(32767, max(-32768, (x / lsb).rounded()))
            return counts * lsb
        }
        return Vector3(q(v.x), q(v.y), q(v.z))
    }
}
