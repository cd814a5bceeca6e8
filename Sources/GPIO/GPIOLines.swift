/// The GPIO seam: one small protocol family, with the libgpiod implementation (1.6 or 2.x) and
/// a mock chip behind it.

/// Edge detection on an input line.
public enum GPIOEdgeKind: Sendable, Equatable { case rising, falling }

/// The edges an input line reports. A button needs both (press and release); an IMU's data-ready
/// pin only its rising edge, and asking the kernel for just that spares a wake-up per batch.
public enum GPIOEdgeSelection: Sendable, Equatable { case both, rising }

/// One edge seen on an input line. `timeSeconds` is on the monotonic clock the
/// chip reports (the kernel's event timestamp for libgpiod).
public struct GPIOEdge: Sendable, Equatable {
    public var kind: GPIOEdgeKind
    public var timeSeconds: Double
    public init(kind: GPIOEdgeKind, timeSeconds: Double) {
        self.kind = kind
        self.timeSeconds = timeSeconds
    }
}

/// An output line (motor, buzzer, LED). `active` is the logical level: active-low
/// lines are inverted by the implementation. Requested inactive; driven inactive again when
/// released (deinit), so a stopped daemon leaves the motor off.
public protocol GPIOOutputLine: AnyObject {
    func set(active: Bool) throws
}

/// An input line with edge events (button, IMU data-ready).
public protocol GPIOInputLine: AnyObject {
    /// Current logical level.
    func read() throws -> Bool
    /// Waits up to `timeoutSeconds` for edges and returns those that arrived (possibly none), oldest
    /// first. Edges are logical: on an active-low line a press to GND is `.rising`. `.infinity` waits
    /// forever; zero, negative (also `-.infinity`) and NaN timeouts only look; a signal (EINTR) returns
    /// no edges so the caller can look at its flags.
    func waitForEdges(timeoutSeconds: Double) throws -> [GPIOEdge]
    /// A file descriptor that becomes readable on an edge, for poll loops (nil for mocks).
    var pollFileDescriptor: Int32? { get }
}

/// What the kernel reports about a line, as `gpioinfo` shows it.
public struct GPIOLineInfo: Sendable, Equatable {
    public var offset: Int
    /// The line's name from the device tree (`GPIO17` on a Pi), nil when it has none.
    public var name: String?
    /// Who holds it (a process's consumer label or a kernel driver), nil when free or unnamed.
    public var consumer: String?
    /// Requested by a process or claimed by a kernel driver.
    public var isUsed: Bool
    public var isOutput: Bool
    public var activeLow: Bool

    public init(offset: Int, name: String?, consumer: String?, isUsed: Bool, isOutput: Bool, activeLow: Bool) {
        self.offset = offset
        self.name = name
        self.consumer = consumer
        self.isUsed = isUsed
        self.isOutput = isOutput
        self.activeLow = activeLow
    }
}

public enum GPIOBias: String, Sendable, CaseIterable { case asIs = "as-is", disabled, pullUp = "pull-up", pullDown = "pull-down" }

/// An opened gpiochip. Lines are released when their objects are deinitialised; a line keeps
/// its chip open.
public protocol GPIOChip: AnyObject {
    /// The driver's label, e.g. `pinctrl-bcm2711`.
    var label: String { get }
    /// The device name, e.g. `gpiochip0`, for messages (defaults to the label).
    var name: String { get }
    /// Lines on the chip (offsets 0..<lineCount).
    var lineCount: Int { get }
    /// The kernel's view of one line (in use, consumer, direction). Throws `.offsetOutOfRange`.
    func lineInfo(offset: Int) throws(GPIOError) -> GPIOLineInfo
    /// Requests an output, initially inactive. Throws GPIOError (busy, out of range, permission).
    func requestOutput(offset: Int, activeLow: Bool, consumer: String) throws -> GPIOOutputLine
    /// Requests an input with edge events. Throws GPIOError (busy, out of range, permission, bias).
    func requestInput(offset: Int, activeLow: Bool, bias: GPIOBias, edges: GPIOEdgeSelection, consumer: String) throws
        -> GPIOInputLine
}

extension GPIOChip {
    /// An input with both-edge events.
    public func requestInput(offset: Int, activeLow: Bool, bias: GPIOBias, consumer: String) throws -> GPIOInputLine {
        try requestInput(offset: offset, activeLow: activeLow, bias: bias, edges: .both, consumer: consumer)
    }
}

extension GPIOChip {
    public var name: String { label }
}
