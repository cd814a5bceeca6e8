import Testing
@testable import TOMLParsing

@Suite struct TOMLValidTests {
    func parse(_ text: String) throws -> TOMLTable { try TOMLDocument.parse(text) }

    @Test func emptyAndCommentOnlyTextsAreEmptyTables() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("# only a comment\n\n   \t# another\n").isEmpty)
    }

    @Test func basicStringsAndEscapes() throws {
        let t = try parse(#"""
            a = "tab\there \"q\" back\\slash"
            b = "\u00e9\U0001F600 \b\f\n\r"
            c = ""
            d = "caf\u00E9 ünïcode"
            """#)
        #expect(t["a"] == .string("tab\there \"q\" back\\slash"))
        #expect(t["b"] == .string("é😀 \u{8}\u{C}\n\r"))
        #expect(t["c"] == .string(""))
        #expect(t["d"] == .string("café ünïcode"))
    }

    @Test func literalAndMultilineStrings() throws {
        let t = try parse("""
            path = 'C:\\Users\\no\\escapes'
            ml = \"\"\"
            first
              second\"\"\"
            joined = \"\"\"one \\
                two \\

                three\"\"\"
            quotes = \"\"\"a "quoted" ""word"" \"\"\"\"\"
            raw = '''
            keep \\n as 'is' ''\'''
            crlf = \"\"\"x\r\ny\"\"\"
            """)
        #expect(t["path"] == .string(#"C:\Users\no\escapes"#))
        #expect(t["ml"] == .string("first\n  second"))
        #expect(t["joined"] == .string("one two three"))
        #expect(t["quotes"] == .string(#"a "quoted" ""word"" """#))
        #expect(t["raw"] == .string(#"keep \n as 'is' ''"#))
        #expect(t["crlf"] == .string("x\ny"))
    }

    @Test func integersInEveryBase() throws {
        let t = try parse("""
            a = 42
            b = +17
            c = -0
            d = 1_000_000
            e = 0xDEAD_beef
            f = 0o755
            g = 0b1101
            max = 9223372036854775807
            min = -9223372036854775808
            """)
        #expect(t["a"] == .integer(42) && t["b"] == .integer(17) && t["c"] == .integer(0))
        #expect(t["d"] == .integer(1_000_000))
        #expect(t["e"] == .integer(0xDEAD_BEEF) && t["f"] == .integer(0o755) && t["g"] == .integer(13))
        #expect(t["max"] == .integer(.max) && t["min"] == .integer(.min))
    }

    @Test func floatsIncludingSpecialValues() throws {
        let t = try parse("""
            a = 1.5
            b = -0.01
            c = 5e+22
            d = 1E6
            e = -2e-2
            f = 6.626e-34
            g = 9_224_617.445_991
            h = inf
            i = -inf
            j = nan
            k = +1.0
            """)
        #expect(t["a"] == .float(1.5) && t["b"] == .float(-0.01) && t["c"] == .float(5e22))
        #expect(t["d"] == .float(1e6) && t["e"] == .float(-0.02) && t["f"] == .float(6.626e-34))
        #expect(t["g"] == .float(9_224_617.445_991) && t["k"] == .float(1))
        #expect(t["h"] == .float(.infinity) && t["i"] == .float(-.infinity))
        guard case .float(let n) = t["j"] else { Issue.record("nan is not a float"); return }
        #expect(n.isNaN)
    }

    @Test func arraysMayMixTypesSpanLinesAndEndInAComma() throws {
        let t = try parse("""
            empty = []
            mixed = [1, "two", 3.0, [4], {five = 5}]
            long = [  # comment after the bracket
                100,
                50,   # and after a value

                100,
            ]
            """)
        #expect(t["empty"] == .array([]))
        guard case .array(let mixed) = t["mixed"] else { Issue.record("not an array"); return }
        #expect(mixed.count == 5)
        #expect(mixed[0] == .integer(1) && mixed[1] == .string("two") && mixed[3] == .array([.integer(4)]))
        #expect(t["long"] == .array([.integer(100), .integer(50), .integer(100)]))
    }

    @Test func keysBareQuotedDottedAndTables() throws {
        let t = try parse("""
            "quoted key" = 1
            'literal key' = 2
            site."google.com" = true
            a . b . c = 3
            1234 = "bare digits"
            [table]
            x = 1
            [table.sub]
            y = 2
            [other]
            inline = { p = 1, q.r = "s" }
            """)
        #expect(t["quoted key"] == .integer(1) && t["literal key"] == .integer(2))
        #expect(t["1234"] == .string("bare digits"))
        guard case .table(let site) = t["site"], case .table(let a) = t["a"], case .table(let b) = a["b"] else {
            Issue.record("dotted keys did not make tables"); return
        }
        #expect(site["google.com"] == .boolean(true))
        #expect(b["c"] == .integer(3))
        guard case .table(let table) = t["table"], case .table(let sub) = table["sub"],
              case .table(let other) = t["other"], case .table(let inline) = other["inline"],
              case .table(let q) = inline["q"] else { Issue.record("tables missing"); return }
        #expect(table["x"] == .integer(1) && sub["y"] == .integer(2))
        #expect(inline["p"] == .integer(1) && q["r"] == .string("s"))
        #expect(t.keys == ["quoted key", "literal key", "site", "a", "1234", "table", "other"])
    }

    @Test func arraysOfTablesAndTheirSubtables() throws {
        let t = try parse("""
            [[routine]]
            name = "morning"
            [routine.hold]
            seconds = 20
            [[routine]]
            name = "evening"
            [[routine.step]]
            n = 1
            [[routine.step]]
            n = 2
            """)
        guard case .array(let routines) = t["routine"] else { Issue.record("no array of tables"); return }
        #expect(routines.count == 2)
        guard case .table(let first) = routines.first, case .table(let second) = routines.last,
              case .table(let hold) = first["hold"] else { Issue.record("elements are not tables"); return }
        #expect(first["name"] == .string("morning") && hold["seconds"] == .integer(20))
        #expect(second["name"] == .string("evening"))
        guard case .array(let steps) = second["step"], case .table(let lastStep) = steps.last else {
            Issue.record("no nested array of tables"); return
        }
        #expect(steps.count == 2 && lastStep["n"] == .integer(2))
        #expect(first.position.line == 1 && second.position.line == 5)
        #expect(t.entry("routine")?.position == TOMLPosition(line: 1, column: 3))
    }

    @Test func implicitTablesMayBeDefinedLaterAndDottedTablesExtendedByHeaders() throws {
        let t = try parse("""
            [a.b.c]
            x = 1
            [a]
            y = 2
            [fruit]
            apple.color = "red"
            [fruit.apple.texture]
            smooth = true
            """)
        guard case .table(let a) = t["a"], case .table(let fruit) = t["fruit"],
              case .table(let apple) = fruit["apple"] else { Issue.record("tables missing"); return }
        #expect(a["y"] == .integer(2))
        #expect(t.entry("a")?.position.line == 3)  // where it was defined, not first mentioned
        #expect(apple["color"] == .string("red"))
        #expect(apple.keys == ["color", "texture"])
    }

    @Test func positionsOfKeysAndHeadersAreExact() throws {
        let t = try parse("""
            # comment
            top = 1
              [ spaced . "quoted" ]
              k   = \"\"\"
            spans
            lines\"\"\"
            after = [
              1,
            ]
            "é" = 'x'
            \tlast = 2
            """)
        #expect(t.entry("top")?.position == TOMLPosition(line: 2, column: 1))
        #expect(t.entry("spaced")?.position == TOMLPosition(line: 3, column: 5))
        guard case .table(let spaced) = t["spaced"], let quoted = spaced.entry("quoted"),
              case .table(let q) = quoted.value else { Issue.record("header tables missing"); return }
        #expect(quoted.position == TOMLPosition(line: 3, column: 14))
        #expect(q.entry("k")?.position == TOMLPosition(line: 4, column: 3))
        #expect(q.entry("after")?.position == TOMLPosition(line: 7, column: 1))
        #expect(q.entry("é")?.position == TOMLPosition(line: 10, column: 1))
        #expect(q.entry("last")?.position == TOMLPosition(line: 11, column: 2))
    }

    @Test func byteOrderMarkIsSkippedAndCRLFAccepted() throws {
        let t = try parse("\u{FEFF}# bom\r\n[s]\r\nk = 1 # c\r\nm = \"\"\"a\r\nb\"\"\"\r\n")
        guard case .table(let s) = t["s"] else { Issue.record("no table"); return }
        #expect(s["k"] == .integer(1) && s["m"] == .string("a\nb"))
        #expect(t.entry("s")?.position == TOMLPosition(line: 2, column: 2))
        #expect(s.entry("m")?.position.line == 4)
    }

    @Test func manyKeysOnOneLineAndManyLinesStayLinear() throws {
        // Guards against per-key work proportional to the line or the file (no timing: a
        // quadratic parser would take minutes here).
        let count = 50_000
        let inline = "t = {" + (0..<count).map { "k\($0) = \($0)" }.joined(separator: ", ") + "}"
        guard case .table(let table) = try parse(inline)["t"] else { Issue.record("no inline table"); return }
        #expect(table.entries.count == count)
        #expect(table.entry("k\(count - 1)")?.position.column == inline.count - "k\(count - 1) = \(count - 1)}".count + 1)
        let lines = String(repeating: "# padding comment\n", count: count) + (0..<1000).map { "[[r]]\nn = \($0)" }.joined(separator: "\n")
        guard case .array(let r) = try parse(lines)["r"] else { Issue.record("no array of tables"); return }
        #expect(r.count == 1000)
        guard case .table(let lastTable) = r.last else { Issue.record("not a table"); return }
        #expect(lastTable.entry("n")?.position.line == count + 2000)
    }
}
