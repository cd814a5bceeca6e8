import Testing
@testable import TOMLParsing

@Suite struct TOMLInvalidTests {
    func failure(_ text: String) -> TOMLError? {
        do {
            _ = try TOMLDocument.parse(text)
            return nil
        } catch {
            return error
        }
    }

    /// Each of these aborted the program inside toml++ (issue 14); now an error on line 1.
    @Test(arguments: ["[", "[ ", "[#", "[.", "[[[a]]]", "[\n", "[[", "[a", "[a.", "[]", "[[]]", "[a]]", "[[a]", "[ \t# c\n"])
    func brokenHeadersAreErrorsOnLineOne(text: String) throws {
        let e = try #require(failure(text))
        #expect(e.line == 1, "\(e)")
        #expect(e.column >= 1 && e.column <= text.count + 1, "\(e)")
    }

    @Test(arguments: [
        // Redefinitions
        ("a = 1\na = 2", 2, "duplicate key a (first defined on line 1)"),
        ("[t]\nx = 1\n\n[t]", 4, "table [t] is defined twice (first on line 1)"),
        ("a = 1\n[a]", 2, "a is already an integer (line 1)"),
        ("[fruit]\napple.color = 1\n[fruit.apple]", 3, "already made by dotted keys on line 2"),
        ("a = {b = 1}\na.c = 2", 2, "cannot add keys to \"a\" with a dotted key: it is a table"),
        ("a = {b = 1}\n[a.c]", 2, "\"a\" is already a table (line 1), which a header cannot extend"),
        ("a = []\n[[a]]", 2, "[[a]] cannot add to the array a written on line 1"),
        ("[[a]]\n[a]", 2, "[a] is an array of tables (line 1)"),
        ("[a]\n[[a]]", 2, "[[a]] cannot add to the table [a] of line 1"),
        ("a.b = 1\na.b.c = 2", 2, "cannot add keys to \"b\" with a dotted key: it is an integer (line 1)"),
        ("[a.b]\n[a]\nb.c = 1", 3, "it is a table defined by a header (line 1)"),
        ("t = {a = 1, a = 2}", 1, "duplicate key a"),
        // Integers and floats
        ("i = 9223372036854775808", 1, "integer out of range"),
        ("i = -9223372036854775809", 1, "integer out of range"),
        ("i = 0x8000000000000000", 1, "integer out of range"),
        ("f = 1e400", 1, "float out of range"),
        ("i = 01", 1, "leading zeros are not allowed"),
        ("i = 1__0", 1, "not a valid integer"),
        ("i = 0xG", 1, "not a valid base-16 integer"),
        ("i = -0x1", 1, "a sign is not allowed before 0x"),
        ("i = 0X1", 1, "lower case"),
        ("f = 1.", 1, "not a valid float"),
        ("f = .5", 1, "not a valid value"),
        ("f = 1e", 1, "not a valid float"),
        ("b = True", 1, "booleans are true or false"),
        ("s = yes", 1, "strings need quotes"),
        // Strings
        ("s = \"\\q\"", 1, "invalid escape sequence \\q"),
        ("s = \"\\uD800\"", 1, "\\uD800 is not a Unicode scalar value"),
        ("s = \"\\U00110000\"", 1, "not a Unicode scalar value"),
        ("s = \"\\u12\"", 1, "\\u must be followed by 4 hexadecimal digits"),
        ("s = \"open", 1, "unterminated string (opened at line 1, column 5)"),
        ("s = \"open\nt = 1", 1, "unterminated string"),
        ("s = 'open", 1, "unterminated literal string"),
        ("s = \"\"\"\nopen\n", 3, "unterminated multi-line string (opened at line 1, column 5)"),
        ("s = '''a''''''", 1, "too many quotes"),
        ("s = \"a\u{01}\"", 1, "U+0001 must be escaped"),
        ("s = 'a\u{7F}'", 1, "U+007F is not allowed in a literal string"),
        ("# comment \u{01}", 1, "U+0001 is not allowed in a comment"),
        ("\"\"\"k\"\"\" = 1", 1, "a key cannot be a multi-line string"),
        // Dates
        ("d = 1979-05-27T07:32:00Z", 1, "dates and times are not supported in the posture configuration"),
        ("d = 1979-05-27", 1, "dates and times are not supported"),
        ("t = 07:32:00", 1, "dates and times are not supported"),
        // Line ends
        ("a = 1\rb = 2", 1, "CR-only line endings are not supported"),
        ("a = 1 # c\rb = 2", 1, "CR-only line endings are not supported"),
        // Structure
        ("a = {b = 1,}", 1, "a trailing comma is not allowed in an inline table"),
        ("a = {b = 1\n}", 1, "an inline table must close with '}' on its line"),
        ("a = [1 2]", 1, "expected ',' or ']' after a value in the array"),
        ("a = [1,,2]", 1, "expected a value in the array, found ','"),
        ("a = [1,\n2", 2, "expected ',' or ']' after a value in the array (opened at line 1, column 5), found end of file"),
        ("= 1", 1, "expected a key or a [table] header, found '='"),
        ("a", 1, "expected '=' after the key a, found end of file"),
        ("a = ", 1, "expected a value, found end of file"),
        ("a = 1 b = 2", 1, "expected the end of the line after a value, found 'b'"),
        ("[a] x = 1", 1, "expected the end of the line after [a], found 'x'"),
        ("\n\n  key value", 3, "expected '=' after the key key, found 'v'"),
    ])
    func refusedWithLineAndReason(text: String, line: Int, message: String) throws {
        let e = try #require(failure(text), "accepted: \(text)")
        #expect(e.line == line, "\(e)")
        #expect(e.message.contains(message), "\(e)")
    }

