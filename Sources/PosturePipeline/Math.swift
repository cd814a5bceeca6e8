// libm without Foundation: the per-sample path stays free of Foundation.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline let degreesPerRadian = 180.0 / Double.pi

@inlinable func atan2Deg(_ y: Double, _ x: Double) -> Double { atan2(y, x) * degreesPerRadian }
@inlinable func expNeg(_ x: Double) -> Double { exp(-x) }

/// Weight of a new sample in a first-order low-pass with time constant `tau` after `dt`.
@inlinable func smoothingWeight(dt: Double, tau: Double) -> Double {
    tau <= 0 ? 1 : 1 - exp(-dt / tau)
}
