import Foundation
import PostureCore
import Testing
@testable import PostureTrace

/// Inputs a hostile but fair user can write (issue 14): clear short errors, never a trap.
@Suite struct HostileTraceTests {
    private let header = "# posture-trace v1\nt,ax,ay,az,gx,gy,gz,marker\n"

    private func message(_ text: String) -> String? {
        do { _ = try TraceReader.parse(text, file: "x.csv"); return nil } catch { return "\(error)" }
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let trace = try TraceReader.parse("\u{FEFF}" + header + "0,0,0,1,0,0,0,\n", file: "bom.csv")
        #expect(trace.records.count == 1)
    }

    @Test func crOnlyLineEndingsAreAShortError() throws {
        let text = header.replacingOccurrences(of: "\n", with: "\r") + String(repeating: "0,0,0,1,0,0,0,\r", count: 10_000)
        let m = try #require(message(text))
        #expect(m.contains("CR-only"))
        #expect(m.count < 200)
    }

    @Test(arguments: ["9.3e18,0,0,1,0,0,0,", "1e11,0,0,1,0,0,0,", "0,65,0,1,0,0,0,", "0,0,0,-1e39,0,0,0,",
                      "0,0,0,1,0,0,10001,", "0,0,0,1,-1e300,0,0,"])
    func valuesOutsideThePhysicalRangeNameColumnAndLine(row: String) throws {
        let m = try #require(message(header + row + "\n"))
        #expect(m.contains("x.csv") && m.contains("3"))
        #expect(m.contains("out of range"))
    }

    @Test func extremeButValidValuesAreAccepted() throws {
        let trace = try TraceReader.parse(header + "1e10,-64,64,1,10000,-10000,0,\n", file: "x.csv")
        #expect(trace.records.first?.sample.accelG.x == -64)
    }

    @Test func errorsQuoteAShortExcerpt() throws {
        let huge = String(repeating: "x", count: 1_000_000)
        let cases = [header + "0,\(huge),0,1,0,0,0,\n", header + "0,0,0,1,0,0,0,\(huge)\n",
                     "t,ax,ay,az,gx,gy,gz," + huge + "," + huge + "\n", "t,ax,ay,\(huge)\n"]
        for text in cases {
            let m = try #require(message(text))
            #expect(m.count < 400, "error of \(m.count) characters")
        }
    }
}
