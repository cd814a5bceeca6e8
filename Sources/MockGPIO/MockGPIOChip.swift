import GPIO
import Synchronization
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A settable clock for tests: the mock chip reads it, the test advances it.
public final class MockGPIOClock: @unchecked Sendable {
    private let nowSeconds: Mutex<Double>

    public init(startSeconds: Double = 0) { nowSeconds = Mutex(startSeconds) }

    public var now: Double { nowSeconds.withLock { $0 } }

    public func advance(bySeconds delta: Double) { nowSeconds.withLock { $0 += delta } }

    public func set(seconds: Double) { nowSeconds.withLock { $0 = seconds } }
}

/// One change of an output line's level, as recorded by the mock chip.
public struct MockGPIOTransition: Sendable, Equatable, CustomStringConvertible {
    public var timeSeconds: Double
    /// Logical level (what the daemon asked for).
    public var active: Bool
    /// Electrical level on the pin (inverted from `active` for active-low lines).
    public var physicalHigh: Bool

    public init(timeSeconds: Double, active: Bool, physicalHigh: Bool) {
        self.timeSeconds = timeSeconds
        self.active = active
        self.physicalHigh = physicalHigh
    }

    public var description: String { "\(timeSeconds)s \(active ? "active" : "inactive")" }
}

/// Contact bounce around a press and a release: the level flips `bounces` times back and forth,
/// `intervalSeconds` apart, before settling.
public struct MockGPIOChatter: Sendable, Equatable {
    public var bounces: Int
    public var intervalSeconds: Double
    public init(bounces: Int, intervalSeconds: Double) {
        self.bounces = bounces
        self.intervalSeconds = intervalSeconds
    }
}

/// A gpiochip in memory for tests (no hardware, no real waiting).
///
/// - Outputs: every change of level is recorded with the time from the injected clock
///   (`transitions(offset:)`); active-low lines are inverted on the "pin".
/// - Inputs: the test injects electrical levels at given times (`injectLevel`, `injectPress`); the idle
///   level follows the requested bias (pull-up: high, pull-down: low; otherwise `setIdleLevel`).
///   `waitForEdges(timeoutSeconds:)` returns, in time order, the undelivered edges stamped at or before
///   `clock + timeout`, and returns at once (empty when none): it never sleeps, so the test advances the
///   clock itself. Edges are logical (a press on an active-low line is `.rising`), as the kernel reports them.
///   `read()` gives the logical level at the clock's current time. `pollFileDescriptor` is nil.
/// - Requests: a second request of a held offset throws `.lineBusy` naming the holder; a line is released
///   when its object is deinitialised (an active output is driven inactive first, recorded as a transition);
///   offsets beyond `lineCount` throw `.offsetOutOfRange`.
/// - Faults: `failNextOperation(offset:errno:)` makes the next set/read/wait on that offset throw.
///
/// Thread-safe: a test may inject edges and advance the clock while the daemon runs on another thread.
public final class MockGPIOChip: GPIOChip, @unchecked Sendable {
    public let name: String
    public let label: String
    public let lineCount: Int
    private let clock: @Sendable () -> Double
    private let lock = Mutex<Void>(())
    private var lines: [Int: MockLineState] = [:]

    public init(name: String = "gpiochip0", label: String = "pinctrl-mock", lineCount: Int = 58,
                clock: @escaping @Sendable () -> Double) {
        self.name = name
        self.label = label
        self.lineCount = lineCount
        self.clock = clock
    }

    public convenience init(name: String = "gpiochip0", label: String = "pinctrl-mock", lineCount: Int = 58,
                            clock: MockGPIOClock) {
        self.init(name: name, label: label, lineCount: lineCount, clock: { clock.now })
    }

    // MARK: GPIOChip

    public func requestOutput(offset: Int, activeLow: Bool, consumer: String) throws(GPIOError) -> GPIOOutputLine {
        try lock.withLock { () throws(GPIOError) -> GPIOOutputLine in
            try claim(offset: offset, consumer: consumer)
            lines[offset, default: MockLineState()].requestOutput(activeLow: activeLow)
            return MockGPIOOutputLine(chip: self, offset: offset)
        }
    }

    public func requestInput(offset: Int, activeLow: Bool, bias: GPIOBias, edges: GPIOEdgeSelection,
                             consumer: String) throws(GPIOError) -> GPIOInputLine
    {
        try lock.withLock { () throws(GPIOError) -> GPIOInputLine in
            try claim(offset: offset, consumer: consumer)
            lines[offset, default: MockLineState()].requestInput(activeLow: activeLow, bias: bias, edges: edges)
            return MockGPIOInputLine(chip: self, offset: offset)
        }
    }

