import PostureCore
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads posture-trace v1 files (shared spec, section 1): `#` comments, `# key: value`
/// metadata before the header, columns found by name in any order, optional columns,
/// irregular timestamps; plain or gzip-compressed (by the gzip magic). Every problem is
/// reported with the file, the line and what was expected; nothing here traps on bad input.
/// The `eachRecord` forms and `TraceStream` read in bounded memory, whatever the file's length.
public enum TraceReader {
    /// The columns a trace must have.
    public static let requiredColumns = ["t", "ax", "ay", "az", "gx", "gy", "gz"]

    /// The whole trace in memory (tests, short traces; replay streams with `TraceStream`).
    public static func read(path: String) throws(TraceError) -> Trace {
        var records: [TraceRecord] = []
        let metadata = try read(path: path) { records.append($0) }
        return Trace(metadata: metadata, records: records)
    }

    /// Reads a trace file and hands each record to `body` as it is parsed, without building
    /// the `[TraceRecord]` array. Returns the metadata. On an error the records delivered so
    /// far are from a bad file (or, with `cutShort`, all complete lines before a cut).
    public static func read(path: String, eachRecord body: (TraceRecord) -> Void) throws(TraceError) -> [(key: String, value: String)] {
        let stream = try TraceStream(path: path)
        while let record = try stream.next() { body(record) }
        return stream.metadata
    }

    public static func parse(_ text: String, file: String) throws(TraceError) -> Trace {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses text (or gzip data) in memory.
    public static func parse(bytes: [UInt8], file: String) throws(TraceError) -> Trace {
        let stream = try TraceStream(bytes: bytes, file: file)
        var records: [TraceRecord] = []
        while let record = try stream.next() { records.append(record) }
        return Trace(metadata: stream.metadata, records: records)
    }

    /// The physical range a trace value may have (an extension of posture-trace v1, see the
    /// README): beyond any IMU's full scale, and far enough from the limits of Float (the mock
    /// chip's storage) and Int (day numbers, sample counts) that no computation overflows.
    public static let maxAbsTimeSeconds = 1e10
    public static let maxAbsAccelG = 64.0
    public static let maxAbsGyroDegreesPerSecond = 10_000.0

    /// UTF-8 validation without `String(validating:)`, which would copy.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValidUTF8($0) }
    }

    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    static func errnoText(_ code: Int32) -> String { SystemErrno.message(code) }
}

/// Column positions found in the header.
struct TraceColumns {
    var t = -1, ax = -1, ay = -1, az = -1, gx = -1, gy = -1, gz = -1
    var marker = -1
    var mx = -1, my = -1, mz = -1
    var trueX = -1, trueY = -1, trueZ = -1
    var moving = -1
    var count = 0
}
