/// TOML 1.0's rules for where keys and tables may be defined, on a mutable tree that is
/// frozen into `TOMLTable` values at the end. Each key costs one dictionary lookup per part,
/// so building is linear in the size of the text.
///
/// The rules: a key is defined once; a `[table]` is defined once (a table made implicitly as
/// the parent of another header may be defined later); dotted keys may only extend tables that
/// dotted keys made, within the same section; `[[name]]` appends to an array of tables and
/// nothing else; inline tables and arrays written as values are complete and cannot be extended.
final class TableNode {
    enum Origin {
        /// Made as the parent of a header (`a` for `[a.b]`); may still be defined by `[a]`.
        case implicit
        /// Defined by its `[header]`, or an element of `[[name]]`, or the document root.
        case header
        /// Made by a dotted key (`a.b = 1` makes `a`).
        case dotted
    }

    enum Slot {
        /// Any value written after `=`, including inline tables and arrays.
        case value(TOMLValue)
        case table(TableNode)
        case arrayOfTables(TableList)
    }

    /// The elements of an array of tables, shared so that appending one is O(1).
    final class TableList {
        var nodes: [TableNode]
        init(_ nodes: [TableNode]) { self.nodes = nodes }
    }

    var origin: Origin
    let depth: Int
    var position: TOMLPosition
    private(set) var order: [String] = []
    private(set) var slots: [String: (slot: Slot, position: TOMLPosition)] = [:]

    init(origin: Origin, depth: Int, position: TOMLPosition) {
        self.origin = origin
        self.depth = depth
        self.position = position
    }

    subscript(key: String) -> (slot: Slot, position: TOMLPosition)? { slots[key] }

    func set(_ key: String, _ slot: Slot, at position: TOMLPosition) {
        if slots.updateValue((slot, position), forKey: key) == nil { order.append(key) }
    }

    /// The immutable result; recursion is bounded by the depth limit enforced while building.
    func frozen() -> TOMLTable {
        var table = TOMLTable(position: position)
        for key in order {
            guard let (slot, keyPosition) = slots[key] else { continue }
            switch slot {
            case .value(let value): table.append(key: key, value: value, position: keyPosition)
            case .table(let node): table.append(key: key, value: .table(node.frozen()), position: keyPosition)
            case .arrayOfTables(let list):
                table.append(key: key, value: .array(list.nodes.map { .table($0.frozen()) }), position: keyPosition)
            }
        }
        return table
    }
}

/// Tables and arrays nested deeper than this are refused, which bounds the parser's recursion.
let maximumNestingDepth = 64

extension TableNode {
    /// `[a.b.c]`: the table to put the following keys in.
    func defineTable(_ key: [TOMLScanner.KeyPart]) throws(TOMLError) -> TableNode {
        let (parent, last) = try headerParent(key)
        let name = displayKey(key)
        guard let (existing, firstPosition) = parent[last.name] else {
            let node = try parent.child(.header, at: last)
            parent.set(last.name, .table(node), at: last.position)
            return node
        }
        switch existing {
        case .table(let node) where node.origin == .implicit:
            node.origin = .header
            node.position = last.position
            parent.set(last.name, .table(node), at: last.position)
            return node
        case .table(let node) where node.origin == .header:
            throw TOMLError("table [\(name)] is defined twice (first on line \(firstPosition.line))", at: last.position)
        case .table:
            throw TOMLError("table [\(name)] was already made by dotted keys on line \(firstPosition.line)", at: last.position)
        case .arrayOfTables:
            throw TOMLError("[\(name)] is an array of tables (line \(firstPosition.line)): add to it with [[\(name)]]", at: last.position)
        case .value(let value):
            throw TOMLError("\(name) is already \(value.typeName) (line \(firstPosition.line)), not a table to define", at: last.position)
        }
    }

