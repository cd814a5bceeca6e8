import PostureCore

/// A posture-trace read one record at a time, through a fixed buffer: `next()` parses the next
/// data line. The metadata and columns are read when it opens; a gzip file (by its magic bytes)
/// is inflated on the way. Errors name the file and line as `TraceReader` describes.
public final class TraceStream {
    public let file: String
    /// `# key: value` lines before the header, in file order.
    public private(set) var metadata: [(key: String, value: String)] = []
    /// Whether the file is gzip-compressed.
    public let compressed: Bool
    /// Records delivered so far.
    // `@exclusivity(unchecked)` on the per-row state: each access is a plain load or store in this
    // class (never passed inout across a call), and the dynamic check cost ~125 instructions per row.
    @exclusivity(unchecked) public private(set) var recordCount = 0

    private let lines: TraceLineReader
    private var columns = TraceColumns()
    @exclusivity(unchecked) private var lastTime = -Double.infinity
    private var fieldStarts: UnsafeMutablePointer<Int>
    private var fieldEnds: UnsafeMutablePointer<Int>
    private var fieldCapacity = 0
    /// Per column: 0...6 the required number t, ax, ay, az, gx, gy, gz; `otherColumn` else.
    @exclusivity(unchecked) private var roles: [UInt8] = []
    /// t, ax ... gz are the first seven columns, in that order (every trace `posture` writes).
    @exclusivity(unchecked) private var standardLayout = false
    private static let otherColumn: UInt8 = 255
    @exclusivity(unchecked) private var finished = false

    /// Opens a trace file (regular files only) and reads up to its header.
    public convenience init(path: String) throws(TraceError) {
        let file = try FileByteSource(path: path)
        let isGzip = file.peek(2) == GzipByteSource.magic
        if !isGzip && path.hasSuffix(".gz") && !file.peek(1).isEmpty {
            throw TraceError(file: path, line: nil, message: "not gzip data (the name ends in .gz but the file does not start with the gzip magic bytes 1f 8b)")
        }
        try self.init(source: isGzip ? try Self.gunzip(file, path) : file, file: path, compressed: isGzip)
    }

    /// Text or gzip data in memory.
    public convenience init(bytes: [UInt8], file: String) throws(TraceError) {
        let memory = MemoryByteSource(bytes)
        let isGzip = bytes.starts(with: GzipByteSource.magic)
        try self.init(source: isGzip ? try Self.gunzip(memory, file) : memory, file: file, compressed: isGzip)
    }

    private static func gunzip(_ source: TraceByteSource, _ file: String) throws(TraceError) -> TraceByteSource {
        do { return try GzipByteSource(source) } catch { throw TraceError(file: file, line: nil, message: error.message) }
    }

    init(source: TraceByteSource, file: String, compressed: Bool) throws(TraceError) {
        self.file = file
        self.compressed = compressed
        lines = TraceLineReader(source: source, file: file)
        fieldStarts = .allocate(capacity: 1)
        fieldEnds = .allocate(capacity: 1)
        fieldCapacity = 1
        try readHeader()
    }

    deinit {
        fieldStarts.deallocate()
        fieldEnds.deallocate()
    }

    private func error(_ message: String) -> TraceError { lines.error(message) }

    /// Metadata and comment lines, then the header.
    private func readHeader() throws(TraceError) {
        while let (p, count, _) = try lines.nextLine() {
            var s = 0
            // A UTF-8 byte order mark (Windows editors write one) is not part of the first line.
            if lines.line == 1 && count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { s = 3 }
            if s == count { continue }  // blank line
            let text = try checkedText(p, s, count)
            if p[s] == UInt8(ascii: "#") {
                let body = text.dropFirst().trimmed
                if body.hasPrefix("posture-trace") {
                    let version = body.dropFirst("posture-trace".count).trimmed
                    guard version == "v1" else {
                        throw error("unsupported trace version '\(shortened(String(version)))'; this program reads posture-trace v1")
                    }
                } else if let colon = body.firstIndex(of: ":") {
                    let key = String(body[..<colon]).trimmed
                    let value = String(body[body.index(after: colon)...]).trimmed
                    if !key.isEmpty && !key.contains(" ") { metadata.append((key, value)) }
                }
                continue
            }
            columns = try parseHeader(text)
            fieldStarts.deallocate()
            fieldEnds.deallocate()
            fieldCapacity = columns.count
            fieldStarts = .allocate(capacity: fieldCapacity)
            fieldEnds = .allocate(capacity: fieldCapacity)
            roles = [UInt8](repeating: Self.otherColumn, count: columns.count)
            let required = [columns.t, columns.ax, columns.ay, columns.az, columns.gx, columns.gy, columns.gz]
            for (role, index) in required.enumerated() {
                roles[index] = UInt8(role)
            }
            standardLayout = required == Array(0..<7)
            return
        }
        if lines.bytesRead == 0 && !lines.cutShort {
            throw TraceError(file: file, line: nil, message: "empty file (expected a posture-trace v1 CSV with a header line)")
        }
        if lines.cutShort { throw cutError() }
        throw TraceError(file: file, line: nil, message: "no header line; expected a line naming the columns \(TraceReader.requiredColumns.joined(separator: ","))")
    }

