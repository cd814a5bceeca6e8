import PostureCore
import Testing
@testable import PostureTrace

private let specExample = """
    # posture-trace v1
    # rate_hz: 100
    # sensor: mpu6050
    # mounting: upper back, +x forward
    t,ax,ay,az,gx,gy,gz,marker
    0.000,0.01200,-0.00400,0.99870,0.061,-0.122,0.031,
    0.010,0.01190,-0.00410,0.99880,0.055,-0.118,0.029,calibrate

    """

@Suite struct TraceReaderTests {
    @Test func readsTheSpecExample() throws {
        let trace = try TraceReader.parse(specExample, file: "spec.csv")
        #expect(trace.rateHz == 100)
        #expect(trace.metadataValue("sensor") == "mpu6050")
        #expect(trace.metadataValue("mounting") == "upper back, +x forward")
        #expect(trace.records.count == 2)
        #expect(trace.records[0].sample.accelG == Vector3(0.012, -0.004, 0.9987))
        #expect(trace.records[0].sample.gyroDegreesPerSecond == Vector3(0.061, -0.122, 0.031))
        #expect(trace.records[0].marker == nil)
        #expect(trace.records[1].marker == .calibrate)
        #expect(trace.records[1].sample.timeSeconds == 0.01)
    }

    @Test func findsColumnsByNameInAnyOrderAndKeepsUnknownMetadata() throws {
        let text = """
            # posture-trace v1
            # custom_key: kept
            gz,gy,gx,extra,az,ay,ax,t,true_up_x,true_up_y,true_up_z,moving
            3,2,1,ignored,0.9,0.2,0.1,5.5,0,0,1,1
            3,2,1,,0.9,0.2,0.1,5.5,,,,0
            """
        let trace = try TraceReader.parse(text, file: "x.csv")
        #expect(trace.metadataValue("custom_key") == "kept")
        #expect(trace.records[0].sample.accelG == Vector3(0.1, 0.2, 0.9))
        #expect(trace.records[0].sample.gyroDegreesPerSecond == Vector3(1, 2, 3))
        #expect(trace.records[0].trueUp == Vector3(0, 0, 1))
        #expect(trace.records[0].moving == true)
        #expect(trace.records[1].trueUp == nil)
        #expect(trace.records[1].moving == false)
    }

    @Test func acceptsIrregularTimestampsCRLFAndExponents() throws {
        let text = "t,ax,ay,az,gx,gy,gz\r\n0,0,0,1,0,0,0\r\n0.013,1e-3,-2.5E-2,1,0,0,0\r\n0.013,0,0,1,0,0,0\r\n0.5,0,0,1,0,0,0"
        let trace = try TraceReader.parse(text, file: "x.csv")
        #expect(trace.records.map(\.sample.timeSeconds) == [0, 0.013, 0.013, 0.5])
        #expect(trace.records[1].sample.accelG.x == 0.001)
        #expect(trace.records[1].sample.accelG.y == -0.025)
    }

    /// Each kind of bad file is refused with its line number and what was expected.
    @Test(arguments: [
        ("t,ax,ay,az,gx,gy\n0,0,0,1,0,0\n", 1, "missing required column gz"),
        ("# posture-trace v1\nt,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n0.1,0,zero,1,0,0,0\n", 4, "column 'ay': 'zero' is not a number"),
        ("t,ax,ay,az,gx,gy,gz\n0.2,0,0,1,0,0,0\n0.1,0,0,1,0,0,0\n", 3, "time goes backwards"),
        ("t,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n0.1,0,0,1,0", 3, "truncated"),
        ("t,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n0.1,0,0,1,0,0,-", 3, "truncated"),
        ("t,ax,ay,az,gx,gy,gz\n0,0,,1,0,0,0\n", 2, "column 'ay' is empty"),
        ("t,ax,ay,az,gx,gy,gz,marker\n0,0,0,1,0,0,0,dance\n", 2, "unknown marker 'dance'"),
        ("0,0,0,1,0,0,0\n", 1, "no header line"),
        ("# posture-trace v2\nt,ax,ay,az,gx,gy,gz\n", 1, "unsupported trace version"),
        ("t,ax,ax,az,gx,gy,gz\n", 1, "appears twice"),
        ("t,ax,ay,az,gx,gy,gz,true_up_x\n", 1, "incomplete column group"),
        ("t,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0,9\n", 2, "expected 7 fields"),
        ("t,ax,ay,az,gx,gy,gz\nnan,0,0,1,0,0,0\n", 2, "'nan' is not a number"),
    ])
    func rejectsBadFilesWithLineNumbers(text: String, line: Int, message: String) {
        do {
            _ = try TraceReader.parse(text, file: "bad.csv")
            Issue.record("expected an error containing '\(message)'")
        } catch {
            #expect(error.file == "bad.csv")
            #expect(error.line == line)
            #expect(error.message.contains(message), "\(error.description)")
            #expect(error.description.hasPrefix("bad.csv:\(line): "))
        }
    }

