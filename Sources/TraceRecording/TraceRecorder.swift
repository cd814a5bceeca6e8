import I2C
import IMUDrivers
import PostureCore
import PostureTrace
import SystemSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a recording did.
public struct RecordingSummary: Equatable, Sendable {
    public var samples = 0
    public var markers = 0
    public var faults = 0
    /// Sample time span, seconds.
    public var durationSeconds = 0.0
    public var stoppedBySignal = false
}

/// The recording loop behind `posture record`: polls the supervised sensor, writes one
/// posture-trace row per sample with `t` from the first sample, puts typed markers on
/// the next sample, notes faults as comment lines, and hands text to the OS every
/// `flushIntervalSeconds` (fsync every `syncIntervalSeconds`) so an interrupted recording
/// keeps all but the last moments. Time comes from the injected clock and sleeper.
public final class TraceRecorder {
    public let supervisor: SensorSupervisor
    public let output: TraceOutput
    public let writer: TraceWriter
    public var flushIntervalSeconds = 1.0
    public var syncIntervalSeconds = 10.0
    /// Called for each fault (e.g. to print it).
    public var onFault: (SensorFault) -> Void = { _ in }
    public private(set) var summary = RecordingSummary()

    private let clock: MonotonicClock
    private var pendingMarkers: [UserAction] = []
    private var samples: [IMUSample] = []
    private var faults: [SensorFault] = []
    private var buffer = ""
    private var origin: Double?
    private var lastFlush = 0.0
    private var lastSync = 0.0
    private var began = false

    public init(supervisor: SensorSupervisor, output: TraceOutput, metadata: [(key: String, value: String)], clock: MonotonicClock) {
        self.supervisor = supervisor
        self.output = output
        self.clock = clock
        writer = TraceWriter(metadata: metadata, includeMarker: true)
        samples.reserveCapacity(1024)
        faults.reserveCapacity(16)
        pendingMarkers.reserveCapacity(8)
        buffer.reserveCapacity(1 << 16)
    }

    /// Writes the header (metadata and column names) right away.
    public func begin() throws {
        guard !began else { return }
        began = true
        try output.write(writer.header())
        lastFlush = clock.nowSeconds()
        lastSync = lastFlush
    }

    /// The next recorded sample carries `action`.
    public func mark(_ action: UserAction) { pendingMarkers.append(action) }

    /// Polls once and buffers the rows; flushes when due.
    public func step() throws {
        try begin()
        samples.removeAll(keepingCapacity: true)
        faults.removeAll(keepingCapacity: true)
        supervisor.poll(into: &samples, faults: &faults)
        for f in faults {
            summary.faults += 1
            onFault(f)
            buffer += "# fault at t="
            DecimalFormatting.append(f.timeSeconds - (origin ?? f.timeSeconds), fractionDigits: 3, to: &buffer)
            buffer += " \(f.kind.rawValue): \(f.detail.replacingNewlines)\n"
        }
        for s in samples {
            let t0 = origin ?? s.timeSeconds
            origin = t0
            var record = TraceRecord(sample: s)
            record.sample.timeSeconds = s.timeSeconds - t0
            if !pendingMarkers.isEmpty {
                record.marker = pendingMarkers.removeFirst()
                summary.markers += 1
            }
            writer.appendRow(record, to: &buffer)
            summary.samples += 1
            summary.durationSeconds = record.sample.timeSeconds
        }
        let now = clock.nowSeconds()
        if now - lastFlush >= flushIntervalSeconds { try flush(now: now, durable: now - lastSync >= syncIntervalSeconds) }
    }

    private func flush(now: Double, durable: Bool) throws {
        if !buffer.isEmpty {
            try output.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        lastFlush = now
        if durable {
            try output.sync()
            lastSync = now
        }
    }

    /// Writes and syncs everything buffered. Call when stopping for any reason.
    public func finish() throws {
        try begin()
        try flush(now: clock.nowSeconds(), durable: true)
    }

    /// Records until `durationSeconds` of clock time have passed (nil: until stopped),
    /// polling every `pollIntervalSeconds`. `markers` returns typed actions since the
    /// last call; `shouldStop` is checked every poll (SIGINT/SIGTERM).
    public func run(durationSeconds: Double?, pollIntervalSeconds: Double, sleeper: Sleeper,
                    markers: () -> [UserAction], shouldStop: () -> Bool) throws -> RecordingSummary {
        try begin()
        let start = clock.nowSeconds()
        defer { _ = try? finish() }
        while true {
            if shouldStop() { summary.stoppedBySignal = true; break }
            if let d = durationSeconds, clock.nowSeconds() - start >= d { break }
            for m in markers() { mark(m) }
            try step()
            sleeper.sleep(seconds: pollIntervalSeconds)
        }
        try finish()
        return summary
    }
}

extension String {
    var replacingNewlines: String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}

extension UserAction {
    /// The one-letter commands typed while recording: c, s, z, a (or the full names).
    public init?(typed line: String) {
        var s = Substring(line)
        while let c = s.first, c == " " || c == "\t" || c == "\r" || c == "\n" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" || c == "\n" { s.removeLast() }
        switch s.lowercased() {
        case "c", "calibrate": self = .calibrate
        case "s", "stretch": self = .stretch
        case "z", "snooze": self = .snooze
        case "a", "ack": self = .ack
        default: return nil
        }
    }
}
