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
        var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { buffer in
            let count = write(value, fractionDigits: fractionDigits, to: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
            out += String(decoding: UnsafeRawBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// Appends the UTF-8 text of `value` to a byte buffer (the same text as the `String` version).
    public static func append(_ value: Double, fractionDigits: Int, to out: inout [UInt8]) {
        var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { buffer in
            let count = write(value, fractionDigits: fractionDigits, to: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// The most bytes `write` stores (a sign, 19 digits and a point; `String(Double)`'s longest is 24).
    public static let maximumWrittenBytes = 32

    /// Stores the ASCII text of `value` at `dest` (room for `maximumWrittenBytes`) and returns
    /// its length: the rounded fixed-point integer's digits, written from the last one back,
    /// with the point before the last `fractionDigits`. The replay's per-sample hot path.
    @inlinable @inline(__always)
    public static func write(_ value: Double, fractionDigits: Int, to dest: UnsafeMutablePointer<UInt8>) -> Int {
        let digits = max(0, min(9, fractionDigits))
        guard value.isFinite else {
            return copy(value.isNaN ? "nan" : value < 0 ? "-inf" : "inf", to: dest)
        }
        // Exact powers of ten; constants where the call is inlined with literal digits.
        var scale = 1.0
        var divisor: UInt64 = 1
        for _ in 0..<digits {
            scale *= 10
            divisor &*= 10
        }
        let magnitude = abs(value) * scale
        // Beyond 2^62 fixed point would overflow; such values are not physical here. (The same
        // bound as on the rounded value: from 2^53 up every double is already an integer.)
        guard magnitude < 4.0e18 else { return copy(String(value), to: dest) }
        // Half away from zero without libm's round(): the truncation and its remainder are exact
        // (below 2^53 the remainder of a double over its integer part is representable, above it is 0).
        let truncated = UInt64(magnitude)
        let units = magnitude - Double(truncated) >= 0.5 ? truncated &+ 1 : truncated
        var length = 0
        if value < 0 && units != 0 {
            dest[0] = UInt8(ascii: "-")
            length = 1
        }
        var whole = units / divisor
        var fraction = units &- whole &* divisor
        var count = 1
        var power: UInt64 = 10
        while count < 19 && whole >= power {
            count += 1
            power &*= 10
        }
        var i = length + count
        // Two digits per division (half the dependent multiply-shifts), then the odd one.
        while whole >= 10 {
            let (quotient, remainder) = whole.quotientAndRemainder(dividingBy: 100)
            i -= 2
            storePair(Int(truncatingIfNeeded: remainder), at: dest + i)
            whole = quotient
        }
        if i > length {
            i -= 1
            dest[i] = UInt8(truncatingIfNeeded: whole) &+ UInt8(ascii: "0")
        }
        length += count
        guard digits > 0 else { return length }
        dest[length] = UInt8(ascii: ".")
        length += 1 + digits
        var j = length
        var left = digits
        while left >= 2 {
            let (quotient, remainder) = fraction.quotientAndRemainder(dividingBy: 100)
            j -= 2
            storePair(Int(truncatingIfNeeded: remainder), at: dest + j)
            fraction = quotient
            left -= 2
        }
        if left == 1 { dest[j - 1] = UInt8(truncatingIfNeeded: fraction) &+ UInt8(ascii: "0") }
        return length
    }

    /// The two ASCII digits of `pair` (0...99).
    @inlinable @inline(__always)
    static func storePair(_ pair: Int, at dest: UnsafeMutablePointer<UInt8>) {
        let tens = (pair &* 103) &>> 10  // pair / 10 for 0...99 (shifts bind tighter than products)
        dest[0] = UInt8(truncatingIfNeeded: tens) &+ UInt8(ascii: "0")
        dest[1] = UInt8(truncatingIfNeeded: pair &- tens &* 10) &+ UInt8(ascii: "0")
    }

    @usableFromInline static func copy(_ text: String, to dest: UnsafeMutablePointer<UInt8>) -> Int {
        var text = text
        return text.withUTF8 { utf8 in
            let n = min(utf8.count, maximumWrittenBytes)
            dest.update(from: utf8.baseAddress!, count: n)
            return n
        }
    }
}

