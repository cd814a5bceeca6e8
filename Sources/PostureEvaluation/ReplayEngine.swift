import PostureCore
import PosturePipeline
import PostureTrace

/// An action at a time, from `--press SECONDS:ACTION`.
public struct TimedAction: Equatable, Sendable {
    public var timeSeconds: Double
    public var action: UserAction

    public init(timeSeconds: Double, action: UserAction) {
        self.timeSeconds = timeSeconds
        self.action = action
    }

    /// Parses `SECONDS:ACTION`, e.g. `3.5:calibrate`.
    public init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"),
              let t = Double(argument[..<colon]), t.isFinite, t >= 0,
              let action = UserAction(rawValue: String(argument[argument.index(after: colon)...]))
        else { return nil }
        self.init(timeSeconds: t, action: action)
    }
}

/// What `posture replay` writes.
public enum ReplayEmit: String, CaseIterable, Sendable {
    /// JSON Lines, one event per line.
    case events
    /// CSV, one row per input sample.
    case samples
}

/// Where replay output goes: stdout (buffered) in the command, a string in tests.
public protocol ReplayOutput {
    mutating func write(_ text: String)
    /// UTF-8 text as bytes, whole lines (the replay's hot path); by default passed to `write(_:)`.
    mutating func write(bytes: UnsafeRawBufferPointer)
}

extension ReplayOutput {
    public mutating func write(bytes: UnsafeRawBufferPointer) { write(String(decoding: bytes, as: UTF8.self)) }
}

/// Collects output in memory.
public struct StringReplayOutput: ReplayOutput {
    public var text = ""
    public init() {}
    public mutating func write(_ text: String) { self.text += text }
}

/// What a replay ended with, beyond its output (the CLI explains a silent replay).
public struct ReplayOutcome: Equatable, Sendable {
    /// An upright reference was taken (a calibrate marker or press, or the auto reference).
    public var calibrated: Bool
}

/// `posture replay`: runs a trace through the exact pipeline the daemon runs, as fast as
/// possible, deterministically (the same trace and settings give the same bytes).
public enum ReplayEngine {
    public static let samplesHeader = "t,up_x,up_y,up_z,tilt_deg,pitch_deg,roll_deg,posture,activity\n"

    /// Replays `trace`. Actions come from the trace's `marker` column and from `presses`
    /// (each applied at the first sample at or after its time). When several actions fall
    /// on one sample, the extra ones go to the following samples, in order.
    @discardableResult
    public static func run<Output: ReplayOutput>(
        trace: Trace, settings: PipelineSettings, presses: [TimedAction] = [], emit: ReplayEmit,
        into output: inout Output
    ) -> ReplayOutcome {
        var session = ReplaySession(settings: settings, presses: presses, emit: emit, output: output)
        for record in trace.records { session.feed(record) }
        let outcome = session.finish()
        output = session.output
        return outcome
    }

    /// One `--emit samples` row.
    public static func appendSampleRow(_ s: SampleState, to out: inout String) {
        DecimalFormatting.append(s.timeSeconds, fractionDigits: 4, to: &out)
        out += ","
        DecimalFormatting.append(s.up.x, fractionDigits: 5, to: &out)
        out += ","
        DecimalFormatting.append(s.up.y, fractionDigits: 5, to: &out)
        out += ","
        DecimalFormatting.append(s.up.z, fractionDigits: 5, to: &out)
        out += ","
        DecimalFormatting.append(s.tiltDegrees, fractionDigits: 2, to: &out)
        out += ","
        DecimalFormatting.append(s.pitchDegrees, fractionDigits: 2, to: &out)
        out += ","
        DecimalFormatting.append(s.rollDegrees, fractionDigits: 2, to: &out)
        out += ","
        out += s.posture.rawValue
        out += ","
        out += s.activity.rawValue
        out += "\n"
    }
}

/// A replay fed one record at a time, as a trace is read: output goes to `output` every 64 KB,
/// so memory does not grow with the trace. `ReplayEngine.run` is this over a whole trace.
public struct ReplaySession<Output: ReplayOutput> {
    public private(set) var output: Output
    private var core: ReplayCore

    public init(settings: PipelineSettings, presses: [TimedAction] = [], emit: ReplayEmit, output: Output) {
        self.output = output
        core = ReplayCore(settings: settings, presses: presses, emit: emit)
    }

    /// Runs one sample through the pipeline and appends what it produced.
    @inline(__always)
    public mutating func feed(_ record: TraceRecord) {
        core.feed(record)
        if core.buffer.isFull { core.buffer.flush(into: &output) }
    }

    /// Writes what is buffered (call before reporting an error too: the output so far is valid).
    public mutating func flush() {
        core.buffer.flush(into: &output)
    }

    /// Writes the rest; what the replay ended with.
    public mutating func finish() -> ReplayOutcome {
        flush()
        return ReplayOutcome(calibrated: core.calibrated)
    }
}

/// The per-sample part of `ReplaySession`, not generic over the output: the hot loop is
/// compiled once, concretely, and writes only into its buffer.
@usableFromInline struct ReplayCore {
    private let emit: ReplayEmit
    private var pipeline: PosturePipeline
    private var events: [PostureEvent] = []
    private let sortedPresses: [TimedAction]
    private var nextPress = 0
    private var pending: [UserAction] = []
    var buffer = ReplayOutputBuffer()
    /// One event's JSON line, reused.
    private var line = ""

    init(settings: PipelineSettings, presses: [TimedAction], emit: ReplayEmit) {
        self.emit = emit
        pipeline = PosturePipeline(settings: settings)
        events.reserveCapacity(16)
        sortedPresses = presses.enumerated().sorted {
            $0.element.timeSeconds != $1.element.timeSeconds
                ? $0.element.timeSeconds < $1.element.timeSeconds : $0.offset < $1.offset
        }.map(\.element)
        line.reserveCapacity(256)
        if emit == .samples { buffer.append(ReplayEngine.samplesHeader) }
    }

    var calibrated: Bool { pipeline.uprightReference != nil }

    @usableFromInline mutating func feed(_ record: TraceRecord) {
        let t = record.sample.timeSeconds
        if let marker = record.marker { pending.append(marker) }
        while nextPress < sortedPresses.count && sortedPresses[nextPress].timeSeconds <= t {
            pending.append(sortedPresses[nextPress].action)
            nextPress += 1
        }
        let action: UserAction? = pending.isEmpty ? nil : pending.removeFirst()
        // Most samples make no event: skip the (not free) call that empties an empty array.
        if !events.isEmpty { events.removeAll(keepingCapacity: true) }
        pipeline.process(record.sample, action: action, events: &events)
        switch emit {
        case .events:
            for e in events {
                line.removeAll(keepingCapacity: true)
                EventJSONCodec.append(e, to: &line)
                line += "\n"
                buffer.append(line)
            }
        case .samples:
            buffer.appendSampleRow(pipeline.state)
        }
    }
}
