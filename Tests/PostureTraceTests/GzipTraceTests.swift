import Foundation
import PostureCore
import Testing
@testable import PostureTrace

/// `.csv.gz` traces: written and read streaming, cut and corrupt streams reported, never a trap.
@Suite struct GzipTraceTests {
    static func temporaryPath(_ name: String) -> String {
        "/tmp/posture-gz-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
    }

    static func records(_ count: Int, from t0: Double = 0) -> [TraceRecord] {
        var random = SplitMix64(seed: UInt64(count))
        return (0..<count).map { i in
            TraceRecord(sample: IMUSample(timeSeconds: t0 + Double(i) / 100,
                                          accelG: Vector3(random.unit() - 0.5, random.unit() - 0.5, 1),
                                          gyroDegreesPerSecond: Vector3(random.unit() * 50, -random.unit() * 20, 3)),
                        marker: i % 997 == 5 ? .calibrate : nil)
        }
    }

    static let writer = TraceWriter(metadata: [("rate_hz", "100"), ("sensor", "mock")])

    /// The records written in `chunks` (each a sync-flushed write), as the recorder writes them.
    static func writeFlushed(_ records: [TraceRecord], to path: String, chunk: Int, close: Bool) throws {
        let out = try FileTraceOutput(path: path)
        #expect(out.compression == .gzip)
        try out.write(writer.header())
        var start = 0
        while start < records.count {
            var text = ""
            for r in records[start..<min(records.count, start + chunk)] { writer.appendRow(r, to: &text) }
            try out.write(text)
            start += chunk
        }
        if close { try out.close() }
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test func writtenGzipReadsBackAsThePlainText() throws {
        let path = Self.temporaryPath("a.csv.gz")
        let records = Self.records(25_000)
        try Self.writeFlushed(records, to: path, chunk: 100, close: true)
        let bytes = try Self.bytes(path)
        #expect(bytes.starts(with: [0x1F, 0x8B]))
        let plain = Self.writer.header() + records.map { Self.writer.row($0) }.joined()
        #expect(bytes.count * 3 < plain.utf8.count, "compressed \(bytes.count) of \(plain.utf8.count) bytes")
        let back = try TraceReader.read(path: path)
        #expect(back.records == (try TraceReader.parse(plain, file: "plain")).records)
        #expect(back.records.count == records.count)
        #expect(back.metadataValue("sensor") == "mock")
        // The system's gzip agrees that the stream is whole and valid.
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        gzip.arguments = ["-t", path]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") {
            try gzip.run()
            gzip.waitUntilExit()
            #expect(gzip.terminationStatus == 0)
        }
        unlink(path)
    }

    @Test func atomicWriterAndSeveralMembers() throws {
        let path = Self.temporaryPath("b.csv.gz")
        let trace = Trace(metadata: [("rate_hz", "100")], records: Self.records(3000))
        try TraceWriter.write(trace, to: path)
        #expect(try Self.bytes(path).starts(with: [0x1F, 0x8B]))
        #expect(try TraceReader.read(path: path).records.count == 3000)
        // Two gzip members one after the other (`cat a.gz b.gz`) read as one text.
        let out = try FileTraceOutput(path: path, overwrite: true)
        try out.write(Self.writer.header())
        try out.close()
        var rows = ""
        for r in Self.records(500) { Self.writer.appendRow(r, to: &rows) }
        try out.write(rows)
        try out.close()
        #expect(try TraceReader.read(path: path).records.count == 500)
        unlink(path)
    }

    /// A recorder killed (or a power loss after the last sync): no gzip trailer. Every line up to
    /// the last flush is read, then the cut is reported as such, naming the file.
    @Test func streamWithoutItsEndKeepsEverythingFlushed() throws {
        let path = Self.temporaryPath("cut.csv.gz")
        let records = Self.records(2000)
        try Self.writeFlushed(records, to: path, chunk: 100, close: false)
        var delivered: [TraceRecord] = []
        do {
            _ = try TraceReader.read(path: path) { delivered.append($0) }
            Issue.record("a stream without its end must be reported")
        } catch {
            #expect(error.cutShort)
            #expect(error.file == path)
            #expect(error.description.contains("cut off after line 2004"), "\(error)")
        }
        let expected = try TraceReader.parse(Self.writer.header() + records.map { Self.writer.row($0) }.joined(), file: "x").records
        #expect(delivered.count == 2000)
        #expect(delivered == expected)
        unlink(path)
    }

    /// Cut at every kind of place: the records read are always a prefix of the original, and the
    /// problem is an error naming the file (never a trap, never a wrong record).
    @Test func cutAnywhereGivesAPrefixAndAClearError() throws {
        let path = Self.temporaryPath("c.csv.gz")
        let records = Self.records(1500)
        try Self.writeFlushed(records, to: path, chunk: 50, close: true)
        let whole = try TraceReader.read(path: path).records
        let bytes = try Self.bytes(path)
        var cuts = Array(stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)))
        cuts += [1, 2, 9, 10, 11, bytes.count - 8, bytes.count - 4, bytes.count - 1]
        #expect(!cuts.isEmpty)
        var cutShort = 0
        for n in cuts {
            var delivered: [TraceRecord] = []
            do {
                let stream = try TraceStream(bytes: Array(bytes[0..<n]), file: "cut-\(n).csv.gz")
                while let r = try stream.next() { delivered.append(r) }
                Issue.record("cut at \(n) of \(bytes.count) bytes read without an error")
            } catch {
                #expect(error.file == "cut-\(n).csv.gz")
                #expect(error.description.count < 400)
                if error.cutShort { cutShort += 1 }
            }
            #expect(delivered == Array(whole.prefix(delivered.count)), "cut at \(n)")
        }
        #expect(cutShort > cuts.count / 2)
    }

    @Test func corruptDataIsAnErrorNamingTheFile() throws {
        let path = Self.temporaryPath("d.csv.gz")
        try Self.writeFlushed(Self.records(3000), to: path, chunk: 3000, close: true)
        let bytes = try Self.bytes(path)
        var random = SplitMix64(seed: 3)
        var reported = 0
        for trial in 0..<60 {
            var damaged = bytes
            let at = 10 + Int(random.next() % UInt64(damaged.count - 10))
            damaged[at] ^= UInt8(1 + random.next() % 255)
            do {
                _ = try TraceReader.parse(bytes: damaged, file: "damaged.csv.gz")
                Issue.record("trial \(trial): damage at byte \(at) went unnoticed")
            } catch {
                #expect(error.file == "damaged.csv.gz")
                #expect(error.description.count < 400)
                if error.message.contains("corrupt gzip data") { reported += 1 }
            }
        }
        // Damage zlib cannot see at once turns into garbage text, which the CSV checks refuse.
        #expect(reported > 0)
        // Garbage after the stream is not silently ignored.
        #expect(throws: TraceError.self) { try TraceReader.parse(bytes: bytes + Array("junk".utf8), file: "junk.csv.gz") }
        unlink(path)
    }

    @Test func gzNameWithPlainContentIsRefused() throws {
        let path = Self.temporaryPath("plain.csv.gz")
        try Self.writer.header().write(toFile: path, atomically: false, encoding: .utf8)
        do {
            _ = try TraceReader.read(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("not gzip data"))
        }
        unlink(path)
    }
}
