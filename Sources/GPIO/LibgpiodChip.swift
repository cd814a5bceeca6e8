// The libgpiod binding, one for both generations: every libgpiod call is in the CGPIOD shim
// (Sources/CGPIOD/posture_gpiod.c), compiled for 1.x or 2.x from the installed <gpiod.h>.
// What differs between them at run time is only how a kernel without the GPIO uAPI v1 shows up
// (libgpiod 1.x needs it; see GPIOError.kernelLacksUAPIv1).

import CGPIOD
import Synchronization
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The libgpiod generation posture was built against (1 or 2) and the library's version string.
public enum LibgpiodBuild {
    public static var generation: Int { Int(posture_gpiod_generation()) }
    public static var version: String { String(cString: posture_gpiod_version()) }
}

/// A gpiochip opened through libgpiod. Lines keep their chip open; everything closes when the
/// last line and the chip are released. Safe to share between threads (calls are serialised).
public final class LibgpiodChip: GPIOChip, @unchecked Sendable {
    public let name: String
    public let path: String
    public let label: String
    public let lineCount: Int
    private let chip: OpaquePointer
    /// libgpiod objects are not thread-safe on their own (1.x lines even belong to the chip):
    /// every call into the chip or one of its lines holds this.
    let lock = Mutex<Void>(())

    private init(chip: OpaquePointer, path: String) {
        self.chip = chip
        self.path = path
        name = String(cString: posture_gpio_chip_name(chip))
        label = String(cString: posture_gpio_chip_label(chip))
        lineCount = Int(posture_gpio_chip_line_count(chip))
    }

    deinit { posture_gpio_chip_close(chip) }

    /// Opens the first alternative of `spec` that exists (see GPIOChipSpec).
    static func open(spec: String) throws(GPIOError) -> LibgpiodChip {
        var permissionProblem: GPIOError?
        for alternative in try GPIOChipSpec.alternatives(spec) {
            if let path = alternative.devicePath {
                switch openDevice(path) {
                case .opened(let chip):
                    return chip
                case .failed(let code) where code == ENOENT:
                    continue
                case .failed(let code) where code == EACCES || code == EPERM:
                    permissionProblem = permissionProblem
                        ?? .permissionDenied(path: path, operation: "opening GPIO chip \(path)", errno: code)
                case .failed(let code) where code == ENOTTY || code == ENODEV:
                    throw .system(operation: "opening \(path): not a GPIO character device", errno: code)
                case .failed(let code):
                    throw .system(operation: "opening GPIO chip \(path)", errno: code)
                }
            } else if case .label(let wanted) = alternative {
                for name in gpioChipDeviceNames() {
                    let path = "/dev/" + name
                    switch openDevice(path) {
                    case .opened(let chip) where chip.label == wanted:
                        return chip
                    case .opened:
                        continue
                    case .failed(let code) where code == EACCES || code == EPERM:
                        permissionProblem = permissionProblem ?? .permissionDenied(
                            path: path, operation: "looking for GPIO chip label '\(wanted)'", errno: code)
                    case .failed:
                        continue
                    }
                }
            }
        }
        // A chip we could not open may be the one asked for: say so rather than "not found".
        if let permissionProblem { throw permissionProblem }
        throw .chipNotFound(spec: spec, available: listChips())
    }

    private enum OpenOutcome {
        case opened(LibgpiodChip)
        case failed(Int32)
    }

    private static func openDevice(_ path: String) -> OpenOutcome {
        guard let chip = posture_gpio_chip_open(path) else { return .failed(errno == 0 ? ENODEV : errno) }
        return .opened(LibgpiodChip(chip: chip, path: path))
    }

    static func listChips() -> [GPIOChipInfo] {
        gpioChipDeviceNames().map { name in
            let path = "/dev/" + name
            switch openDevice(path) {
            case .opened(let chip):
                return GPIOChipInfo(name: name, path: path, label: chip.label, lineCount: chip.lineCount)
            case .failed(let code):
                return GPIOChipInfo(name: name, path: path, label: nil, lineCount: nil, openErrno: code)
            }
        }
    }