    /// A non-data line as text: NUL bytes and invalid UTF-8 are refused.
    private func checkedText(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) throws(TraceError) -> String {
        try checkText(p, s, e)
        return String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self)
    }

    private func checkText(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) throws(TraceError) {
        if isPlainText(p, s, e) { return }
        let bytes = UnsafeBufferPointer(start: p + s, count: e - s)
        if bytes.contains(0) { throw error("binary data (NUL byte); expected a posture-trace v1 CSV text file") }
        if !TraceReader.isValidUTF8(bytes) { throw error("not UTF-8 text; expected a posture-trace v1 CSV text file") }
    }

    /// ASCII without NUL, checked eight bytes at a time (the common case of every data line).
    @inline(__always)
    private func isPlainText(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        var i = s
        var bad: UInt64 = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= e {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            bad |= w | ((w &- ones) & ~w)
            i += 8
        }
        while i < e {
            let b = p[i]
            if b == 0 || b >= 0x80 { return false }
            i += 1
        }
        return bad & high == 0
    }

    private func cutError() -> TraceError {
        let line = lines.line
        if lines.droppedBytes > 0 {
            return TraceError(file: file, line: line + 1, message: "the gzip stream is cut off after \(lines.bytesRead) uncompressed bytes "
                + "(a recording interrupted by a power loss?): the \(lines.droppedBytes) bytes of this incomplete line were skipped, "
                + "the \(line) lines before it were read", cutShort: true)
        }
        return TraceError(file: file, line: nil, message: "the gzip stream is cut off after line \(line) (\(lines.bytesRead) uncompressed bytes; "
            + "a recording interrupted by a power loss?): all \(line) complete lines were read", cutShort: true)
    }

    /// The next record, or nil at the end of the file.
    public func next() throws(TraceError) -> TraceRecord? {
        var record = TraceRecord(sample: IMUSample(timeSeconds: 0, accelG: .zero, gyroDegreesPerSecond: .zero))
        return try next(into: &record) ? record : nil
    }

    /// The next record into `record` (false at the end of the file): the replay's hot path, with
    /// no optional record to build and copy per line.
    public func next(into record: inout TraceRecord) throws(TraceError) -> Bool {
        guard !finished else { return false }
        while let (p, count, terminated) = try lines.nextLine() {
            if count == 0 || p[0] == UInt8(ascii: "#") {
                try checkText(p, 0, count)
                continue  // blank lines and comments after the header
            }
            if !isPlainText(p, 0, count) { try checkText(p, 0, count) }
            if fastRow(p, count, into: &record.sample) {
                record.marker = nil
                record.magnetometerMicrotesla = nil
                record.trueUp = nil
                record.moving = nil
            } else {
                record = try parseRow(p, count, terminated)
            }
            recordCount += 1
            return true
        }
        finished = true
        if lines.cutShort { throw cutError() }
        return false
    }

    /// The common row in one pass: every required number plain and in range, every other field
    /// empty. nil for anything else, which `parseRow` then reads (or words the error of): both
    /// use the same number parser, so a row gives the same record either way.
    @inline(__always)
    private func fastRow(_ p: UnsafePointer<UInt8>, _ count: Int, into sample: inout IMUSample) -> Bool {
        if standardLayout { return standardRow(p, count, into: &sample) }
        var v = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        var position = 0
        let n = roles.count
        return roles.withUnsafeBufferPointer { roles -> Bool in
            for k in 0..<n {
                let role = roles[k]
                var end = position
                if role != Self.otherColumn {
                    guard let (value, numberEnd) = DecimalParsing.parsePrefix(p, position, count) else { return false }
                    switch role {
                    case 0: v.0 = value
                    case 1: v.1 = value
                    case 2: v.2 = value
                    case 3: v.3 = value
                    case 4: v.4 = value
                    case 5: v.5 = value
                    default: v.6 = value
                    }
                    end = numberEnd
                }
                // The field must end here: at a comma (not after the last column) or the line's end.
                if k == n - 1 {
                    guard end == count else { return false }
                } else {
                    guard end < count && p[end] == UInt8(ascii: ",") else { return false }
                }
                position = end + 1
            }
            let aMax = TraceReader.maxAbsAccelG, gMax = TraceReader.maxAbsGyroDegreesPerSecond
            guard abs(v.0) <= TraceReader.maxAbsTimeSeconds, v.0 >= lastTime,
                  abs(v.1) <= aMax, abs(v.2) <= aMax, abs(v.3) <= aMax, abs(v.4) <= gMax, abs(v.5) <= gMax, abs(v.6) <= gMax
            else { return false }
            lastTime = v.0
            sample = IMUSample(timeSeconds: v.0, accelG: Vector3(v.1, v.2, v.3), gyroDegreesPerSecond: Vector3(v.4, v.5, v.6))
            return true
        }
    }

    /// `fastRow` for the standard layout, unrolled: seven numbers each followed by a comma (the
    /// last one unless it ends the line), then only the commas of the empty other fields.
    @inline(__always)
    private func standardRow(_ p: UnsafePointer<UInt8>, _ count: Int, into sample: inout IMUSample) -> Bool {
        var at = 0
        guard let t = Self.field(p, &at, count), let ax = Self.field(p, &at, count), let ay = Self.field(p, &at, count),
              let az = Self.field(p, &at, count), let gx = Self.field(p, &at, count), let gy = Self.field(p, &at, count),
              let (gz, gzEnd) = DecimalParsing.parsePlainPrefix(p, at, count) else { return false }
        // What follows gz: the line's end with seven columns, else one comma per other (empty) column.
        guard count - gzEnd == roles.count - 7 else { return false }
        var k = gzEnd
        while k < count {
            guard p[k] == UInt8(ascii: ",") else { return false }
            k += 1
        }
        let aMax = TraceReader.maxAbsAccelG, gMax = TraceReader.maxAbsGyroDegreesPerSecond
        guard abs(t) <= TraceReader.maxAbsTimeSeconds, t >= lastTime,
              abs(ax) <= aMax, abs(ay) <= aMax, abs(az) <= aMax, abs(gx) <= gMax, abs(gy) <= gMax, abs(gz) <= gMax
        else { return false }
        lastTime = t
        sample = IMUSample(timeSeconds: t, accelG: Vector3(ax, ay, az), gyroDegreesPerSecond: Vector3(gx, gy, gz))
        return true
    }

    /// A number at `at` followed by a comma; `at` moves past the comma.
    @inline(__always)
    private static func field(_ p: UnsafePointer<UInt8>, _ at: inout Int, _ count: Int) -> Double? {
        guard let (value, end) = DecimalParsing.parsePlainPrefix(p, at, count), end < count, p[end] == UInt8(ascii: ",") else {
            return nil
        }
        at = end + 1
        return value
    }

    private func parseRow(_ p: UnsafePointer<UInt8>, _ count: Int, _ terminated: Bool) throws(TraceError) -> TraceRecord {
        // Split on commas into the fixed field arrays (one slot per header column).
        let cols = columns
        var n = 0
        var fs = 0
        var i = 0
        while i < count {
            if p[i] == UInt8(ascii: ",") {
                if n < fieldCapacity { fieldStarts[n] = fs; fieldEnds[n] = i }
                n += 1
                fs = i + 1
            }
            i += 1
        }
        if n < fieldCapacity { fieldStarts[n] = fs; fieldEnds[n] = count }
        n += 1
        if n != cols.count {
            let what = terminated ? "" : " (the last line looks truncated: it has no newline)"
            throw error("expected \(cols.count) fields as in the header, found \(n)\(what)")
        }
        // The hot path: seven numbers in range. Any problem goes to the checks that word the error.
        let aMax = TraceReader.maxAbsAccelG, gMax = TraceReader.maxAbsGyroDegreesPerSecond
        guard let t = value(p, cols.t, TraceReader.maxAbsTimeSeconds), t >= lastTime,
              let ax = value(p, cols.ax, aMax), let ay = value(p, cols.ay, aMax), let az = value(p, cols.az, aMax),
              let gx = value(p, cols.gx, gMax), let gy = value(p, cols.gy, gMax), let gz = value(p, cols.gz, gMax)
        else { throw rowError(p, terminated) }
        lastTime = t
        let accel = Vector3(ax, ay, az), gyro = Vector3(gx, gy, gz)
        var record = TraceRecord(sample: IMUSample(timeSeconds: t, accelG: accel, gyroDegreesPerSecond: gyro))
        if cols.marker >= 0 && fieldStarts[cols.marker] < fieldEnds[cols.marker] {
            let name = excerpt(p, fieldStarts[cols.marker], fieldEnds[cols.marker]).trimmed
            if !name.isEmpty {
                guard let action = UserAction(rawValue: name) else {
                    throw error("unknown marker '\(name)'; expected one of \(UserAction.allNames) or empty")
                }
                record.marker = action
            }
        }
        if cols.mx >= 0, let x = try optionalNumber(p, cols.mx, "mx", terminated), let y = try optionalNumber(p, cols.my, "my", terminated),
           let z = try optionalNumber(p, cols.mz, "mz", terminated) {
            record.magnetometerMicrotesla = Vector3(x, y, z)
        }
        if cols.trueX >= 0, let x = try optionalNumber(p, cols.trueX, "true_up_x", terminated),
           let y = try optionalNumber(p, cols.trueY, "true_up_y", terminated), let z = try optionalNumber(p, cols.trueZ, "true_up_z", terminated) {
            record.trueUp = Vector3(x, y, z)
        }
        if cols.moving >= 0, let m = try optionalNumber(p, cols.moving, "moving", terminated) {
            record.moving = m != 0
        }
        return record
    }

    /// A field's number when it is one within ±limit (NaN fails the comparison), else nil.
    @inline(__always)
    private func value(_ p: UnsafePointer<UInt8>, _ index: Int, _ limit: Double) -> Double? {
        guard let v = DecimalParsing.parse(p, fieldStarts[index], fieldEnds[index]), abs(v) <= limit else { return nil }
        return v
    }

    /// The error of a row whose required numbers failed `value`, checked in column order as
    /// the reader always has: t, time order, then ax ... gz.
    @inline(never)
    private func rowError(_ p: UnsafePointer<UInt8>, _ terminated: Bool) -> TraceError {
        let cols = columns
        let aMax = TraceReader.maxAbsAccelG, gMax = TraceReader.maxAbsGyroDegreesPerSecond
        do throws(TraceError) {
            let t = try bounded(p, cols.t, "t", TraceReader.maxAbsTimeSeconds, "s", terminated)
            if t < lastTime {
                return error("time goes backwards: t = \(excerpt(p, fieldStarts[cols.t], fieldEnds[cols.t])) after \(lastTime); t must be non-decreasing")
            }
            for (index, name) in [(cols.ax, "ax"), (cols.ay, "ay"), (cols.az, "az")] { _ = try bounded(p, index, name, aMax, "g", terminated) }
            for (index, name) in [(cols.gx, "gx"), (cols.gy, "gy"), (cols.gz, "gz")] { _ = try bounded(p, index, name, gMax, "°/s", terminated) }
        } catch {
            return error
        }
        return error("a required column is not a number in range")  // not reached: `value` and `bounded` agree
    }

    /// At most `limit` bytes of the input for an error message (never megabytes of it).
    private func excerpt(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, limit: Int = 80) -> String {
        let n = min(end - start, limit)
        let text = String(decoding: UnsafeBufferPointer(start: p + start, count: n), as: UTF8.self)
        return end - start > limit ? text + "…" : text
    }

    private func number(_ p: UnsafePointer<UInt8>, _ index: Int, _ name: String, _ terminated: Bool) throws(TraceError) -> Double {
        let s = fieldStarts[index], e = fieldEnds[index]
        guard s < e else { throw error("column '\(name)' is empty; expected a number") }
        guard let v = DecimalParsing.parse(p, s, e), v.isFinite else {
            let hint = terminated ? "" : " (the last line looks truncated: it has no newline)"
            throw error("column '\(name)': '\(excerpt(p, s, e))' is not a number\(hint)")
        }
        return v
    }

    private func bounded(_ p: UnsafePointer<UInt8>, _ index: Int, _ name: String, _ limit: Double, _ unit: String,
                         _ terminated: Bool) throws(TraceError) -> Double {
        let v = try number(p, index, name, terminated)
        guard abs(v) <= limit else {
            throw error("column '\(name)': \(excerpt(p, fieldStarts[index], fieldEnds[index])) is out of range; expected -\(Int(saturating: limit))...\(Int(saturating: limit)) \(unit)")
        }
        return v
    }

    private func optionalNumber(_ p: UnsafePointer<UInt8>, _ index: Int, _ name: String, _ terminated: Bool) throws(TraceError) -> Double? {
        if index < 0 || fieldStarts[index] == fieldEnds[index] { return nil }
        return try number(p, index, name, terminated)
    }

    private func parseHeader(_ text: String) throws(TraceError) -> TraceColumns {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
        if let first = names.first, parseDouble(Array(first.utf8), 0, first.utf8.count) != nil {
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

extension StringProtocol {
    var trimmed: String {
        var sub = Substring(self)
        while let f = sub.first, f == " " || f == "\t" { sub.removeFirst() }
        while let l = sub.last, l == " " || l == "\t" { sub.removeLast() }
        return String(sub)
    }
}
