/// Unquoted values: booleans, integers (decimal, 0x, 0o, 0b), floats (fraction, exponent,
/// inf, nan), all with TOML's underscore rules. Dates and times are recognised only to be
/// refused with a clear message.
extension TOMLScanner {
    mutating func parseBareValue() throws(TOMLError) -> TOMLValue {
        let start = position
        let from = index
        while let b = current, isValueTokenByte(b) { advance() }
        let token = Array(bytes[from..<index])
        guard !token.isEmpty else { throw error("expected a value, found \(describe())") }
        let text = String(decoding: token, as: UTF8.self)
        func fail(_ why: String) -> TOMLError { TOMLError("\(why) (found \(quotedExcerpt(text)))", at: start) }

        if looksLikeDateOrTime(token) {
            throw fail("dates and times are not supported in the posture configuration")
        }
        switch text {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        var body = token[...]
        var negative = false
        if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        if body.count >= 2, body.first == UInt8(ascii: "0"), let radix = radixPrefixes[body[body.startIndex + 1]] {
            if body.startIndex > 0 { throw fail("a sign is not allowed before 0x, 0o or 0b") }
            return .integer(try integer(body.dropFirst(2), radix: radix, negative: false, fail))
        }
        if body.count >= 2, body.first == UInt8(ascii: "0"), [UInt8(ascii: "X"), UInt8(ascii: "O"), UInt8(ascii: "B")].contains(body[body.startIndex + 1]) {
            throw fail("the prefixes 0x, 0o and 0b are written in lower case")
        }
        guard let first = body.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else {
            throw fail("not a valid value (strings need quotes; booleans are true or false)")
        }
        let isExponentOrFraction = { (b: UInt8) in b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") }
        let integerPartEnd = body.firstIndex(where: isExponentOrFraction) ?? body.endIndex
        let integerPart = body[..<integerPartEnd]
        if integerPart.count > 1, integerPart.first == UInt8(ascii: "0") {
            throw fail("leading zeros are not allowed in a decimal number")
        }
        guard integerPartEnd < body.endIndex else {
            return .integer(try integer(body, radix: 10, negative: negative, fail))
        }
        return .float(try float(token, body: body, integerPartEnd: integerPartEnd, fail))
    }

    /// Digits with single underscores between them, in `radix`, into an Int64.
    private func integer(_ digits: ArraySlice<UInt8>, radix: Int64, negative: Bool,
                         _ fail: (String) -> TOMLError) throws(TOMLError) -> Int64 {
        guard let values = digitValues(digits, radix: radix) else {
            throw fail(radix == 10 ? "not a valid integer" : "not a valid base-\(radix) integer")
        }
        var result: Int64 = 0
        for d in values {
            let (shifted, o1) = result.multipliedReportingOverflow(by: radix)
            let (next, o2) = negative ? shifted.subtractingReportingOverflow(d) : shifted.addingReportingOverflow(d)
            if o1 || o2 { throw fail("integer out of range (allowed \(Int64.min) to \(Int64.max))") }
            result = next
        }
        return result
    }

    /// `body` is the token without its sign: int-part, then `.digits` and/or `e[sign]digits`.
    private func float(_ token: [UInt8], body: ArraySlice<UInt8>, integerPartEnd: Int,
                       _ fail: (String) -> TOMLError) throws(TOMLError) -> Double {
        let invalid = fail("not a valid float: digits are needed on both sides of '.', and after 'e'")
        guard digitValues(body[..<integerPartEnd], radix: 10) != nil else { throw invalid }
        var rest = body[integerPartEnd...]
        if rest.first == UInt8(ascii: ".") {
            let fractionEnd = rest.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? rest.endIndex
            guard digitValues(rest[(rest.startIndex + 1)..<fractionEnd], radix: 10) != nil else { throw invalid }
            rest = rest[fractionEnd...]
        }
        if let e = rest.first {
            guard e == UInt8(ascii: "e") || e == UInt8(ascii: "E") else { throw invalid }
            var exponent = rest.dropFirst()
            if let sign = exponent.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                exponent = exponent.dropFirst()
            }
            guard digitValues(exponent, radix: 10) != nil else { throw invalid }
        }
        let plain = String(decoding: token.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Double(plain) else { throw invalid }
        guard value.isFinite else { throw fail("float out of range (beyond ±1.8e308)") }
        return value
    }
}

private let radixPrefixes: [UInt8: Int64] = [UInt8(ascii: "x"): 16, UInt8(ascii: "o"): 8, UInt8(ascii: "b"): 2]

/// The digit values, or nil when empty, with a digit outside `radix`, or an underscore not
/// between two digits.
private func digitValues(_ bytes: ArraySlice<UInt8>, radix: Int64) -> [Int64]? {
    var values: [Int64] = []
    var lastWasDigit = false
    for b in bytes {
        if b == UInt8(ascii: "_") {
            guard lastWasDigit else { return nil }
            lastWasDigit = false
            continue
        }
        guard let d = hexDigitValue(b), Int64(d) < radix else { return nil }
        values.append(Int64(d))
        lastWasDigit = true
    }
    return lastWasDigit ? values : nil
}

/// What an unquoted value may be made of: letters, digits, `_ + - . :`.
private func isValueTokenByte(_ b: UInt8) -> Bool {
    isBareKeyByte(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
}

/// `1979-05-27…` or `07:32…`: a TOML date, date-time or time.
private func looksLikeDateOrTime(_ t: [UInt8]) -> Bool {
    func digits(_ r: Range<Int>) -> Bool { r.upperBound <= t.count && t[r].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    return (digits(0..<4) && t.count > 4 && t[4] == UInt8(ascii: "-"))
        || (digits(0..<2) && t.count > 2 && t[2] == UInt8(ascii: ":"))
}