    public func lineInfo(offset: Int) throws(GPIOError) -> GPIOLineInfo {
        guard offset >= 0, offset < lineCount else {
            throw .offsetOutOfRange(chip: name, offset: offset, lineCount: lineCount)
        }
        return lock.withLock {
            // As the kernel: a released line keeps its direction but not its active-low flag.
            let line = lines[offset]
            let isUsed = line?.consumer != nil
            return GPIOLineInfo(offset: offset, name: nil, consumer: line?.consumer, isUsed: isUsed,
                                isOutput: line?.isOutput ?? false, activeLow: isUsed && (line?.activeLow ?? false))
        }
    }

    private func claim(offset: Int, consumer: String) throws(GPIOError) {
        guard offset >= 0, offset < lineCount else {
            throw .offsetOutOfRange(chip: name, offset: offset, lineCount: lineCount)
        }
        if let holder = lines[offset]?.consumer {
            throw .lineBusy(chip: name, offset: offset, consumer: holder)
        }
        lines[offset, default: MockLineState()].consumer = consumer
    }

    // MARK: Inspection (outputs)

    /// Level changes of an output offset since it was first requested, oldest first.
    public func transitions(offset: Int) -> [MockGPIOTransition] {
        lock.withLock { lines[offset]?.transitions ?? [] }
    }

    /// The logical level an output offset is driven at (nil if never requested as an output).
    public func isActive(offset: Int) -> Bool? {
        lock.withLock {
            guard let line = lines[offset], line.isOutput else { return nil }
            return line.outputHigh != line.activeLow
        }
    }

    /// Who holds the offset now (nil when free).
    public func consumer(offset: Int) -> String? {
        lock.withLock { lines[offset]?.consumer }
    }

    // MARK: Injection (inputs)

    /// The electrical level of an unbiased input before any injected change (default low).
    public func setIdleLevel(offset: Int, high: Bool) {
        lock.withLock { lines[offset, default: MockLineState()].idleHigh = high }
    }

    /// The pin is driven to `high` from `atSeconds` on. A level equal to the one before it is no edge.
    public func injectLevel(offset: Int, high: Bool, atSeconds time: Double) {
        lock.withLock { lines[offset, default: MockLineState()].insert(LevelChange(timeSeconds: time, high: high)) }
    }

    /// A button press lasting `durationSeconds` from `atSeconds`, optionally with contact chatter at
    /// both ends. `pressedHigh: false` (the default) is a button to GND with a pull-up: pressed = low.
    public func injectPress(offset: Int, atSeconds start: Double, durationSeconds: Double,
                            chatter: MockGPIOChatter? = nil, pressedHigh: Bool = false) {
        lock.withLock {
            var line = lines[offset, default: MockLineState()]
            let bounces = max(chatter?.bounces ?? 0, 0)
            let interval = chatter?.intervalSeconds ?? 0
            for (edgeTime, settleHigh) in [(start, pressedHigh), (start + durationSeconds, !pressedHigh)] {
                line.insert(LevelChange(timeSeconds: edgeTime, high: settleHigh))
                for bounce in 0..<bounces {
                    let base = edgeTime + Double(2 * bounce + 1) * interval
                    line.insert(LevelChange(timeSeconds: base, high: !settleHigh))
                    line.insert(LevelChange(timeSeconds: base + interval, high: settleHigh))
                }
            }
            lines[offset] = line
        }
    }

    /// Makes the next set/read/wait on `offset` fail with `errno` (e.g. EIO), as a flaky driver would.
    public func failNextOperation(offset: Int, errno code: Int32) {
        lock.withLock { lines[offset, default: MockLineState()].pendingFailure = code }
    }

    // MARK: Line operations (called by the line objects)

    fileprivate func set(offset: Int, active: Bool) throws(GPIOError) {
        try lock.withLock { () throws(GPIOError) in
            var line = lines[offset, default: MockLineState()]
            defer { lines[offset] = line }
            if let code = line.takeFailure() {
                throw .system(operation: "setting \(name) line \(offset) \(active ? "active" : "inactive")", errno: code)
            }
            let high = active != line.activeLow
            if high != line.outputHigh {
                line.outputHigh = high
                line.transitions.append(MockGPIOTransition(timeSeconds: clock(), active: active, physicalHigh: high))
            }
        }
    }

    fileprivate func read(offset: Int) throws(GPIOError) -> Bool {
        try lock.withLock { () throws(GPIOError) -> Bool in
            var line = lines[offset, default: MockLineState()]
            defer { lines[offset] = line }
            if let code = line.takeFailure() {
                throw .system(operation: "reading \(name) line \(offset)", errno: code)
            }
            return line.inputHigh(atSeconds: clock()) != line.activeLow
        }
    }

