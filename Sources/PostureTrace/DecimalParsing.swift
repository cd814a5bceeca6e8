/// Decimal numbers of a trace line, parsed straight from its bytes: the same Double that
/// Swift's `Double(String)` gives (both are correctly rounded), without making a String.
///
/// Accepted: optional spaces around, an optional sign, digits with an optional `.` (at least one
/// digit in all), an optional exponent `e`/`E` with optional sign and at least one digit. Not
/// accepted (nil): words (`inf`, `nan`), hexadecimal, anything else.
public enum DecimalParsing {
    /// 10^k for 0 <= k <= 22: every one exact in binary64. A switch (a constant table to the
    /// compiler) rather than a global array: no lazy-initialisation check or bounds check per number.
    @inline(__always)
    static func exactPowerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// Appends the decimal digits at `p[i..<e]` to `mantissa` (wrapping: the callers check the
    /// count against 19), moves `i` past them and returns how many there were.
    @inline(__always)
    static func appendDigits(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ e: Int, to mantissa: inout UInt64) -> Int {
        let start = i
        while i < e {
            let d = p[i] &- 48
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        return i &- start
    }

    /// Parses `p[start..<end]`.
    ///
    /// Fast path (Clinger 1990): when the digits form an integer m < 2^53 and the decimal exponent
    /// e has |e| <= 22, both m and 10^|e| are exact doubles, so the one IEEE multiply or divide
    /// m * 10^e is the correctly rounded result, as `Double(String)` gives. Every number a
    /// posture-trace holds (at most ~12 digits, no exponent) takes it. Anything else (more
    /// digits, large exponents) goes to `Double(String)` itself, after the syntax check here.
    @inline(__always)
    public static func parse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var s = start, e = end
        while s < e && p[s] == 0x20 { s += 1 }
        while e > s && p[e - 1] == 0x20 { e -= 1 }
        guard let (value, numberEnd) = parsePrefix(p, s, e), numberEnd == e else { return nil }
        return value
    }

    /// The number at the start of `p[start..<end]` and where it ends (the caller checks what
    /// follows: a comma, the end of the line). nil when no number starts there.
    @inline(__always)
    static func parsePrefix(_ p: UnsafePointer<UInt8>, _ start: Int, _ e: Int) -> (Double, Int)? {
        let s = start
        guard s < e else { return nil }
        var i = s
        var negative = false
        if p[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
        // Every digit goes into `mantissa` (wrapping); with more than 19 digits it is not the
        // number's and the slow path below decides.
        var mantissa: UInt64 = 0
        var digitCount = appendDigits(p, &i, e, to: &mantissa)
        var fractionDigits = 0
        if i < e && p[i] == UInt8(ascii: ".") {
            i += 1
            fractionDigits = appendDigits(p, &i, e, to: &mantissa)
            digitCount += fractionDigits
        }
        let sawDigit = digitCount > 0
        // At most 19 digits (leading zeros included) cannot overflow 64 bits.
        let exact = digitCount <= 19
        guard sawDigit else { return nil }
        var exponent = 0
        if i < e && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            var negativeExponent = false
            if i < e && p[i] == UInt8(ascii: "-") { negativeExponent = true; i += 1 } else if i < e && p[i] == UInt8(ascii: "+") { i += 1 }
            var sawExponentDigit = false
            while i < e {
                let d = p[i] &- 48
                if d > 9 { break }
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
                sawExponentDigit = true
                i += 1
            }
            guard sawExponentDigit else { return nil }
            if negativeExponent { exponent = -exponent }
        }
        let power = exponent - fractionDigits
        if exact && mantissa <= 1 << 53 && power >= -22 && power <= 22 {
            let m = Double(mantissa)
            let v = power >= 0 ? m * exactPowerOfTen(power) : m / exactPowerOfTen(-power)
            return (negative ? -v : v, i)
        }
        // The syntax is a plain decimal (checked above), which `Double(String)` reads the same way.
        guard let v = Double(String(decoding: UnsafeBufferPointer(start: p + s, count: i - s), as: UTF8.self)) else { return nil }
        return (v, i)
    }

    /// `parsePrefix` for the common trace number, `[-]digits[.digits]` with at most 19 digits and
    /// no exponent, in one short loop: the same mantissa, power and one IEEE operation, so the
    /// same Double. Anything else (a `+`, an exponent, long digit strings) goes to `parsePrefix`.
    @inline(__always)
    static func parsePlainPrefix(_ p: UnsafePointer<UInt8>, _ start: Int, _ e: Int) -> (Double, Int)? {
        var i = start
        let negative = i < e && p[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var mantissa: UInt64 = 0
        var digitCount = appendDigits(p, &i, e, to: &mantissa)
        var fractionDigits = 0
        if i < e && p[i] == UInt8(ascii: ".") {
            i += 1
            fractionDigits = appendDigits(p, &i, e, to: &mantissa)
            digitCount &+= fractionDigits
        }
        guard digitCount > 0, digitCount <= 19, mantissa <= 1 << 53,
              i == e || (p[i] != UInt8(ascii: "e") && p[i] != UInt8(ascii: "E")) else {
            return parsePrefix(p, start, e)
        }
        // digitCount <= 19 keeps fractionDigits within the exact powers (<= 22).
        let m = Double(mantissa)
        let v = m / exactPowerOfTen(fractionDigits)
        return (negative ? -v : v, i)
    }

    public static func parse(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Double? {
        guard start >= 0, start <= end, end <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { b -> Double? in
            guard let base = b.baseAddress else { return nil }
            return parse(base, start, end)
        }
    }
}

/// The trace reader's number parser on an array (tests, the header check).
func parseDouble(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Double? {
    DecimalParsing.parse(bytes, start, end)
}
