import Foundation
import PostureCore

/// A small deterministic PRNG (xoshiro256**, seeded through SplitMix64), so a scenario
/// is a pure function of its seed on every platform. Never the system RNG.
public struct SeededRandom: Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spareGaussian: Double?

    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next(); s1 = seeder.next(); s2 = seeder.next(); s3 = seeder.next()
    }

    /// An independent stream for one concern (motion, sensor errors, timing), so that changing
    /// how many numbers one concern draws does not reshuffle the others.
    public func derived(_ stream: UInt64) -> SeededRandom {
        var copy = self
        return SeededRandom(seed: copy.next() ^ (stream &* 0xD1B5_4A32_D192_ED03))
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in the range.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// Uniform integer in the range.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % span)
    }

    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// +1 or -1 with equal odds.
    public mutating func sign() -> Double { chance(0.5) ? 1 : -1 }

    /// Standard normal (Box-Muller; the second value is kept for the next call).
    public mutating func gaussian() -> Double {
        if let g = spareGaussian {
            spareGaussian = nil
            return g
        }
        var u1 = unit()
        while u1 <= .ulpOfOne { u1 = unit() }
        let u2 = unit()
        let r = (-2 * log(u1)).squareRoot()
        spareGaussian = r * sin(2 * .pi * u2)
        return r * cos(2 * .pi * u2)
    }

    public mutating func gaussianVector(sigma: Double) -> Vector3 {
        Vector3(gaussian() * sigma, gaussian() * sigma, gaussian() * sigma)
    }

    /// Fisher-Yates with this generator.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(0...i))
        }
    }

    public mutating func pick<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[int(0...(items.count - 1))]
    }
}

@inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