    @Test func nestingIsBoundedNotAStackOverflow() throws {
        let deepArray = "a = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let deepInline = "a = " + String(repeating: "{b = ", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        let deepHeader = "[" + Array(repeating: "t", count: 10_000).joined(separator: ".") + "]"
        let deepDotted = Array(repeating: "k", count: 10_000).joined(separator: ".") + " = 1"
        for text in [deepArray, deepInline, deepHeader, deepDotted] {
            let e = try #require(failure(text))
            #expect(e.message.contains("nested more than \(maximumNestingDepth) levels deep"), "\(e)")
            #expect(e.line == 1)
        }
        let fine = "a = " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(failure(fine) == nil)
    }

    @Test func messagesQuoteOnlyAShortExcerptOfHugeInput() throws {
        let huge = String(repeating: "x", count: 200_000)
        let texts = [
            "a = \(huge)",
            "[\(huge)",
            "\(huge) = 1\n\(huge) = 2",
            "[\"\(huge)\"]\n[\"\(huge)\"]",
            "a = [" + String(repeating: "1,", count: 100_000) + "x]",
            "a = 1\(huge)",
        ]
        for text in texts {
            let e = try #require(failure(text))
            #expect(e.description.count < 200, "\(e.description.prefix(300))")
        }
    }

    /// Every prefix of a realistic file either parses or fails with a position inside it.
    @Test func everyPrefixOfAFileParsesOrFailsInside() throws {
        let text = """
            # posture
            [slouch]
            angle_deg = 15.0 # deg
            name = "a \\"b\\" \\u00e9"
            multi = \"\"\"
            x\"\"\"
            list = [1, 2.5, 'three', { four = 4 }]
            [[routine]]
            steps = [
              "a",
            ]
            """
        let bytes = Array(text.utf8)
        var failures = 0
        #expect(bytes.count > 100)
        for end in 0...bytes.count {
            guard let prefix = String(validating: bytes[..<end], as: UTF8.self) else { continue }
            if let e = failure(prefix) {
                failures += 1
                let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false).count
                #expect(e.line >= 1 && e.line <= lines, "\(e) for \(prefix.count) characters")
            }
        }
        #expect(failures > 0)
    }
}
