import PostureCore
import Testing
@testable import PostureTrace

/// The trace's number parser gives exactly the Double that `Double(String)` gives.
@Suite struct DecimalParsingTests {
    private func parsed(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return DecimalParsing.parse(bytes, 0, bytes.count)
    }

    private func expectSame(_ text: String) {
        let expected = Double(text)
        let got = parsed(text)
        #expect(got?.bitPattern == expected?.bitPattern, "\(text): \(String(describing: got)) vs \(String(describing: expected))")
    }

    @Test func edgeCasesMatchDoubleOfString() {
        let cases = [
            "0", "-0", "0.0", "-0.000", "00012.5000", "7", "+1.5", ".5", "5.", "-.25", "+.5e1", "5.e3",
            "0.1", "0.2", "0.3", "0.30000000000000004", "123456.789012", "-0.00410", "0.99870", "1e-7", "-2.5E+3",
            // 2^53 and either side: the fast path's limit.
            "9007199254740992", "9007199254740993", "9007199254740991", "900719925474099.3", "90071992547409.93",
            // 10^22 is the last exact power; 10^23 is not.
            "1e22", "1e23", "1.5e22", "12345678e15", "1e-22", "1e-23", "9007199254740991e-22", "9007199254740991e22",
            // Longer mantissas than the fast path takes, subnormals, the extremes.
            "0.1000000000000000055511151231257827", "3.14159265358979323846264338327950288",
            "4.9406564584124654e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "2.4703282292062327e-324",
            "1e-400", "1e400", "-1e400", "123456789012345678901234567890", "0.000000000000000000000000000001",
            "1e0000000000000000000000000001", "1e-00000000000000000000000000001", "18446744073709551615",
            "18446744073709551616", "99999999999999999999", "0.9999999999999999999999", "1.00000000000000011102230246251565",
            "5e-324", "1e308", "0.000123", "1234.5678e-2", "-64", "10000", "1e10",
        ]
        #expect(!cases.isEmpty)
        for text in cases { expectSame(text) }
    }

    @Test func randomDecimalsMatchDoubleOfString() {
        var random = SplitMix64(seed: 11)
        var fast = 0
        let count = 200_000
        for _ in 0..<count {
            var text = ""
            switch random.next() % 3 { case 0: text += "-"; case 1: if random.next() % 4 == 0 { text += "+" }; default: break }
            let digits = Int(random.next() % 24) + 1
            let point = Int(random.next() % UInt64(digits + 2)) - 1  // -1: no point
            for i in 0..<digits {
                if i == point { text += "." }
                text += String(random.next() % 10)
            }
            if point == digits { text += "." }
            if random.next() % 3 == 0 {
                text += random.next() % 2 == 0 ? "e" : "E"
                let e = Int(random.next() % 80) - 40
                text += e < 0 ? "\(e)" : (random.next() % 2 == 0 ? "+\(e)" : "\(e)")
            }
            if digits <= 15 && !text.contains("e") && !text.contains("E") { fast += 1 }
            expectSame(text)
        }
        #expect(fast > count / 10)  // the fast path was exercised, not only strtod
    }

    /// What a posture-trace holds: fixed-point numbers with 4 to 6 decimals.
    @Test func traceLikeNumbersMatch() {
        var random = SplitMix64(seed: 5)
        for _ in 0..<100_000 {
            let v = (random.unit() - 0.5) * 4000
            for digits in [3, 4, 5, 6] {
                expectSame(DecimalFormatting.string(v, fractionDigits: digits))
            }
        }
    }

    @Test func rejectsWhatIsNotADecimal() {
        let bad = ["", " ", "-", "+", ".", "-.", "1.2.3", "abc", "1e", "1e+", "1e-", "e5", "0x10", "0x1p3", "inf", "-inf",
                   "nan", "infinity", "1,5", "1 2", "--1", "+-1", "1e5.5", "1f", "١"]
        #expect(!bad.isEmpty)
        for text in bad { #expect(parsed(text) == nil, "\(text)") }
    }

    @Test func spacesAroundAreAllowed() {
        #expect(parsed("  1.25 ") == 1.25)
        #expect(parsed(" -3") == -3)
    }
}

@Suite struct TraceStartTimeTests {
    @Test func parsesRecordStartStamps() {
        #expect(TraceStartTime.seconds("1970-01-01T00:00:00Z") == 0)
        #expect(TraceStartTime.seconds("2000-03-01T00:00:00Z") == 951_868_800)
        #expect(TraceStartTime.seconds("2026-12-02T02:30:15Z") == 1_796_178_615)
        #expect(TraceStartTime.seconds("2026-12-02T02:30:15.250Z") == 1_796_178_615.25)
        for bad in ["", "2026-12-02", "2026-13-02T00:00:00Z", "2026-12-02T25:00:00Z", "2026-12-02T02:30:15", "yesterday",
                    "2026-12-02T02:30:15.Z"] {
            #expect(TraceStartTime.seconds(bad) == nil, "\(bad)")
        }
    }
}
