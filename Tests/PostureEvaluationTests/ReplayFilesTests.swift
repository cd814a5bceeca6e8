import Foundation
import PostureConfig
import PostureCore
import PostureTrace
import Testing
import PostureEvaluation

/// `posture replay a.csv.gz b.csv.gz ...`: recordings in time order through one pipeline.
@Suite struct ReplayFilesTests {
    static let directory = "/tmp/posture-replay-files-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    static let settings = PostureConfiguration().pipeline
    static let startSeconds = 1_796_178_615.0  // 2026-12-02T02:30:15Z

    static func utc(_ seconds: Double) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// A recording of `seconds` at 50 Hz from t = 0: upright, then slouching for a while.
    static func recording(seconds: Double, seed: UInt64, calibrateAt: Int? = 50) -> [TraceRecord] {
        var random = SplitMix64(seed: seed)
        return (0..<Int(seconds * 50)).map { i in
            let t = Double(i) / 50
            let angle = t > 10 && t < seconds - 20 ? 0.45 : 0.02 * (random.unit() - 0.5)
            return TraceRecord(sample: IMUSample(timeSeconds: t, accelG: Vector3(_sin(angle), 0, _cos(angle)),
                                                 gyroDegreesPerSecond: Vector3(random.unit() - 0.5, random.unit() - 0.5, 0)),
                               marker: i == calibrateAt ? .calibrate : nil)
        }
    }

    static func write(_ records: [TraceRecord], name: String, started: Double?) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        var metadata: [(key: String, value: String)] = [("rate_hz", "50")]
        if let started { metadata.append(("started_utc", utc(started))) }
        try TraceWriter.write(Trace(metadata: metadata, records: records), to: path)
        return path
    }

    /// The reference: one trace holding the parts at their offsets, replayed whole.
    static func reference(_ parts: [([TraceRecord], Double)], emit: ReplayEmit) -> String {
        var records: [TraceRecord] = []
        for (part, offset) in parts {
            for var r in part {
                if offset != 0 { r.sample.timeSeconds += offset }
                records.append(r)
            }
        }
        var out = StringReplayOutput()
        ReplayEngine.run(trace: Trace(records: records), settings: settings, emit: emit, into: &out)
        return out.text
    }

    static func replay(_ paths: [String], emit: ReplayEmit, cuts: inout [TraceError]) throws(TraceError) -> String {
        let files = try ReplayFiles(paths: paths)
        var session = ReplaySession(settings: settings, emit: emit, output: StringReplayOutput())
        try files.run(into: &session) { cuts.append($0) }
        _ = session.finish()
        return session.output.text
    }

    /// Written rows are rounded to the trace's resolution: compare with what the files hold.
    static func asRead(_ records: [TraceRecord]) throws -> [TraceRecord] {
        let writer = TraceWriter(metadata: [])
        return try TraceReader.parse(writer.header() + records.map { writer.row($0) }.joined(), file: "x").records
    }

    @Test func recordingsRunInStartOrderWithGapsBetween() throws {
        let a = Self.recording(seconds: 120, seed: 1), b = Self.recording(seconds: 90, seed: 2, calibrateAt: nil)
        let c = Self.recording(seconds: 60, seed: 3)
        let pa = try Self.write(a, name: "mon.csv.gz", started: Self.startSeconds)
        let pb = try Self.write(b, name: "tue.csv", started: Self.startSeconds + 86_400)
        let pc = try Self.write(c, name: "wed.csv.gz", started: Self.startSeconds + 2 * 86_400 + 0.5)
        for emit in ReplayEmit.allCases {
            let expected = Self.reference([(try Self.asRead(a), 0), (try Self.asRead(b), 86_400), (try Self.asRead(c), 172_800)], emit: emit)
            var cuts: [TraceError] = []
            // Given in any order, replayed in time order.
            let got = try Self.replay([pc, pa, pb], emit: emit, cuts: &cuts)
            #expect(!expected.isEmpty)
            #expect(got == expected)
            #expect(cuts.isEmpty)
        }
        let files = try ReplayFiles(paths: [pb, pc, pa])
        #expect(files.files.map(\.path) == [pa, pb, pc])
        #expect(files.files.map(\.offsetSeconds) == [0, 86_400, 172_800])
    }

    @Test func oneFileIsExactlyTheWholeReplay() throws {
        let a = Self.recording(seconds: 100, seed: 4)
        let path = try Self.write(a, name: "one.csv.gz", started: Self.startSeconds)
        for emit in ReplayEmit.allCases {
            var whole = StringReplayOutput()
            ReplayEngine.run(trace: try TraceReader.read(path: path), settings: Self.settings, emit: emit, into: &whole)
            var cuts: [TraceError] = []
            #expect(try Self.replay([path], emit: emit, cuts: &cuts) == whole.text)
        }
    }

    @Test func overlappingRecordingsAreRefused() throws {
        let pa = try Self.write(Self.recording(seconds: 60, seed: 5), name: "x.csv", started: Self.startSeconds)
        let pb = try Self.write(Self.recording(seconds: 60, seed: 6), name: "y.csv", started: Self.startSeconds + 30)
        var cuts: [TraceError] = []
        do {
            _ = try Self.replay([pa, pb], emit: .events, cuts: &cuts)
            Issue.record("expected an overlap error")
        } catch {
            #expect(error.file == pb)
            #expect(error.message.contains("overlaps \(pa)"))
        }
        // Without started_utc, the files' own times decide: both start at 0.
        let qa = try Self.write(Self.recording(seconds: 20, seed: 7), name: "p.csv", started: nil)
        let qb = try Self.write(Self.recording(seconds: 20, seed: 8), name: "q.csv", started: nil)
        #expect(throws: TraceError.self) { try Self.replay([qa, qb], emit: .events, cuts: &cuts) }
        // Some with started_utc, some without: no way to order them.
        #expect(throws: TraceError.self) { try ReplayFiles(paths: [pa, qa]) }
    }

    /// A day cut by a power loss (gzip without its end) in the middle of a week: replayed up to
    /// the cut, reported, and the following days still run.
    @Test func aCutFileIsReplayedToItsCutAndTheNextFollows() throws {
        let a = Self.recording(seconds: 60, seed: 9), b = Self.recording(seconds: 60, seed: 10), c = Self.recording(seconds: 60, seed: 11)
        let pa = try Self.write(a, name: "d1.csv.gz", started: Self.startSeconds)
        let pc = try Self.write(c, name: "d3.csv.gz", started: Self.startSeconds + 7200)
        let pb = Self.directory + "/d2.csv.gz"
        let out = try FileTraceOutput(path: pb, overwrite: true)
        let writer = TraceWriter(metadata: [("rate_hz", "50"), ("started_utc", Self.utc(Self.startSeconds + 3600))])
        try out.write(writer.header())
        for chunk in stride(from: 0, to: 2000, by: 50) {
            try out.write(b[chunk..<(chunk + 50)].map { writer.row($0) }.joined())
        }
        // No close: the recorder was killed after its last flush (2000 of 3000 samples).
        var cuts: [TraceError] = []
        let got = try Self.replay([pa, pb, pc], emit: .samples, cuts: &cuts)
        #expect(cuts.count == 1)
        #expect(cuts.first?.file == pb)
        #expect(cuts.first?.cutShort == true)
        let expected = Self.reference([(try Self.asRead(a), 0), (try Self.asRead(Array(b.prefix(2000))), 3600), (try Self.asRead(c), 7200)],
                                      emit: .samples)
        #expect(got == expected)
        #expect(got.split(separator: "\n").count == 1 + 3000 + 2000 + 3000)
    }
}
