// libm without Foundation: the per-sample path stays free of Foundation.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline let degreesPerRadian = 180.0 / Double.pi

@inlinable func atan2Deg(_ y: Double, _ x: Double) -> Double { atan2(y, x) * degreesPerRadian }
@inlinable func expNeg(_ x: Double) -> Double { exp(-x) }

/// Weight of a new sample in a first-order low-pass with time constant `tau` after `dt`:
/// 1 - e^(-dt/tau). For the usual small steps a short series replaces exp() (error < 1e-7),
/// which matters with two dozen filters per sample.
@inlinable func smoothingWeight(dt: Double, tau: Double) -> Double {
    if tau <= 0 { return 1 }
    let x = dt / tau
    if x < 0.05 { return x * (1 - x * (0.5 - x * (1.0 / 6 - x / 24))) }
    return 1 - exp(-x)
}
