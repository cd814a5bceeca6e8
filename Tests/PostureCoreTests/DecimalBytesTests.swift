import Testing
@testable import PostureCore

/// The byte formatter (replay's hot path) against the String formatter it replaced, kept
/// here verbatim as the reference: the same text for every value and digit count.
@Suite struct DecimalBytesTests {
    /// The String implementation before the byte formatter (two `String(UInt64)` per value).
    static func reference(_ value: Double, fractionDigits: Int) -> String {
        let digits = max(0, min(9, fractionDigits))
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let scale = DecimalFormatting.powersOfTen[digits]
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 4.0e18 else { return String(value) }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        var out = value < 0 && units != 0 ? "-" : ""
        out += String(units / divisor)
        if digits > 0 {
            let fracText = String(units % divisor)
            out += "." + String(repeating: "0", count: digits - fracText.utf8.count) + fracText
        }
        return out
    }

    static func values() -> [Double] {
        var values: [Double] = [0, -0.0, 1, -1, 0.5, -0.5, 0.05, 0.005, 9.9999999, 99.995, -99.995, 1e-12, 123456789.987654321,
                                3.999e18, 4.0e18, -5e18, 1e300, .nan, .infinity, -.infinity, .leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, 0.00049999, 0.0005, 1.0005, 2.675, 1.005]
        var random = SplitMix64(seed: 42)
        for _ in 0..<20_000 {
            let mantissa = Double(random.next() % 2_000_001) / 1_000_000 - 1
            let exponent = Int(random.next() % 24) - 10
            values.append(mantissa * pow10(exponent))
            // Ties at every digit count: k + 0.5 ulp of the printed precision.
            values.append((Double(random.next() % 100_000) + 0.5) / pow10(Int(random.next() % 6)))
        }
        return values
    }

    static func pow10(_ n: Int) -> Double {
        var x = 1.0
        for _ in 0..<abs(n) { x *= 10 }
        return n < 0 ? 1 / x : x
    }

    @Test func bytesAndStringMatchTheReference() {
        let values = Self.values()
        #expect(values.count > 40_000)
        var mismatches: [String] = []
        for value in values {
            for digits in [-1, 0, 1, 2, 3, 4, 5, 9, 12] {
                let expected = Self.reference(value, fractionDigits: digits)
                let text = DecimalFormatting.string(value, fractionDigits: digits)
                var bytes: [UInt8] = [65]
                DecimalFormatting.append(value, fractionDigits: digits, to: &bytes)
                if text != expected || bytes != [65] + Array(expected.utf8) {
                    mismatches.append("\(value) digits \(digits): reference \(expected), string \(text), bytes \(String(decoding: bytes.dropFirst(), as: UTF8.self))")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
