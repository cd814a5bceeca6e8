/// A parsed TOML value. Offset date-times, local dates and times are refused by the parser
/// (the posture configuration has none), so they have no case here.
public indirect enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// Arrays may mix types (TOML 1.0); an array of tables (`[[name]]`) is an array of `.table`.
    case array([TOMLValue])
    case table(TOMLTable)

    /// The TOML type's name for messages, e.g. "an integer".
    public var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .boolean: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A TOML table: its entries in source order, each with the position of its key, so callers
/// can name exact lines in their own errors.
public struct TOMLTable: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public let key: String
        public let value: TOMLValue
        /// Where the key was written: for a table, its `[header]` (or the key of a dotted key
        /// or an inline table); for `[[name]]`, the first such header.
        public let position: TOMLPosition
    }

    public private(set) var entries: [Entry] = []
    private var indexByKey: [String: Int] = [:]
    /// Where the table was defined: its header, its key, or the document's start for the root.
    public let position: TOMLPosition

    init(position: TOMLPosition) {
        self.position = position
    }

    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }

    public func entry(_ key: String) -> Entry? {
        indexByKey[key].map { entries[$0] }
    }

    public subscript(key: String) -> TOMLValue? { entry(key)?.value }

    /// Only for the builder, which has already refused duplicates.
    mutating func append(key: String, value: TOMLValue, position: TOMLPosition) {
        indexByKey[key] = entries.count
        entries.append(Entry(key: key, value: value, position: position))
    }
}
