#if canImport(Glibc)
import Glibc
#endif
import PostureCore
import Testing
@testable import PostureTrace

@Suite struct StreamingReadTests {
    @Test func streamedRecordsAndMetadataMatchTheWholeRead() throws {
        let path = "/tmp/posture-trace-stream-\(UInt32.random(in: 0...UInt32.max)).csv"
        let records = (0..<50).map { i in
            TraceRecord(sample: IMUSample(timeSeconds: Double(i) / 50, accelG: Vector3(Double(i) * 0.01, 0, 1),
                                          gyroDegreesPerSecond: Vector3(0, Double(i), 0)),
                        marker: i == 7 ? .calibrate : nil)
        }
        let trace = Trace(metadata: [("rate_hz", "50"), ("sensor", "simulated")], records: records)
        try TraceWriter.write(trace, to: path)
        var streamed: [TraceRecord] = []
        let metadata = try TraceReader.read(path: path) { streamed.append($0) }
        let whole = try TraceReader.read(path: path)
        #expect(streamed == whole.records)
        #expect(streamed.count == 50)
        #expect(streamed[7].marker == .calibrate)
        #expect(metadata.map(\.key) == ["rate_hz", "sensor"])
        #expect(metadata.first?.value == "50")
    }

    @Test func streamingReportsTheBadLine() throws {
        let path = "/tmp/posture-trace-stream-bad-\(UInt32.random(in: 0...UInt32.max)).csv"
        let file = try #require(fopen(path, "w"))
        fputs("t,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n0.01,0,x,1,0,0,0\n", file)
        fclose(file)
        var delivered = 0
        #expect {
            _ = try TraceReader.read(path: path) { _ in delivered += 1 }
        } throws: { error in
            (error as? TraceError)?.line == 3
        }
        #expect(delivered == 1)
    }

    @Test func utf8CheckWithoutCopying() {
        #expect(TraceReader.isValidUTF8(Array("t,ax # é ✓\n".utf8)))
        #expect(!TraceReader.isValidUTF8([0x74, 0xC3, 0x28]))
        #expect(TraceReader.isValidUTF8([]))
    }
}

/// The reader's bounds: line length, regular files only, buffer boundaries.
@Suite struct StreamingBoundsTests {
    private let header = "# posture-trace v1\nt,ax,ay,az,gx,gy,gz,marker\n"

    @Test func tooLongLineNamesTheLineWithAShortExcerpt() throws {
        let text = header + "0,0,0,1,0,0,0,\n" + "1," + String(repeating: "9", count: 100_000) + "\n"
        do {
            _ = try TraceReader.parse(text, file: "long.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 4)
            #expect(error.message.contains("longer than"))
            #expect(error.description.count < 300)
        }
        // A file without any newline is refused the same way, on line 1.
        do {
            _ = try TraceReader.parse(String(repeating: "t,ax,", count: 10_000), file: "one.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 1)
        }
    }

    @Test(arguments: ["/dev/zero", "/dev/null"])
    func devicesAreRefused(path: String) {
        do {
            _ = try TraceReader.read(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("not a regular file"), "\(error)")
        }
    }

    @Test func fifoIsRefusedWithoutWaitingForAWriter() throws {
        let path = "/tmp/posture-fifo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        #expect(throws: TraceError.self) { try TraceReader.read(path: path) }
        #expect(throws: TraceError.self) { try TraceReader.read(path: "/tmp") }
    }

    /// Many buffer refills, CRLF line ends and comments crossing them: the same records as the
    /// text itself gives, and a bad number far down still names its line.
    @Test func longTracesCrossBufferBoundaries() throws {
        var text = header
        var expected: [Double] = []
        for i in 0..<40_000 {
            let t = Double(i) / 100
            expected.append(t)
            text += DecimalFormatting.string(t, fractionDigits: 4) + ",0.01,-0.02,0.99,1.5,-2.25,0.125,\(i == 30_000 ? "calibrate" : "")\r\n"
            if i % 1234 == 0 { text += "# a comment line \(i)\n\n" }
        }
        let trace = try TraceReader.parse(text, file: "long.csv")
        #expect(trace.records.map(\.sample.timeSeconds) == expected)
        #expect(trace.records[30_000].marker == .calibrate)
        #expect(trace.records.allSatisfy { $0.sample.gyroDegreesPerSecond == Vector3(1.5, -2.25, 0.125) })
        let bad = text + "400.5,0.01,oops,0.99,1.5,-2.25,0.125,\n"
        let lines = text.utf8.filter { $0 == 0x0A }.count + 1
        do {
            _ = try TraceReader.parse(bad, file: "bad.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == lines)
            #expect(error.message.contains("'oops' is not a number"))
        }
    }
}
