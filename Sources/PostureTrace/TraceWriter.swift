import PostureCore
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes posture-trace v1 text: the version line, metadata, the header and rows.
/// Accelerations get 5 decimals (10 µg, below any MEMS LSB), rates 4 (0.1 mdps),
/// time 4 (0.1 ms) so recordings round-trip at the resolution of the sensors.
public struct TraceWriter: Sendable {
    public var metadata: [(key: String, value: String)]
    public var includeMarker: Bool
    public var includeTruth: Bool
    public var includeMoving: Bool
    public var includeMagnetometer: Bool

    public init(metadata: [(key: String, value: String)], includeMarker: Bool = true, includeTruth: Bool = false,
                includeMoving: Bool = false, includeMagnetometer: Bool = false) {
        self.metadata = metadata
        self.includeMarker = includeMarker
        self.includeTruth = includeTruth
        self.includeMoving = includeMoving
        self.includeMagnetometer = includeMagnetometer
    }

    public func header() -> String {
        var out = "# posture-trace v1\n"
        for (key, value) in metadata {
            // Keys and values are single-line by construction of the format.
            let k = key.replacingNewlines, v = value.replacingNewlines
            out += "# \(k): \(v)\n"
        }
        var columns = ["t", "ax", "ay", "az", "gx", "gy", "gz"]
        if includeMagnetometer { columns += ["mx", "my", "mz"] }
        if includeTruth { columns += ["true_up_x", "true_up_y", "true_up_z"] }
        if includeMoving { columns.append("moving") }
        if includeMarker { columns.append("marker") }
        out += columns.joined(separator: ",") + "\n"
        return out
    }

    public func row(_ r: TraceRecord) -> String {
        var out = ""
        out.reserveCapacity(96)
        appendRow(r, to: &out)
        return out
    }

    public func appendRow(_ r: TraceRecord, to out: inout String) {
        let s = r.sample
        DecimalFormatting.append(s.timeSeconds, fractionDigits: 4, to: &out)
        for v in [s.accelG.x, s.accelG.y, s.accelG.z] {
            out += ","
            DecimalFormatting.append(v, fractionDigits: 5, to: &out)
        }
        for v in [s.gyroDegreesPerSecond.x, s.gyroDegreesPerSecond.y, s.gyroDegreesPerSecond.z] {
            out += ","
            DecimalFormatting.append(v, fractionDigits: 4, to: &out)
        }
        if includeMagnetometer { appendOptional(r.magnetometerMicrotesla, digits: 3, to: &out) }
        if includeTruth { appendOptional(r.trueUp, digits: 6, to: &out) }
        if includeMoving {
            out += ","
            if let m = r.moving { out += m ? "1" : "0" }
        }
        if includeMarker {
            out += ","
            if let m = r.marker { out += m.rawValue }
        }
        out += "\n"
    }

    private func appendOptional(_ v: Vector3?, digits: Int, to out: inout String) {
        if let v {
            for c in [v.x, v.y, v.z] {
                out += ","
                DecimalFormatting.append(c, fractionDigits: digits, to: &out)
            }
        } else {
            out += ",,,"
        }
    }

    /// The whole trace as text.
    public func text(_ trace: Trace) -> String {
        var out = header()
        out.reserveCapacity(out.utf8.count + trace.records.count * 80)
        for r in trace.records { appendRow(r, to: &out) }
        return out
    }

    /// Writes `trace` to `path` atomically (temporary file, fsync, rename), so a
    /// crash never leaves a half-written recording under the final name.
    public static func write(_ trace: Trace, to path: String, includeTruth: Bool = false,
                             includeMoving: Bool = false) throws(TraceError) {
        let writer = TraceWriter(metadata: trace.metadata, includeMarker: true, includeTruth: includeTruth,
                                 includeMoving: includeMoving)
        try writer.write(trace.records, to: path)
    }
}

extension TraceWriter {
    /// Trace text written atomically (temporary file, fsync, rename), gzip-compressed when the
    /// name ends in `.gz`.
    public static func writeAtomically(_ text: String, to path: String) throws(TraceError) {
        let file = try AtomicTraceFile(path: path)
        try file.write(text)
        try file.commit()
    }

    /// Writes a header and rows to `path` atomically, a chunk at a time (plain or gzip by the name),
    /// so a long trace is never one string in memory.
    public func write<Records: Sequence<TraceRecord>>(_ records: Records, to path: String) throws(TraceError) {
        let file = try AtomicTraceFile(path: path)
        var chunk = header()
        chunk.reserveCapacity(1 << 16 + 256)
        for record in records {
            appendRow(record, to: &chunk)
            if chunk.utf8.count >= 1 << 16 {
                try file.write(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try file.write(chunk)
        try file.commit()
    }
}

extension String {
    var replacingNewlines: String {
        String(map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
