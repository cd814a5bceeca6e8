import PostureCore
import PosturePipeline
import PostureTrace

/// Several recordings (a week of `posture record` files) replayed as one: in time order through
/// one pipeline, a file at a time, so memory stays that of one file's reader. The time between
/// files is a gap in `t`, which the pipeline treats as any gap (detectors restart).
///
/// Order and times: when every file has `# started_utc`, a file's samples are placed at
/// `started_utc - (the first file's started_utc) + t`; otherwise (simulated traces) at their own
/// `t`. Files are sorted by their first sample; files that overlap in time are refused.
/// `started_utc` has whole seconds, so an overlap of up to `startResolutionSeconds` is taken as
/// back-to-back recordings and the later file is moved to start where the earlier one ended.
public struct ReplayFiles {
    public struct File: Equatable, Sendable {
        public var path: String
        /// Added to each `t` of the file.
        public var offsetSeconds: Double
        /// The first sample's time after the offset.
        public var firstTimeSeconds: Double
        /// The file's `# mounting:` metadata, if any.
        public var mounting: String? = nil
    }

    public static let startResolutionSeconds = 1.0

    /// In time order.
    public private(set) var files: [File]
    /// Files without samples (skipped), with why.
    public private(set) var skipped: [TraceError] = []
    let byStartTime: Bool

    /// Reads the header and first sample of each file (they are closed again) and orders them.
    public init(paths: [String]) throws(TraceError) {
        var found: [(path: String, firstT: Double, start: Double?, mounting: String?)] = []
        var skipped: [TraceError] = []
        for path in paths {
            let stream = try TraceStream(path: path)
            let first: TraceRecord?
            do throws(TraceError) { first = try stream.next() } catch where error.cutShort { first = nil; skipped.append(error) }
            guard let first else {
                if skipped.last?.file != path { skipped.append(TraceError(file: path, line: nil, message: "no samples; skipped")) }
                continue
            }
            found.append((path, first.sample.timeSeconds, TraceStartTime.seconds(metadata: stream.metadata),
                          stream.metadata.first(where: { $0.key == "mounting" })?.value))
        }
        self.skipped = skipped
        let withStart = found.filter { $0.start != nil }.count
        if withStart > 0 && withStart < found.count, let plain = found.first(where: { $0.start == nil }),
           let dated = found.first(where: { $0.start != nil }) {
            throw TraceError(file: plain.path, line: nil, message: "has no '# started_utc:' line but \(dated.path) has: "
                + "cannot place it in time among the recordings (replay it on its own)")
        }
        let dated = found.count > 1 && withStart == found.count
        byStartTime = dated
        let origin = dated ? found.compactMap(\.start).min() ?? 0 : 0
        var files = found.map { f -> File in
            let offset = dated ? (f.start ?? 0) - origin : 0
            return File(path: f.path, offsetSeconds: offset, firstTimeSeconds: f.firstT + offset, mounting: f.mounting)
        }
        // Stable: files starting together keep the order given (and are then refused as overlapping).
        files = files.enumerated().sorted {
            $0.element.firstTimeSeconds != $1.element.firstTimeSeconds
                ? $0.element.firstTimeSeconds < $1.element.firstTimeSeconds : $0.offset < $1.offset
        }.map(\.element)
        self.files = files
    }

    /// Replays the files in order into `session`. A file cut short (a gzip stream without its end)
    /// is replayed up to the cut and reported to `cut`, and the next file follows; any other error
    /// ends the replay (what was fed so far stays fed).
    public func run<Output: ReplayOutput>(into session: inout ReplaySession<Output>,
                                           cut: (TraceError) -> Void) throws(TraceError) {
        var lastTime = -Double.infinity
        var previous: String?
        for file in files {
            let stream = try TraceStream(path: file.path)
            var offset = file.offsetSeconds
            var first = true
            do throws(TraceError) {
                while var record = try stream.next() {
                    if first {
                        first = false
                        let t = record.sample.timeSeconds + offset
                        if t < lastTime, let previous {
                            let overlap = lastTime - t
                            guard byStartTime && overlap <= Self.startResolutionSeconds else {
                                throw TraceError(file: file.path, line: nil, message: "overlaps \(previous) in time (it starts "
                                    + "\(Self.seconds(overlap)) s before that file's last sample); replay overlapping recordings separately")
                            }
                            offset += overlap
                        }
                    }
                    if offset != 0 { record.sample.timeSeconds += offset }
                    lastTime = record.sample.timeSeconds
                    session.feed(record)
                }
            } catch where error.cutShort {
                cut(error)
            }
            previous = file.path
        }
    }

    /// The sensor mounting the files' `# mounting:` lines give (the first file's, when all that
    /// have one agree), and notes for lines that cannot be used.
    public var mounting: (mounting: TraceMounting?, notes: [String]) {
        var notes: [String] = []
        var chosen: (file: String, text: String, mounting: TraceMounting)?
        for file in files {
            guard let text = file.mounting else { continue }
            guard let m = TraceMounting(metadata: text) else {
                notes.append("\(file.path): '# mounting: \(text)' names no placement or forward axis this replay knows; ignored")
                continue
            }
            if let chosen, chosen.mounting != m {
                notes.append("\(file.path): '# mounting: \(text)' differs from \(chosen.file) ('\(chosen.text)'); the first is used")
            } else if chosen == nil {
                chosen = (file.path, text, m)
            }
        }
        return (chosen?.mounting, notes)
    }

    private static func seconds(_ x: Double) -> String {
        DecimalFormatting.string(x, fractionDigits: 3)
    }
}
