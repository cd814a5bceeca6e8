/// A strict TOML 1.0 parser for the posture configuration: one pass over the text, linear in
/// its size, recursion bounded by `maximumNestingDepth`, every problem a `TOMLError` naming
/// line and column (never a trap). Offset date-times, local dates and times are refused.
public enum TOMLDocument {
    /// The root table of `text`. A leading UTF-8 byte order mark is skipped; lines may end in
    /// LF or CR LF.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(scanner: TOMLScanner(text))
        return try parser.parseDocument()
    }
}

struct TOMLParser {
    var scanner: TOMLScanner

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TableNode(origin: .header, depth: 0, position: TOMLPosition(line: 1, column: 1))
        var current = root
        while true {
            scanner.skipWhitespace()
            try scanner.skipComment()
            if scanner.isAtEnd { break }
            if try scanner.consumeNewline() { continue }
            if scanner.current == UInt8(ascii: "[") {
                current = try parseHeader(root: root)
            } else {
                try parseKeyValue(into: current)
                try scanner.expectLineEnd(after: "a value")
            }
        }
        return root.frozen()
    }

    /// `[a.b]` or `[[a.b]]`, then the end of its line.
    private mutating func parseHeader(root: TableNode) throws(TOMLError) -> TableNode {
        let isArray = scanner.peek(1) == UInt8(ascii: "[")
        scanner.advance(isArray ? 2 : 1)
        let kind = isArray ? "array-of-tables header [[…]]" : "table header […]"
        let key = try scanner.parseKey(context: "in the \(kind)")
        scanner.skipWhitespace()
        let table: TableNode
        if isArray {
            guard scanner.current == UInt8(ascii: "]"), scanner.peek(1) == UInt8(ascii: "]") else {
                throw scanner.error("expected ']]' to close the array-of-tables header, found \(scanner.describe())")
            }
            scanner.advance(2)
            table = try root.appendTable(key)
        } else {
            guard scanner.consume(UInt8(ascii: "]")) else {
                throw scanner.error("expected ']' to close the table header, found \(scanner.describe())")
            }
            table = try root.defineTable(key)
        }
        try scanner.expectLineEnd(after: isArray ? "[[\(displayKey(key))]]" : "[\(displayKey(key))]")
        return table
    }

    /// `key = value` (the line end is the caller's: inline tables have commas instead).
    private mutating func parseKeyValue(into table: TableNode, context: String = "or a [table] header") throws(TOMLError) {
        let key = try scanner.parseKey(context: context)
        scanner.skipWhitespace()
        guard scanner.consume(UInt8(ascii: "=")) else {
            throw scanner.error("expected '=' after the key \(displayKey(key)), found \(scanner.describe())")
        }
        scanner.skipWhitespace()
        let value = try parseValue(depth: table.depth + key.count)
        try table.insert(key, value)
    }

    private mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLValue {
        if depth > maximumNestingDepth { throw tooDeep(at: scanner.position) }
        switch scanner.current {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .string(try scanner.parseString())
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "{"): return try parseInlineTable(depth: depth)
        default: return try scanner.parseBareValue()
        }
    }

    /// `[v, v, …]`: values of any types, line ends and comments between them, a trailing comma.
    private mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        let opening = scanner.position
        scanner.advance()
        var items: [TOMLValue] = []
        while true {
            try scanner.skipTrivia()
            if scanner.consume(UInt8(ascii: "]")) { return .array(items) }
            if scanner.isAtEnd { throw scanner.error("unterminated array (opened at \(opening)): missing ']'") }
            if scanner.current == UInt8(ascii: ",") { throw scanner.error("expected a value in the array, found ','") }
            items.append(try parseValue(depth: depth + 1))
            try scanner.skipTrivia()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: "]")) { return .array(items) }
            throw scanner.error("expected ',' or ']' after a value in the array (opened at \(opening)), found \(scanner.describe())")
        }
    }

    /// `{ k = v, … }` on one line, no trailing comma (TOML 1.0); complete once closed.
    private mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        let opening = scanner.position
        scanner.advance()
        let table = TableNode(origin: .dotted, depth: depth, position: opening)
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "}")) { return .table(table.frozen()) }
        while true {
            try parseKeyValue(into: table, context: "in the inline table")
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: "}")) { return .table(table.frozen()) }
            guard scanner.consume(UInt8(ascii: ",")) else {
                let found = scanner.describe()
                if found == "end of line" || found == "end of file" {
                    throw scanner.error("unterminated inline table (opened at \(opening)): an inline table must close with '}' on its line")
                }
                throw scanner.error("expected ',' or '}' in the inline table, found \(found)")
            }
            scanner.skipWhitespace()
            if scanner.current == UInt8(ascii: "}") {
                throw scanner.error("a trailing comma is not allowed in an inline table")
            }
        }
    }
}
