/// Where something is in the TOML text: 1-based line, and 1-based column counted in
/// Unicode scalars (what an editor shows for most text).
public struct TOMLPosition: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// Why a TOML text was refused, and where. Messages quote at most a short excerpt of the
/// input, so a 50 MB line never ends up in a log.
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var position: TOMLPosition
    public var message: String

    public init(_ message: String, at position: TOMLPosition) {
        self.message = message
        self.position = position
    }

    public var line: Int { position.line }
    public var column: Int { position.column }

    public var description: String { "\(position): \(message)" }
}

/// A key or excerpt as it appears in messages: quoted, control characters escaped and cut
/// after a few dozen characters.
func quotedExcerpt(_ text: some StringProtocol, limit: Int = 32) -> String {
    var out = "\""
    var count = 0
    for scalar in text.unicodeScalars {
        if count == limit {
            out += "…"
            break
        }
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\t": out += "\\t"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        count += 1
    }
    return out + "\""
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