    /// Requests `offset` as an output, initially inactive (logical 0: low, or high when `activeLow`).
    public func requestOutput(offset: Int, activeLow: Bool, consumer: String) throws(GPIOError) -> GPIOOutputLine {
        try lock.withLock { () throws(GPIOError) -> GPIOOutputLine in
            try checkRange(offset)
            guard let line = posture_gpio_request_output(chip, UInt32(offset), activeLow, consumer) else {
                throw requestError(offset: offset, bias: .asIs, direction: "output")
            }
            return LibgpiodOutputLine(chip: self, line: line, offset: offset)
        }
    }

    /// Requests `offset` as an input with edge events and the given bias.
    public func requestInput(offset: Int, activeLow: Bool, bias: GPIOBias, edges: GPIOEdgeSelection,
                             consumer: String) throws(GPIOError) -> GPIOInputLine
    {
        try lock.withLock { () throws(GPIOError) -> GPIOInputLine in
            try checkRange(offset)
            let shimBias: posture_gpio_bias = switch bias {
            case .asIs: POSTURE_GPIO_BIAS_AS_IS
            case .disabled: POSTURE_GPIO_BIAS_DISABLED
            case .pullUp: POSTURE_GPIO_BIAS_PULL_UP
            case .pullDown: POSTURE_GPIO_BIAS_PULL_DOWN
            }
            let shimEdges = edges == .rising ? POSTURE_GPIO_EDGES_RISING : POSTURE_GPIO_EDGES_BOTH
            guard let line = posture_gpio_request_input(chip, UInt32(offset), activeLow, shimBias, shimEdges, consumer)
            else { throw requestError(offset: offset, bias: bias, direction: "input with edge events") }
            return LibgpiodInputLine(chip: self, line: line, offset: offset)
        }
    }

    /// Asks the kernel about a line now.
    public func lineInfo(offset: Int) throws(GPIOError) -> GPIOLineInfo {
        try lock.withLock { () throws(GPIOError) -> GPIOLineInfo in
            try checkRange(offset)
            guard let info = currentInfo(offset) else {
                throw lineError(errno, operation: "getting \(name) line \(offset)")
            }
            return info
        }
    }

