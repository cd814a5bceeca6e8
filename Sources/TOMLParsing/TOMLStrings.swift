/// The four TOML string forms: basic `"…"` with escapes, literal `'…'`, and their multi-line
/// `"""…"""` and `'''…'''` forms.
extension TOMLScanner {
    /// Any string form at the cursor.
    mutating func parseString() throws(TOMLError) -> String {
        if starts(with: tripleQuote) { return try parseMultilineString(delimiter: UInt8(ascii: "\""), escapes: true) }
        if starts(with: tripleApostrophe) { return try parseMultilineString(delimiter: UInt8(ascii: "'"), escapes: false) }
        if current == UInt8(ascii: "\"") { return try parseBasicString() }
        return try parseLiteralString()
    }

    /// `"…"` on one line, with escapes.
    mutating func parseBasicString() throws(TOMLError) -> String {
        let opening = position
        advance()
        var out: [UInt8] = []
        while true {
            guard let b = current else { throw unterminated("string", opening) }
            switch b {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendEscape(to: &out)
            case 0x0A, 0x0D:
                throw unterminated("string", opening)
            default:
                if isForbiddenControl(b) { throw error("\(describe()) must be escaped in a string") }
                out.append(b)
                advance()
            }
        }
    }

    /// `'…'` on one line, taken as written.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        let opening = position
        advance()
        let start = index
        while true {
            guard let b = current, b != 0x0A, b != 0x0D else { throw unterminated("literal string", opening) }
            if b == UInt8(ascii: "'") {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                advance()
                return text
            }
            if isForbiddenControl(b) { throw error("\(describe()) is not allowed in a literal string") }
            advance()
        }
    }

    /// `"""…"""` or `'''…'''`: a line end right after the opening delimiter is dropped, line
    /// ends are kept as LF, and up to two delimiter characters may touch the closing one.
    mutating func parseMultilineString(delimiter: UInt8, escapes: Bool) throws(TOMLError) -> String {
        let opening = position
        let what = escapes ? "multi-line string" : "multi-line literal string"
        advance(3)
        _ = try consumeNewline()
        var out: [UInt8] = []
        while true {
            guard let b = current else { throw unterminated(what, opening) }
            if b == delimiter {
                var run = 0
                while peek(run) == delimiter { run += 1 }
                advance(run)
                if run < 3 {
                    out.append(contentsOf: repeatElement(delimiter, count: run))
                    continue
                }
                if run > 5 { throw error("too many quotes closing the \(what) (at most two may precede the closing three)") }
                out.append(contentsOf: repeatElement(delimiter, count: run - 3))
                return String(decoding: out, as: UTF8.self)
            }
            if b == 0x0A || b == 0x0D {
                _ = try consumeNewline()
                out.append(0x0A)
            } else if escapes && b == UInt8(ascii: "\\") {
                if try !skipLineEndingBackslash() { try appendEscape(to: &out) }
            } else if isForbiddenControl(b) {
                throw error("\(describe()) must be escaped in a string")
            } else {
                out.append(b)
                advance()
            }
        }
    }

    /// A `\` that is the last non-blank character of its line joins the lines: it, the line
    /// end and all blanks and line ends after it are dropped. Returns false for an escape.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var k = 1
        while let b = peek(k), b == 0x20 || b == 0x09 { k += 1 }
        guard let end = peek(k), end == 0x0A || end == 0x0D else { return false }
        advance(k)
        while true {
            skipWhitespace()
            if try !consumeNewline() { return true }
        }
    }

    /// One escape sequence at a backslash, appended as UTF-8.
    private mutating func appendEscape(to out: inout [UInt8]) throws(TOMLError) {
        advance()
        guard let e = current else { throw error("incomplete escape sequence at the end of the file") }
        let simple: UInt8?
        switch e {
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "u"), UInt8(ascii: "U"): simple = nil
        default:
            let shown = describe()
            let sequence = shown.hasPrefix("'") ? "\\\(shown.trimmingQuotes)" : "\\ before \(shown)"
            throw error("invalid escape sequence \(sequence) (allowed: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")
        }
        if let simple {
            out.append(simple)
            advance()
            return
        }
        let digits = e == UInt8(ascii: "u") ? 4 : 8
        var value: UInt32 = 0
        for k in 1...digits {
            guard let h = peek(k), let d = hexDigitValue(h) else {
                throw error("\\\(Character(Unicode.Scalar(e))) must be followed by \(digits) hexadecimal digits")
            }
            value = value << 4 | UInt32(d)
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("\\\(Character(Unicode.Scalar(e)))\(String(value, radix: 16, uppercase: true).leftPadded(to: digits)) is not a Unicode scalar value")
        }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
        advance(1 + digits)
    }

    private mutating func unterminated(_ what: String, _ opening: TOMLPosition) -> TOMLError {
        error("unterminated \(what) (opened at \(opening)): missing its closing quote")
    }
}

private let tripleQuote = Array("\"\"\"".utf8)
private let tripleApostrophe = Array("'''".utf8)

func hexDigitValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: return b - 0x30
    case 0x41...0x46: return b - 0x41 + 10
    case 0x61...0x66: return b - 0x61 + 10
    default: return nil
    }
}

extension String {
    /// "'x'" -> "x", for messages that already show the character in context.
    var trimmingQuotes: String {
        hasPrefix("'") && hasSuffix("'") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
