/// A parsed JSON value (RFC 8259), as event lines need it.
public enum JSONValue: Equatable, Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object(JSONObject)

    /// For error messages: "a number", "a string", ...
    public var kindName: String {
        switch self {
        case .number: "a number"
        case .string: "a string"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON object's members in their order (a duplicate key is an error when parsing).
public struct JSONObject: Equatable, Sendable {
    public var members: [(key: String, value: JSONValue)]

    public subscript(key: String) -> JSONValue? { members.first(where: { $0.key == key })?.value }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.members.count == b.members.count && zip(a.members, b.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

/// Where and why a text is not JSON.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based column (in bytes) of the problem.
    public var column: Int
    public var message: String
    public var description: String { "\(message) at column \(column)" }
}

/// A small strict JSON reader for one line of JSON Lines (no Foundation in the core).
public enum JSONReader {
    /// Parses `text` as exactly one JSON object (surrounding whitespace allowed).
    public static func object(from text: some StringProtocol) throws(JSONSyntaxError) -> JSONObject {
        var p = Parser(bytes: Array(text.utf8))
        p.skipWhitespace()
        guard p.peek == UInt8(ascii: "{") else { throw p.error("expected '{'") }
        guard case .object(let o) = try p.value(depth: 0) else { throw p.error("expected an object") }
        p.skipWhitespace()
        guard p.atEnd else { throw p.error("unexpected text after the object") }
        return o
    }

    /// Parses `text` as one JSON value.
    public static func value(from text: some StringProtocol) throws(JSONSyntaxError) -> JSONValue {
        var p = Parser(bytes: Array(text.utf8))
        let v = try p.value(depth: 0)
        p.skipWhitespace()
        guard p.atEnd else { throw p.error("unexpected text after the value") }
        return v
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        /// Nesting deeper than this is refused (no stack overflow on hostile input).
        static let maxDepth = 64

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { i >= bytes.count }
        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(column: i + 1, message: message) }

        mutating func skipWhitespace() {
            while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1 }
        }

        mutating func expect(_ literal: String, _ v: JSONValue) throws(JSONSyntaxError) -> JSONValue {
            for b in literal.utf8 {
                guard peek == b else { throw error("invalid literal (expected \(literal))") }
                i += 1
            }
            return v
        }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard depth < Self.maxDepth else { throw error("nested too deeply") }
            skipWhitespace()
            guard let b = peek else { throw error("unexpected end of text") }
            switch b {
            case UInt8(ascii: "{"): return .object(try object(depth: depth))
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "n"): return try expect("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("unexpected character '\(Character(Unicode.Scalar(b)))'")
            }
        }

        mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONObject {
            i += 1  // {
            var members: [(key: String, value: JSONValue)] = []
            skipWhitespace()
            if peek == UInt8(ascii: "}") { i += 1; return JSONObject(members: members) }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
                let keyColumn = i
                let key = try string()
                if members.contains(where: { $0.key == key }) {
                    throw JSONSyntaxError(column: keyColumn + 1, message: "duplicate key \"\(key)\"")
                }
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { throw error("expected ':' after \"\(key)\"") }
                i += 1
                members.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ",")?: i += 1
                case UInt8(ascii: "}")?: i += 1; return JSONObject(members: members)
                default: throw error("expected ',' or '}'")
                }
            }
        }

        mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            i += 1  // [
            var items: [JSONValue] = []
            skipWhitespace()
            if peek == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ",")?: i += 1
                case UInt8(ascii: "]")?: i += 1; return .array(items)
                default: throw error("expected ',' or ']'")
                }
            }
        }

        mutating func number() throws(JSONSyntaxError) -> Double {
            let start = i
            func digits(_ p: inout Parser) -> Int {
                let s = p.i
                while let b = p.peek, b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { p.i += 1 }
                return p.i - s
            }
            if peek == UInt8(ascii: "-") { i += 1 }
            let intStart = i
            let intDigits = digits(&self)
            guard intDigits > 0 else { throw error("expected a digit") }
            if intDigits > 1 && bytes[intStart] == UInt8(ascii: "0") { throw JSONSyntaxError(column: intStart + 1, message: "leading zero in a number") }
            if peek == UInt8(ascii: ".") {
                i += 1
                guard digits(&self) > 0 else { throw error("expected a digit after '.'") }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                i += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
                guard digits(&self) > 0 else { throw error("expected a digit in the exponent") }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let d = Double(text), d.isFinite else { throw JSONSyntaxError(column: start + 1, message: "number out of range") }
            return d
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            i += 1  // opening quote
            var out: [UInt8] = []
            while true {
                guard let b = peek else { throw error("unterminated string") }
                i += 1
                switch b {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let e = peek else { throw error("unterminated string") }
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            // A surrogate pair: the low half must follow as \uDC00-\uDFFF.
                            guard peek == UInt8(ascii: "\\"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "u") else {
                                throw error("unpaired surrogate")
                            }
                            i += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00..<0xE000).contains(scalar) {
                            throw error("unpaired surrogate")
                        }
                        guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default:
                        throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                    }
                default:
                    guard b >= 0x20 else { throw error("control character in a string") }
                    out.append(b)
                }
            }
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            guard i + 4 <= bytes.count else { throw error("expected 4 hex digits after \\u") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt32
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
                default: throw error("expected 4 hex digits after \\u")
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }
    }
}