    private func currentInfo(_ offset: Int) -> GPIOLineInfo? {
        var info = posture_gpio_line_info()
        guard posture_gpio_get_line_info(chip, UInt32(offset), &info) == 0 else { return nil }
        func text<Characters>(_ characters: Characters) -> String {
            withUnsafeBytes(of: characters) { raw in String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        return GPIOLineInfo(offset: offset,
                            name: info.has_name ? text(info.name) : nil,
                            consumer: info.has_consumer ? text(info.consumer) : nil,
                            isUsed: info.used, isOutput: info.output, activeLow: info.active_low)
    }

    private func checkRange(_ offset: Int) throws(GPIOError) {
        guard offset >= 0, offset < lineCount else {
            throw .offsetOutOfRange(chip: name, offset: offset, lineCount: lineCount)
        }
    }

    /// EINVAL for an offset in range, from libgpiod 1.x, is the kernel refusing the uAPI v1 calls.
    private func lineError(_ code: Int32, operation: String) -> GPIOError {
        if code == EINVAL && LibgpiodBuild.generation == 1 && currentInfo(0) == nil && errno == EINVAL {
            return .kernelLacksUAPIv1(chip: name, operation: operation)
        }
        return .system(operation: operation, errno: code)
    }

    private func requestError(offset: Int, bias: GPIOBias, direction: String) -> GPIOError {
        let code = errno
        let operation = "requesting \(name) line \(offset) as \(direction)"
        switch code {
        case EBUSY:
            // Ask the kernel who holds it, for the message.
            return .lineBusy(chip: name, offset: offset, consumer: currentInfo(offset)?.consumer)
        case EACCES, EPERM:
            return .permissionDenied(path: path, operation: operation, errno: code)
        case EINVAL:
            let error = lineError(code, operation: operation)
            if case .kernelLacksUAPIv1 = error { return error }
            return bias != .asIs ? .biasUnsupported(chip: name, offset: offset, bias: bias) : error
        default:
            return .system(operation: operation, errno: code)
        }
    }

    /// Releases a line under the chip's lock (with libgpiod 1.x the line structure belongs to the chip).
    fileprivate func release(_ line: OpaquePointer) {
        lock.withLock { posture_gpio_line_release(line) }
    }
}

/// An output line, released on deinit.
final class LibgpiodOutputLine: GPIOOutputLine, @unchecked Sendable {
    private let chip: LibgpiodChip
    private let line: OpaquePointer
    let offset: Int

    init(chip: LibgpiodChip, line: OpaquePointer, offset: Int) {
        self.chip = chip
        self.line = line
        self.offset = offset
    }

    /// Drives the line inactive before releasing it: the kernel keeps a released line's level, and a
    /// motor left on would keep buzzing after the daemon stops.
    deinit {
        chip.lock.withLock { _ = posture_gpio_line_set(line, false) }
        chip.release(line)
    }

    func set(active: Bool) throws(GPIOError) {
        try chip.lock.withLock { () throws(GPIOError) in
            if posture_gpio_line_set(line, active) != 0 {
                throw .system(operation: "setting \(chip.name) line \(offset) \(active ? "active" : "inactive")",
                              errno: errno)
            }
        }
    }
}

/// An input line with edge events, released on deinit.
final class LibgpiodInputLine: GPIOInputLine, @unchecked Sendable {
    /// Events read per call; more pending ones are returned by the next call.
    static let eventCapacity = 16
    /// Longer timeouts wait forever (68 years).
    static let foreverSeconds = Double(Int32.max)
    private let chip: LibgpiodChip
    private let line: OpaquePointer
    private let events: UnsafeMutablePointer<posture_gpio_edge>
    let offset: Int

    init(chip: LibgpiodChip, line: OpaquePointer, offset: Int) {
        self.chip = chip
        self.line = line
        self.offset = offset
        events = .allocate(capacity: Self.eventCapacity)
        events.initialize(repeating: posture_gpio_edge(), count: Self.eventCapacity)
    }

    deinit {
        chip.release(line)
        events.deinitialize(count: Self.eventCapacity)
        events.deallocate()
    }

    func read() throws(GPIOError) -> Bool {
        try chip.lock.withLock { () throws(GPIOError) -> Bool in
            let value = posture_gpio_line_get(line)
            if value < 0 { throw .system(operation: "reading \(chip.name) line \(offset)", errno: errno) }
            return value == 1
        }
    }

    /// Waits without holding the chip's lock (other lines stay usable), then reads what arrived.
    /// An infinite timeout waits forever; EINTR (a signal, e.g. SIGHUP for reload) returns no edges.
    func waitForEdges(timeoutSeconds: Double) throws(GPIOError) -> [GPIOEdge] {
        // Only +infinity (or beyond 68 years: Int64(1e300) would trap) waits forever; -infinity,
        // negative and NaN timeouts return at once.
        let timeoutNanoseconds: Int64 = timeoutSeconds > Self.foreverSeconds
            ? -1 : Int64((max(0, timeoutSeconds.isNaN ? 0 : timeoutSeconds) * 1e9).rounded(.down))
        let ready = posture_gpio_line_wait(line, timeoutNanoseconds)
        if ready < 0 {
            if errno == EINTR { return [] }
            throw .system(operation: "waiting for edges on \(chip.name) line \(offset)", errno: errno)
        }
        if ready == 0 { return [] }
        return try chip.lock.withLock { () throws(GPIOError) -> [GPIOEdge] in
            let count = posture_gpio_line_read_edges(line, events, UInt32(Self.eventCapacity))
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { return [] }
                throw .system(operation: "reading edges on \(chip.name) line \(offset)", errno: errno)
            }
            return (0..<Int(count)).map { index in
                GPIOEdge(kind: events[index].rising ? .rising : .falling,
                         timeSeconds: Double(events[index].timestamp_ns) / 1e9)
            }
        }
    }

    var pollFileDescriptor: Int32? {
        let fd = chip.lock.withLock { posture_gpio_line_fd(line) }
        return fd >= 0 ? fd : nil
    }
}
