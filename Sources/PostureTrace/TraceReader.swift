import PostureCore
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads posture-trace v1 files (shared spec, section 1): `#` comments, `# key: value`
/// metadata before the header, columns found by name in any order, optional columns,
/// irregular timestamps. Every problem is reported with the file, the line and what was
/// expected; nothing here traps on bad input.
public enum TraceReader {
    /// The columns a trace must have.
    public static let requiredColumns = ["t", "ax", "ay", "az", "gx", "gy", "gz"]

    public static func read(path: String) throws(TraceError) -> Trace {
        let bytes = try readFile(path: path)
        return try parse(bytes: bytes, file: path)
    }

    /// Reads a trace file and hands each record to `body` as it is parsed, without building
    /// the `[TraceRecord]` array (a long trace is several MB of records; the mock daemon keeps
    /// only what its simulated chip needs). Returns the metadata. On a parse error the
    /// records delivered so far are from a bad file: the caller discards them.
    public static func read(path: String, eachRecord body: (TraceRecord) -> Void) throws(TraceError) -> [(key: String, value: String)] {
        let bytes = try readFile(path: path)
        return try parse(bytes: bytes, file: path, eachRecord: body)
    }

    public static func parse(_ text: String, file: String) throws(TraceError) -> Trace {
        try parse(bytes: Array(text.utf8), file: file)
    }

    public static func parse(bytes: [UInt8], file: String) throws(TraceError) -> Trace {
        var records: [TraceRecord] = []
        let metadata = try parse(bytes: bytes, file: file) { records.append($0) }
        return Trace(metadata: metadata, records: records)
    }

    static func parse(bytes: [UInt8], file: String, eachRecord body: (TraceRecord) -> Void) throws(TraceError) -> [(key: String, value: String)] {
        if bytes.isEmpty {
            throw TraceError(file: file, line: nil, message: "empty file (expected a posture-trace v1 CSV with a header line)")
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw TraceError(file: file, line: lineNumber(of: nul, in: bytes), message: "binary data (NUL byte); expected a posture-trace v1 CSV text file")
        }
        if !isValidUTF8(bytes) {
            throw TraceError(file: file, line: nil, message: "not UTF-8 text; expected a posture-trace v1 CSV text file")
        }
        var parser = Parser(bytes: bytes, file: file)
        // A UTF-8 byte order mark (Windows editors write one) is not part of the first line.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        if let problem = lineEndingProblem(bytes, from: parser.position) {
            throw TraceError(file: file, line: 1, message: problem)
        }
        return try parser.parse(eachRecord: body)
    }

    /// A carriage return inside the first line means CR-only (classic Mac) line endings: the
    /// whole file would read as one line, and the error would quote all of it.
    static func lineEndingProblem(_ bytes: [UInt8], from start: Int) -> String? {
        let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        guard let cr = bytes[start..<newline].firstIndex(of: UInt8(ascii: "\r")), cr + 1 < newline else { return nil }
        return "CR-only line endings; expected LF or CRLF line endings"
    }

    /// The physical range a trace value may have (an extension of posture-trace v1, see the
    /// README): beyond any IMU's full scale, and far enough from the limits of Float (the mock
    /// chip's storage) and Int (day numbers, sample counts) that no computation overflows.
    public static let maxAbsTimeSeconds = 1e10
    public static let maxAbsAccelG = 64.0
    public static let maxAbsGyroDegreesPerSecond = 10_000.0

    /// UTF-8 validation without `String(validating:)`, which would copy the whole file.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
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

    /// Reads a whole file; errors carry errno's text.
    static func readFile(path: String) throws(TraceError) -> [UInt8] {
        do {
            return try WholeFile.read(path: path)
        } catch {
            switch (error.step, error.code) {
            case (.read, EISDIR): throw TraceError(file: path, line: nil, message: "is a directory, expected a trace file")
            case (.open, _): throw TraceError(file: path, line: nil, message: "cannot open: \(error.reason)")
            case (.read, _): throw TraceError(file: path, line: nil, message: "read failed: \(error.reason)")
            case (.notRegularFile, _), (.tooLarge, _): throw TraceError(file: path, line: nil, message: "cannot read: \(error.reason)")
            }
        }
    }

    static func errnoText(_ code: Int32) -> String { SystemErrno.message(code) }

    static func lineNumber(of index: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for i in 0..<min(index, bytes.count) where bytes[i] == UInt8(ascii: "\n") { line += 1 }
        return line
    }
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

