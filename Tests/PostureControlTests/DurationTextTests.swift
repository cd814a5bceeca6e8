import PostureControl
import Testing

@Suite("Durations")
struct DurationTests {
    @Test func parse() {
        #expect(DurationText.parseSeconds("30m") == 1800)
        #expect(DurationText.parseSeconds("1h") == 3600)
        #expect(DurationText.parseSeconds("90s") == 90)
        #expect(DurationText.parseSeconds("1h30m") == 5400)
        #expect(DurationText.parseSeconds("45") == 45)
        #expect(DurationText.parseSeconds("off") == 0)
        #expect(DurationText.parseSeconds("5x") == nil)
        #expect(DurationText.parseSeconds("m") == nil)
        #expect(DurationText.parseSeconds("") == nil)
    }
}

@Suite struct DurationTextHostileTests {
    /// `posture stats` formats figures from the daemon's answer: 1e308 trapped in `Int(...)`.
    @Test func hugeAndNaNFiguresFormatWithoutTrapping() {
        #expect(DurationText.format(1e308).hasSuffix("m"))
        #expect(DurationText.format(.nan) == "0s")
        #expect(DurationText.format(-5) == "0s")
        #expect(DurationText.format(3900) == "1h 05m")
    }
}