    fileprivate func waitForEdges(offset: Int, timeoutSeconds: Double) throws(GPIOError) -> [GPIOEdge] {
        try lock.withLock { () throws(GPIOError) -> [GPIOEdge] in
            var line = lines[offset, default: MockLineState()]
            defer { lines[offset] = line }
            if let code = line.takeFailure() {
                throw .system(operation: "waiting for edges on \(name) line \(offset)", errno: code)
            }
            let deadline = clock() + max(timeoutSeconds.isNaN ? 0 : timeoutSeconds, 0)
            return line.deliverEdges(upToSeconds: deadline)
        }
    }

    /// Frees the offset; an output is driven inactive first, as the libgpiod implementation does.
    fileprivate func release(offset: Int) {
        lock.withLock {
            guard var line = lines[offset] else { return }
            if line.isOutput && line.outputHigh != line.activeLow {
                line.outputHigh = line.activeLow
                line.transitions.append(MockGPIOTransition(timeSeconds: clock(), active: false,
                                                           physicalHigh: line.outputHigh))
            }
            line.consumer = nil
            lines[offset] = line
        }
    }
}

/// A scheduled electrical level on a mock input.
struct LevelChange {
    var timeSeconds: Double
    var high: Bool
    var delivered = false
}

/// What the mock knows about one offset.
struct MockLineState {
    var consumer: String?
    var isOutput = false
    var activeLow = false
    var edges = GPIOEdgeSelection.both
    var outputHigh = false
    var transitions: [MockGPIOTransition] = []
    var idleHigh = false
    /// Injected levels, sorted by time (stable for equal times).
    var timeline: [LevelChange] = []
    var pendingFailure: Int32?

    mutating func requestOutput(activeLow: Bool) {
        isOutput = true
        self.activeLow = activeLow
        outputHigh = activeLow  // requested inactive
    }

    mutating func requestInput(activeLow: Bool, bias: GPIOBias, edges: GPIOEdgeSelection) {
        isOutput = false
        self.activeLow = activeLow
        self.edges = edges
        switch bias {
        case .pullUp: idleHigh = true
        case .pullDown: idleHigh = false
        case .asIs, .disabled: break
        }
    }

    mutating func takeFailure() -> Int32? {
        defer { pendingFailure = nil }
        return pendingFailure
    }

    mutating func insert(_ change: LevelChange) {
        let index = timeline.firstIndex { $0.timeSeconds > change.timeSeconds } ?? timeline.endIndex
        timeline.insert(change, at: index)
    }

    func inputHigh(atSeconds time: Double) -> Bool {
        timeline.last { $0.timeSeconds <= time }?.high ?? idleHigh
    }

    /// Marks and returns the edges due by `deadline`; a change that repeats the level before it is no edge.
    mutating func deliverEdges(upToSeconds deadline: Double) -> [GPIOEdge] {
        var edges: [GPIOEdge] = []
        var previousHigh = idleHigh
        for index in timeline.indices {
            let change = timeline[index]
            if change.timeSeconds > deadline { break }
            if !change.delivered {
                timeline[index].delivered = true
                if change.high != previousHigh {
                    let activeNow = change.high != activeLow
                    if activeNow || self.edges == .both {
                        edges.append(GPIOEdge(kind: activeNow ? .rising : .falling, timeSeconds: change.timeSeconds))
                    }
                }
            }
            previousHigh = change.high
        }
        return edges
    }
}

/// A held offset of a mock chip, released on deinit.
class MockGPIOLine: @unchecked Sendable {
    fileprivate let chip: MockGPIOChip
    let offset: Int

    init(chip: MockGPIOChip, offset: Int) {
        self.chip = chip
        self.offset = offset
    }

    deinit { chip.release(offset: offset) }
}

final class MockGPIOOutputLine: MockGPIOLine, GPIOOutputLine, @unchecked Sendable {
    func set(active: Bool) throws(GPIOError) { try chip.set(offset: offset, active: active) }
}

final class MockGPIOInputLine: MockGPIOLine, GPIOInputLine, @unchecked Sendable {
    func read() throws(GPIOError) -> Bool { try chip.read(offset: offset) }

    func waitForEdges(timeoutSeconds: Double) throws(GPIOError) -> [GPIOEdge] {
        try chip.waitForEdges(offset: offset, timeoutSeconds: timeoutSeconds)
    }

    var pollFileDescriptor: Int32? { nil }
}