private struct Parser {
    let bytes: [UInt8]
    let file: String
    var position = 0
    var line = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    func error(_ message: String, line: Int? = nil) -> TraceError {
        TraceError(file: file, line: line ?? self.line, message: message)
    }

    /// The next line as a byte range without the newline (and a trailing CR), or nil at the end.
    /// `terminated` tells whether it ended with a newline.
    mutating func nextLine() -> (start: Int, end: Int, terminated: Bool)? {
        guard position < bytes.count else { return nil }
        line += 1
        let start = position
        var end = start
        while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
        let terminated = end < bytes.count
        position = terminated ? end + 1 : end
        var contentEnd = end
        if contentEnd > start && bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
        return (start, contentEnd, terminated)
    }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// At most `limit` bytes of the input for an error message (never megabytes of it).
    func excerpt(_ start: Int, _ end: Int, limit: Int = 80) -> String {
        guard end - start > limit else { return text(start, end) }
        return String(decoding: bytes[start..<(start + limit)], as: UTF8.self) + "…"
    }

    mutating func parse(eachRecord body: (TraceRecord) -> Void) throws(TraceError) -> [(key: String, value: String)] {
        var metadata: [(key: String, value: String)] = []
        var columns: TraceColumns?
        var sawVersion = false
        var fieldStarts = [Int](repeating: 0, count: 32)
        var fieldEnds = [Int](repeating: 0, count: 32)
        var lastTime = -Double.infinity

        while let (start, end, terminated) = nextLine() {
            if start == end { continue }  // blank line
            if bytes[start] == UInt8(ascii: "#") {
                // Metadata only before the header; later comments are ignored.
                if columns == nil {
                    let body = text(start + 1, end).trimmed
                    if body.hasPrefix("posture-trace") {
                        let version = body.dropFirst("posture-trace".count).trimmed
                        guard version == "v1" else {
                            throw error("unsupported trace version '\(shortened(String(version)))'; this program reads posture-trace v1")
                        }
                        sawVersion = true
                    } else if let colon = body.firstIndex(of: ":") {
                        let key = String(body[..<colon]).trimmed
                        let value = String(body[body.index(after: colon)...]).trimmed
                        if !key.isEmpty && !key.contains(" ") { metadata.append((key, value)) }
                    }
                }
                continue
            }
            guard let cols = columns else {
                columns = try parseHeader(start, end)
                continue
            }
            // A data row: split on commas into the preallocated field arrays.
            var n = 0
            var fs = start
            var i = start
            while i <= end {
                if i == end || bytes[i] == UInt8(ascii: ",") {
                    if n == fieldStarts.count {
                        fieldStarts.append(0)
                        fieldEnds.append(0)
                    }
                    fieldStarts[n] = fs
                    fieldEnds[n] = i
                    n += 1
                    fs = i + 1
                }
                i += 1
            }
            if n != cols.count {
                let what = terminated ? "" : " (the last line looks truncated: it has no newline)"
                throw error("expected \(cols.count) fields as in the header, found \(n)\(what)")
            }
            func number(_ index: Int, _ name: String) throws(TraceError) -> Double {
                let s = fieldStarts[index], e = fieldEnds[index]
                guard s < e else { throw error("column '\(name)' is empty; expected a number") }
                guard let v = parseDouble(bytes, s, e), v.isFinite else {
                    let hint = terminated ? "" : " (the last line looks truncated: it has no newline)"
                    throw error("column '\(name)': '\(excerpt(s, e))' is not a number\(hint)")
                }
                return v
            }
            func bounded(_ index: Int, _ name: String, _ limit: Double, _ unit: String) throws(TraceError) -> Double {
                let v = try number(index, name)
                guard abs(v) <= limit else {
                    throw error("column '\(name)': \(excerpt(fieldStarts[index], fieldEnds[index])) is out of range; expected -\(Int(saturating: limit))...\(Int(saturating: limit)) \(unit)")
                }
                return v
            }
            func optionalNumber(_ index: Int, _ name: String) throws(TraceError) -> Double? {
                if index < 0 || fieldStarts[index] == fieldEnds[index] { return nil }
                return try number(index, name)
            }
            let t = try bounded(cols.t, "t", TraceReader.maxAbsTimeSeconds, "s")
            if t < lastTime {
                throw error("time goes backwards: t = \(excerpt(fieldStarts[cols.t], fieldEnds[cols.t])) after \(lastTime); t must be non-decreasing")
            }
            lastTime = t
            let aMax = TraceReader.maxAbsAccelG, gMax = TraceReader.maxAbsGyroDegreesPerSecond
            let accel = Vector3(try bounded(cols.ax, "ax", aMax, "g"), try bounded(cols.ay, "ay", aMax, "g"),
                                try bounded(cols.az, "az", aMax, "g"))
            let gyro = Vector3(try bounded(cols.gx, "gx", gMax, "°/s"), try bounded(cols.gy, "gy", gMax, "°/s"),
                               try bounded(cols.gz, "gz", gMax, "°/s"))
            var record = TraceRecord(sample: IMUSample(timeSeconds: t, accelG: accel, gyroDegreesPerSecond: gyro))
            if cols.marker >= 0 && fieldStarts[cols.marker] < fieldEnds[cols.marker] {
                let name = excerpt(fieldStarts[cols.marker], fieldEnds[cols.marker]).trimmed
                if !name.isEmpty {
                    guard let action = UserAction(rawValue: name) else {
                        throw error("unknown marker '\(name)'; expected one of \(UserAction.allNames) or empty")
                    }
                    record.marker = action
                }
            }
            if cols.mx >= 0, let x = try optionalNumber(cols.mx, "mx"), let y = try optionalNumber(cols.my, "my"),
               let z = try optionalNumber(cols.mz, "mz") {
                record.magnetometerMicrotesla = Vector3(x, y, z)
            }
            if cols.trueX >= 0, let x = try optionalNumber(cols.trueX, "true_up_x"),
               let y = try optionalNumber(cols.trueY, "true_up_y"), let z = try optionalNumber(cols.trueZ, "true_up_z") {
                record.trueUp = Vector3(x, y, z)
            }
            if cols.moving >= 0, let m = try optionalNumber(cols.moving, "moving") {
                record.moving = m != 0
            }
            body(record)
        }
        guard let cols = columns else {
            throw TraceError(file: file, line: nil, message: "no header line; expected a line naming the columns \(TraceReader.requiredColumns.joined(separator: ","))")
        }
        _ = cols
        _ = sawVersion  // The version line is recommended, not required: older tools omit it.
        return metadata
    }