    @Test func rejectsEmptyBinaryAndHeaderlessFiles() {
        #expect(throws: TraceError.self) { try TraceReader.parse(bytes: [], file: "e.csv") }
        #expect(throws: TraceError.self) { try TraceReader.parse(bytes: [0x7f, 0x45, 0x4c, 0x46, 0, 1], file: "b.csv") }
        #expect(throws: TraceError.self) { try TraceReader.parse(bytes: [0xff, 0xfe, 0x41], file: "u.csv") }
        #expect(throws: TraceError.self) { try TraceReader.parse("# only comments\n", file: "c.csv") }
    }

    @Test func missingFileNamesTheFileAndReason() {
        do {
            _ = try TraceReader.read(path: "/nonexistent/trace.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent/trace.csv: cannot open: No such file or directory")
        }
    }

    @Test func parsesNumbersExactly() {
        for text in ["0.1", "-0.00410", "0.99870", "123456.789012", "1e-7", "-2.5E+3", "+1.5", "0.30000000000000004", "7"] {
            let bytes = Array(text.utf8)
            #expect(parseDouble(bytes, 0, bytes.count) == Double(text.hasPrefix("+") ? String(text.dropFirst()) : text), "\(text)")
        }
        for text in ["", "-", ".", "1.2.3", "abc", "1e", "0x10", "inf"] {
            let bytes = Array(text.utf8)
            #expect(parseDouble(bytes, 0, bytes.count).map { $0.isFinite } != true, "\(text)")
        }
    }
}

@Suite struct TraceWriterTests {
    @Test func roundTripsThroughTheReader() throws {
        var records: [TraceRecord] = []
        for i in 0..<50 {
            let t = Double(i) * 0.0101 + (i % 7 == 0 ? 0.003 : 0)
            records.append(TraceRecord(
                sample: IMUSample(timeSeconds: t, accelG: Vector3(0.01 * Double(i), -0.5, 0.87654),
                                  gyroDegreesPerSecond: Vector3(1.2345, -250.5, Double(i))),
                marker: i == 10 ? .calibrate : (i == 20 ? .stretch : nil),
                trueUp: i % 2 == 0 ? Vector3(0, 0.6, 0.8) : nil, moving: i % 3 == 0))
        }
        let trace = Trace(metadata: [("rate_hz", "99"), ("sensor", "mock")], records: records)
        let writer = TraceWriter(metadata: trace.metadata, includeTruth: true, includeMoving: true)
        let text = writer.text(trace)
        #expect(text.hasPrefix("# posture-trace v1\n# rate_hz: 99\n# sensor: mock\nt,ax,ay,az,gx,gy,gz,true_up_x,true_up_y,true_up_z,moving,marker\n"))
        let back = try TraceReader.parse(text, file: "rt.csv")
        #expect(back.records.count == records.count)
        for (a, b) in zip(back.records, records) {
            // Written at 0.1 ms, 10 µg and 0.1 mdps: the round trip is exact to that resolution.
            #expect(abs(a.sample.timeSeconds - b.sample.timeSeconds) <= 0.00005)
            #expect((a.sample.accelG - b.sample.accelG).norm <= 1e-5)
            #expect((a.sample.gyroDegreesPerSecond - b.sample.gyroDegreesPerSecond).norm <= 1e-4)
            #expect(a.marker == b.marker && a.moving == b.moving && (a.trueUp == nil) == (b.trueUp == nil))
        }
        // Writing what was read gives the same text again.
        #expect(writer.text(back) == text)
        #expect(back.rateHz == 99)
    }

    @Test func atomicWriteThenRead() throws {
        let path = "/tmp/posture-trace-test-\(UInt32.random(in: 0...UInt32.max)).csv"
        let trace = Trace(metadata: [("rate_hz", "100")], records: [
            TraceRecord(sample: IMUSample(timeSeconds: 0, accelG: Vector3(0, 0, 1), gyroDegreesPerSecond: .zero), marker: .snooze),
        ])
        try TraceWriter.write(trace, to: path)
        let back = try TraceReader.read(path: path)
        #expect(back.records == trace.records)
        #expect(throws: TraceError.self) { try TraceWriter.write(trace, to: "/nonexistent-dir/x.csv") }
    }
}
