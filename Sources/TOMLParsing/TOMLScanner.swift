/// A cursor over the UTF-8 bytes of a TOML text that knows its line and column: whitespace,
/// comments, line ends and keys. Every step is O(1) amortized; nothing here recurses.
struct TOMLScanner {
    let bytes: [UInt8]
    private(set) var index = 0
    private(set) var line = 1
    private var lineStart = 0
    /// The last column computed on this line, so positions of many keys on one long line stay
    /// linear to compute.
    private var columnCacheIndex = 0
    private var columnCacheValue = 1

    init(_ text: String) {
        var bytes = Array(text.utf8)
        // A UTF-8 byte order mark (some Windows editors write one) is not part of the text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self.bytes = bytes
    }

    var isAtEnd: Bool { index >= bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func peek(_ offset: Int) -> UInt8? {
        let i = index + offset
        return i < bytes.count ? bytes[i] : nil
    }

    mutating func advance(_ count: Int = 1) { index += count }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        index += 1
        return true
    }

    func starts(with prefix: [UInt8]) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for (k, b) in prefix.enumerated() where bytes[index + k] != b { return false }
        return true
    }

    // MARK: Positions and errors

    var position: TOMLPosition { mutating get { position(at: index) } }

    /// `target` must be on the current line, at or after its start.
    private mutating func position(at target: Int) -> TOMLPosition {
        var from = lineStart, column = 1
        if target >= columnCacheIndex, columnCacheIndex >= lineStart {
            from = columnCacheIndex
            column = columnCacheValue
        }
        var i = from
        let end = min(target, bytes.count)
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }  // not a UTF-8 continuation byte
            i += 1
        }
        columnCacheIndex = end
        columnCacheValue = column
        return TOMLPosition(line: line, column: column)
    }

    mutating func error(_ message: String) -> TOMLError {
        TOMLError(message, at: position)
    }

    /// What is at `index`, for messages: "end of file", "end of line", "'x'", "U+0001".
    func describe(at target: Int? = nil) -> String {
        let i = target ?? index
        guard i < bytes.count else { return "end of file" }
        let b = bytes[i]
        if b == 0x0A || (b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A) { return "end of line" }
        if b < 0x20 || b == 0x7F { return "control character U+" + String(b, radix: 16, uppercase: true).leftPadded(to: 4) }
        let length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
        let scalarText = String(decoding: bytes[i..<min(i + length, bytes.count)], as: UTF8.self)
        return "'\(scalarText)'"
    }

    // MARK: Whitespace, comments, line ends

    mutating func skipWhitespace() {
        while let b = current, b == 0x20 || b == 0x09 { index += 1 }
    }

    /// At a line feed or CR LF: steps over it. A CR alone is an error (TOML allows LF and CRLF).
    mutating func consumeNewline() throws(TOMLError) -> Bool {
        if current == 0x0A {
            index += 1
        } else if current == 0x0D {
            guard peek(1) == 0x0A else {
                throw error("a carriage return must be followed by a line feed (CR-only line endings are not supported)")
            }
            index += 2
        } else {
            return false
        }
        line += 1
        lineStart = index
        columnCacheIndex = index
        columnCacheValue = 1
        return true
    }

    /// A comment from `#` to the end of the line (the line end is left in place).
    mutating func skipComment() throws(TOMLError) {
        guard current == UInt8(ascii: "#") else { return }
        index += 1
        while let b = current {
            if b == 0x0A || (b == 0x0D && peek(1) == 0x0A) { return }
            if b == 0x0D { try _ = consumeNewline() }  // throws the CR-only message
            if isForbiddenControl(b) {
                throw error("\(describe()) is not allowed in a comment")
            }
            index += 1
        }
    }

    /// Whitespace, comments and line ends, as allowed between the values of an array.
    mutating func skipTrivia() throws(TOMLError) {
        while true {
            skipWhitespace()
            try skipComment()
            if try !consumeNewline() { return }
        }
    }

    /// After an expression only whitespace and a comment may follow on its line.
    mutating func expectLineEnd(after what: String) throws(TOMLError) {
        skipWhitespace()
        try skipComment()
        if isAtEnd { return }
        if try !consumeNewline() {
            throw error("expected the end of the line after \(what), found \(describe())")
        }
    }

    // MARK: Keys

    /// One part of a dotted key, with where it starts.
    struct KeyPart {
        let name: String
        let position: TOMLPosition
    }

    /// A bare, quoted or dotted key (`a`, `"a b"`, `'a'`, `a."b".c`), whitespace around dots allowed.
    mutating func parseKey(context: String) throws(TOMLError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            skipWhitespace()
            let start = index
            let startPosition = position
            let name: String
            switch current {
            case UInt8(ascii: "\""):
                if starts(with: Array("\"\"\"".utf8)) { throw error("a key cannot be a multi-line string") }
                name = try parseBasicString()
            case UInt8(ascii: "'"):
                if starts(with: Array("'''".utf8)) { throw error("a key cannot be a multi-line string") }
                name = try parseLiteralString()
            default:
                while let b = current, isBareKeyByte(b) { index += 1 }
                guard index > start else {
                    throw error("expected a key \(context), found \(describe())")
                }
                name = String(decoding: bytes[start..<index], as: UTF8.self)
            }
            parts.append(KeyPart(name: name, position: startPosition))
            skipWhitespace()
            guard consume(UInt8(ascii: ".")) else { return parts }
        }
    }
}

/// A–Z, a–z, 0–9, `-` and `_`.
func isBareKeyByte(_ b: UInt8) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
}

/// Control characters TOML forbids in comments and strings: all but tab (CR only before LF).
func isForbiddenControl(_ b: UInt8) -> Bool {
    (b < 0x20 && b != 0x09) || b == 0x7F
}