    func parseHeader(_ start: Int, _ end: Int) throws(TraceError) -> TraceColumns {
        let names = text(start, end).split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
        if names.first.map({ parseDoubleText($0) != nil }) ?? false {
            throw error("no header line before the data; expected a header naming the columns \(TraceReader.requiredColumns.joined(separator: ","))")
        }
        var cols = TraceColumns()
        cols.count = names.count
        var seen = Set<String>()
        for (i, name) in names.enumerated() {
            if name.isEmpty { throw error("empty column name in the header (column \(i + 1))") }
            if !seen.insert(name).inserted { throw error("column '\(shortened(name))' appears twice in the header") }
            switch name {
            case "t": cols.t = i
            case "ax": cols.ax = i
            case "ay": cols.ay = i
            case "az": cols.az = i
            case "gx": cols.gx = i
            case "gy": cols.gy = i
            case "gz": cols.gz = i
            case "marker": cols.marker = i
            case "mx": cols.mx = i
            case "my": cols.my = i
            case "mz": cols.mz = i
            case "true_up_x": cols.trueX = i
            case "true_up_y": cols.trueY = i
            case "true_up_z": cols.trueZ = i
            case "moving": cols.moving = i
            default: break  // extra columns are allowed and ignored
            }
        }
        let missing = TraceReader.requiredColumns.filter { !seen.contains($0) }
        if !missing.isEmpty {
            throw error("missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) in the header (found: \(shortened(names.joined(separator: ","))))")
        }
        let groups = [("mx", [cols.mx, cols.my, cols.mz]), ("true_up_x", [cols.trueX, cols.trueY, cols.trueZ])]
        for (name, g) in groups where g.contains(where: { $0 >= 0 }) && g.contains(where: { $0 < 0 }) {
            throw error("incomplete column group starting '\(shortened(name))': all three axes are needed")
        }
        return cols
    }
}

