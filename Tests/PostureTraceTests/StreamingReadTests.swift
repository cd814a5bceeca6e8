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
