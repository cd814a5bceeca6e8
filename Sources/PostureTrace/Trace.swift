import PostureCore

/// One row of a posture-trace v1 file.
public struct TraceRecord: Equatable, Sendable {
    public var sample: IMUSample
    /// The action in the `marker` column, if any.
    public var marker: UserAction?
    /// `mx my mz` in microtesla, when the trace has them.
    public var magnetometerMicrotesla: Vector3?
    /// Ground truth only (`true_up_*`): never read by the pipeline.
    public var trueUp: Vector3?
    /// Ground truth only (`moving`).
    public var moving: Bool?

    public init(sample: IMUSample, marker: UserAction? = nil, magnetometerMicrotesla: Vector3? = nil,
                trueUp: Vector3? = nil, moving: Bool? = nil) {
        self.sample = sample
        self.marker = marker
        self.magnetometerMicrotesla = magnetometerMicrotesla
        self.trueUp = trueUp
        self.moving = moving
    }
}

/// A whole trace: metadata from the `# key: value` lines before the header, and the rows.
public struct Trace: Sendable {
    /// In file order; unknown keys are kept.
    public var metadata: [(key: String, value: String)]
    public var records: [TraceRecord]

    public init(metadata: [(key: String, value: String)] = [], records: [TraceRecord] = []) {
        self.metadata = metadata
        self.records = records
    }

    public func metadataValue(_ key: String) -> String? {
        metadata.first(where: { $0.key == key })?.value
    }

    /// The nominal rate from `# rate_hz:`, if present and a positive number.
    public var rateHz: Double? {
        guard let text = metadataValue("rate_hz"), let r = Double(text), r > 0, r.isFinite else { return nil }
        return r
    }
}

/// A trace that cannot be read, with where and why.
public struct TraceError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    /// 1-based line number, when the problem is on a line.
    public var line: Int?
    public var message: String
    /// The file was cut short (a gzip stream without its end, as a power loss during a
    /// recording leaves it): every complete line before the cut was delivered.
    public var cutShort: Bool

    public init(file: String, line: Int?, message: String, cutShort: Bool = false) {
        self.file = file
        self.line = line
        self.message = message
        self.cutShort = cutShort
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
