import PostureConfig
import Testing

/// #14 point 5 for the configuration file: a BOM is skipped, CR-only endings (classic Mac) are one
/// short error naming line 1, not an echo of the whole file read as one line.
struct ConfigLineEndingTests {
    @Test func crOnlyLineEndingsAreAShortClearError() {
        let body = "[slouch]\rangle_deg = 20.0\r" + String(repeating: "# padding comment\r", count: 20_000)
        for text in [body, "\u{FEFF}" + body] {
            do {
                _ = try PostureConfiguration.parse(text, file: "mac.toml")
                Issue.record("CR-only endings accepted")
            } catch {
                #expect(error.line == 1, "\(error)")
                #expect(error.message.contains("CR-only line endings"), "\(error)")
                #expect(error.description.count < 200, "\(error.description.prefix(300))")
            }
        }
    }
}
