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
        withText(value, fractionDigits: fractionDigits) { out += String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the UTF-8 text of `value` to a byte buffer (the same text as `append(_:fractionDigits:to:)`).
    @inlinable
    public static func append(_ value: Double, fractionDigits: Int, to out: inout [UInt8]) {
        withText(value, fractionDigits: fractionDigits) { out.append(contentsOf: $0) }
    }

    /// Calls `body` with the ASCII text of `value`, built on the stack: the digits of the
    /// rounded fixed-point integer from the last one up, the point after `fractionDigits`.
    @inlinable
    public static func withText(_ value: Double, fractionDigits: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        let digits = max(0, min(9, fractionDigits))
        if value.isNaN { body(UnsafeRawBufferPointer(staticText: "nan")); return }
        if value.isInfinite { body(UnsafeRawBufferPointer(staticText: value < 0 ? "-inf" : "inf")); return }
        let scaled = (abs(value) * powersOfTen[digits]).rounded(.toNearestOrAwayFromZero)
        // Beyond 2^62 fixed point would overflow; such values are not physical here.
        guard scaled < 4.0e18 else {
            var text = String(value)
            text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
            return
        }
        var units = UInt64(scaled)
        let negative = value < 0 && units != 0
        // At most 19 digits, a point and a sign.
        var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { buffer in
            var i = buffer.count
            var written = 0
            repeat {
                if written == digits && digits > 0 {
                    i -= 1
                    buffer[i] = UInt8(ascii: ".")
                }
                let (quotient, remainder) = units.quotientAndRemainder(dividingBy: 10)
                i -= 1
                buffer[i] = UInt8(truncatingIfNeeded: remainder) &+ UInt8(ascii: "0")
                units = quotient
                written += 1
            } while units > 0 || written <= digits
            if negative {
                i -= 1
                buffer[i] = UInt8(ascii: "-")
            }
            body(UnsafeRawBufferPointer(rebasing: buffer[i...]))
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes of a literal (static storage, valid for the program's life).
    @inlinable init(staticText text: StaticString) {
        self.init(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }
}