/// At most `limit` characters of a piece of input, for error messages.
func shortened(_ s: String, limit: Int = 80) -> String {
    s.count > limit ? String(s.prefix(limit)) + "…" : s
}

private func parseDoubleText(_ s: String) -> Double? {
    let b = Array(s.utf8)
    return parseDouble(b, 0, b.count)
}

private let exactPowersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                          1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

/// Parses a decimal number in bytes[start..<end] (surrounding spaces allowed).
/// Fast path (Clinger): up to 15 significant digits and a power of ten up to 22 are
/// exact in binary64, so one multiply or divide is correctly rounded. Anything else
/// goes through strtod.
func parseDouble(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Double? {
    var s = start, e = end
    while s < e && bytes[s] == UInt8(ascii: " ") { s += 1 }
    while e > s && bytes[e - 1] == UInt8(ascii: " ") { e -= 1 }
    guard s < e else { return nil }
    var i = s
    var negative = false
    if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
    var mantissa: UInt64 = 0
    var digits = 0
    var fractionDigits = 0
    var sawDigit = false
    while i < e, bytes[i] >= 48, bytes[i] <= 57 {
        if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] - 48) }
        if mantissa != 0 { digits += 1 }
        sawDigit = true
        i += 1
    }
    if i < e && bytes[i] == UInt8(ascii: ".") {
        i += 1
        while i < e, bytes[i] >= 48, bytes[i] <= 57 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] - 48); fractionDigits += 1 }
            if mantissa != 0 { digits += 1 }
            sawDigit = true
            i += 1
        }
    }
    guard sawDigit else { return nil }
    if i == e && digits <= 15 && fractionDigits <= 22 {
        let v = Double(mantissa) / exactPowersOfTen[fractionDigits]
        return negative ? -v : v
    }
    // Exponents, long mantissas, inf/nan words: let strtod decide, but only on a valid tail.
    if i < e && bytes[i] != UInt8(ascii: "e") && bytes[i] != UInt8(ascii: "E") { return nil }
    var buffer = [CChar](repeating: 0, count: e - s + 1)
    for k in s..<e { buffer[k - s] = CChar(bitPattern: bytes[k]) }
    return buffer.withUnsafeMutableBufferPointer { p -> Double? in
        guard let base = p.baseAddress else { return nil }
        var endPtr: UnsafeMutablePointer<CChar>?
        let v = strtod(base, &endPtr)
        guard let endPtr, endPtr - base == e - s else { return nil }
        return v
    }
}

extension StringProtocol {
    var trimmed: String {
        var sub = Substring(self)
        while let f = sub.first, f == " " || f == "\t" { sub.removeFirst() }
        while let l = sub.last, l == " " || l == "\t" { sub.removeLast() }
        return String(sub)
    }
}
