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
