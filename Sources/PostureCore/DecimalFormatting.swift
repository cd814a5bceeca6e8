/// Fixed-point decimal text for doubles, identical on every machine and fast enough
/// for per-sample CSV output (no Foundation, no locale, no `String(format:)`).
public enum DecimalFormatting {
    @usableFromInline static let powersOfTen: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    /// `value` rounded half away from zero to `fractionDigits` (0...9) digits.
    /// Non-finite values give "nan", "inf" or "-inf"; negative zero prints without a sign.
    public static func string(_ value: Double, fractionDigits: Int) -> String {
        var out = ""
        out.reserveCapacity(24)
        append(value, fractionDigits: fractionDigits, to: &out)
        return out
    }

    /// Appends the text of `value` to `out` (see `string(_:fractionDigits:)`).
    public static func append(_ value: Double, fractionDigits: Int, to out: inout String) {
        let digits = max(0, min(9, fractionDigits))
        if value.isNaN { out += "nan"; return }
        if value.isInfinite { out += value < 0 ? "-inf" : "inf"; return }
        let scale = powersOfTen[digits]
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        // Beyond 2^62 fixed point would overflow; such values are not physical here.
        guard scaled < 4.0e18 else { out += String(value); return }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        let whole = units / divisor
        let frac = units % divisor
        if value < 0 && units != 0 { out += "-" }
        out += String(whole)
        if digits > 0 {
            out += "."
            let fracText = String(frac)
            if fracText.utf8.count < digits {
                out += String(repeating: "0", count: digits - fracText.utf8.count)
            }
            out += fracText
        }
    }
}