    /// `[[a.b.c]]`: a new table appended to the array of tables `a.b.c`.
    func appendTable(_ key: [TOMLScanner.KeyPart]) throws(TOMLError) -> TableNode {
        let (parent, last) = try headerParent(key)
        let name = displayKey(key)
        let element = TableNode(origin: .header, depth: parent.depth + 2, position: last.position)
        if element.depth > maximumNestingDepth { throw tooDeep(at: last.position) }
        guard let (existing, firstPosition) = parent[last.name] else {
            parent.set(last.name, .arrayOfTables(TableList([element])), at: last.position)
            return element
        }
        switch existing {
        case .arrayOfTables(let list):
            list.nodes.append(element)
            return element
        case .table:
            throw TOMLError("[[\(name)]] cannot add to the table [\(name)] of line \(firstPosition.line)", at: last.position)
        case .value(.array):
            throw TOMLError("[[\(name)]] cannot add to the array \(name) written on line \(firstPosition.line)", at: last.position)
        case .value(let value):
            throw TOMLError("\(name) is already \(value.typeName) (line \(firstPosition.line)), not an array of tables", at: last.position)
        }
    }

    /// `a.b.c = value` in this table.
    func insert(_ key: [TOMLScanner.KeyPart], _ value: TOMLValue) throws(TOMLError) {
        var table = self
        for part in key.dropLast() {
            guard let (existing, firstPosition) = table[part.name] else {
                let node = try table.child(.dotted, at: part)
                table.set(part.name, .table(node), at: part.position)
                table = node
                continue
            }
            guard case .table(let node) = existing, node.origin == .dotted else {
                let what: String
                switch existing {
                case .table: what = "a table defined by a header"
                case .arrayOfTables: what = "an array of tables"
                case .value(let v): what = v.typeName
                }
                throw TOMLError("cannot add keys to \(quotedExcerpt(part.name)) with a dotted key: it is \(what) (line \(firstPosition.line))",
                                at: part.position)
            }
            table = node
        }
        guard let last = key.last else { return }
        if let (_, firstPosition) = table[last.name] {
            throw TOMLError("duplicate key \(displayKey(key)) (first defined on line \(firstPosition.line))",
                            at: last.position)
        }
        table.set(last.name, .value(value), at: last.position)
    }

    /// Walks a header's key to the table that will hold its last part, making implicit tables;
    /// a path through an array of tables goes to its last element.
    private func headerParent(_ key: [TOMLScanner.KeyPart]) throws(TOMLError) -> (TableNode, TOMLScanner.KeyPart) {
        var table = self
        for part in key.dropLast() {
            guard let (existing, firstPosition) = table[part.name] else {
                let node = try table.child(.implicit, at: part)
                table.set(part.name, .table(node), at: part.position)
                table = node
                continue
            }
            switch existing {
            case .table(let node): table = node
            case .arrayOfTables(let list):
                guard let lastElement = list.nodes.last else { throw TOMLError("internal: empty array of tables", at: part.position) }
                table = lastElement
            case .value(let value):
                throw TOMLError("\(quotedExcerpt(part.name)) is already \(value.typeName) (line \(firstPosition.line)), which a header cannot extend",
                                at: part.position)
            }
        }
        guard let last = key.last else { throw TOMLError("internal: empty key", at: position) }
        return (table, last)
    }

    private func child(_ origin: Origin, at part: TOMLScanner.KeyPart) throws(TOMLError) -> TableNode {
        let node = TableNode(origin: origin, depth: depth + 1, position: part.position)
        if node.depth > maximumNestingDepth { throw tooDeep(at: part.position) }
        return node
    }
}

func tooDeep(at position: TOMLPosition) -> TOMLError {
    TOMLError("tables and arrays nested more than \(maximumNestingDepth) levels deep", at: position)
}

/// `a."b c".d` for messages, cut when long.
func displayKey(_ key: [TOMLScanner.KeyPart]) -> String {
    var out = ""
    for part in key {
        if !out.isEmpty { out += "." }
        let bare = !part.name.isEmpty && part.name.utf8.allSatisfy(isBareKeyByte)
        out += bare && part.name.utf8.count <= 32 ? part.name : quotedExcerpt(part.name)
        if out.utf8.count > 64 { return out + "…" }
    }
    return out
}
