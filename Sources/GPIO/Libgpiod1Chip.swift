// Every libgpiod 1.x call lives in this file (Debian 12 / Raspberry Pi OS Bookworm ship 1.6.3).
//
// A Libgpiod2Chip.swift for the 2.x API (Debian 13 / Trixie) would sit beside it with the same
// GPIOChip / GPIOOutputLine / GPIOInputLine conformances; the calls map as follows:
//   gpiod_chip_open(path)                          -> gpiod_chip_open(path) (paths only: no by-name/number/label
//                                                     openers and no chip iterator; scan /dev with
//                                                     gpioChipDeviceNames() and match gpiod_chip_info_get_label)
//   gpiod_chip_label / gpiod_chip_num_lines        -> gpiod_chip_get_info + gpiod_chip_info_get_label /
//                                                     gpiod_chip_info_get_num_lines, gpiod_chip_info_free
//   gpiod_chip_get_line + gpiod_line_request_*     -> gpiod_line_settings_new + _set_direction(OUTPUT|INPUT)
//                                                     + _set_active_low + _set_bias(PULL_UP|PULL_DOWN|DISABLED)
//                                                     + _set_edge_detection(BOTH) + _set_output_value;
//                                                     gpiod_line_config_add_line_settings(offsets);
//                                                     gpiod_request_config_set_consumer;
//                                                     gpiod_chip_request_lines -> struct gpiod_line_request
//   gpiod_line_set_value / gpiod_line_get_value    -> gpiod_line_request_set_value / _get_value(request, offset)
//   gpiod_line_event_wait                          -> gpiod_line_request_wait_edge_events(request, timeout_ns)
//   gpiod_line_event_read_multiple + struct        -> gpiod_edge_event_buffer_new(capacity) once per line, then
//     gpiod_line_event (timespec)                     gpiod_line_request_read_edge_events + gpiod_edge_event_buffer_get_event
//                                                     + gpiod_edge_event_get_event_type / _get_timestamp_ns (u64 ns)
//   gpiod_line_event_get_fd                        -> gpiod_line_request_get_fd
//   gpiod_line_release                             -> gpiod_line_request_release
//   gpiod_line_consumer after gpiod_line_update    -> gpiod_chip_get_line_info + gpiod_line_info_get_consumer
// openGPIOChip() in GPIOChipSpec.swift would then pick the implementation (at build time, by the
// libgpiod version pkg-config reports).

import CGPIOD
import Synchronization
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A gpiochip opened through libgpiod 1.x. Lines keep their chip open; everything closes when the
/// last line and the chip are released. Safe to share between threads (calls are serialised).
public final class Libgpiod1Chip: GPIOChip, @unchecked Sendable {
    public let name: String
    public let path: String
    public let label: String
    public let lineCount: Int
    private let chip: OpaquePointer
    /// libgpiod 1.x objects are not thread-safe on their own: every call into the chip holds this.
    let lock = Mutex<Void>(())

    private init(chip: OpaquePointer, path: String) {
        self.chip = chip
        self.path = path
        name = String(cString: gpiod_chip_name(chip))
        label = String(cString: gpiod_chip_label(chip))
        lineCount = Int(gpiod_chip_num_lines(chip))
    }

    deinit { gpiod_chip_close(chip) }

    /// Opens the first alternative of `spec` that exists (see GPIOChipSpec).
    static func open(spec: String) throws(GPIOError) -> Libgpiod1Chip {
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
        case opened(Libgpiod1Chip)
        case failed(Int32)
    }

    private static func openDevice(_ path: String) -> OpenOutcome {
        errno = 0
        guard let chip = gpiod_chip_open(path) else { return .failed(errno == 0 ? ENODEV : errno) }
        return .opened(Libgpiod1Chip(chip: chip, path: path))
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
            let line = try line(at: offset)
            let flags = activeLow ? Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) : 0
            errno = 0
            if gpiod_line_request_output_flags(line, consumer, flags, 0) != 0 {
                throw requestError(line: line, offset: offset, bias: .asIs, direction: "output")
            }
            return Libgpiod1OutputLine(chip: self, line: line, offset: offset)
        }
    }

    /// Requests `offset` as an input with edge events and the given bias.
    public func requestInput(offset: Int, activeLow: Bool, bias: GPIOBias, edges: GPIOEdgeSelection,
                             consumer: String) throws(GPIOError) -> GPIOInputLine
    {
        try lock.withLock { () throws(GPIOError) -> GPIOInputLine in
            let line = try line(at: offset)
            var flags: Int32 = activeLow ? Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) : 0
            switch bias {
            case .asIs: break
            case .disabled: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE)
            case .pullUp: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP)
            case .pullDown: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN)
            }
            errno = 0
            let requested = edges == .rising
                ? gpiod_line_request_rising_edge_events_flags(line, consumer, flags)
                : gpiod_line_request_both_edges_events_flags(line, consumer, flags)
            if requested != 0 {
                throw requestError(line: line, offset: offset, bias: bias, direction: "input with edge events")
            }
            return Libgpiod1InputLine(chip: self, line: line, offset: offset)
        }
    }

    /// Asks the kernel about a line (gpiod_chip_get_line refreshes the cached info).
    public func lineInfo(offset: Int) throws(GPIOError) -> GPIOLineInfo {
        try lock.withLock { () throws(GPIOError) -> GPIOLineInfo in
            let line = try line(at: offset)
            return GPIOLineInfo(offset: offset,
                                name: gpiod_line_name(line).map { String(cString: $0) },
                                consumer: gpiod_line_consumer(line).map { String(cString: $0) },
                                isUsed: gpiod_line_is_used(line),
                                isOutput: gpiod_line_direction(line) == Int32(GPIOD_LINE_DIRECTION_OUTPUT),
                                activeLow: gpiod_line_active_state(line) == Int32(GPIOD_LINE_ACTIVE_STATE_LOW))
        }
    }

    private func line(at offset: Int) throws(GPIOError) -> OpaquePointer {
        guard offset >= 0, offset < lineCount else {
            throw .offsetOutOfRange(chip: name, offset: offset, lineCount: lineCount)
        }
        errno = 0
        guard let line = gpiod_chip_get_line(chip, UInt32(offset)) else {
            throw .system(operation: "getting \(name) line \(offset)", errno: errno)
        }
        return line
    }

    private func requestError(line: OpaquePointer, offset: Int, bias: GPIOBias, direction: String) -> GPIOError {
        let code = errno
        switch code {
        case EBUSY:
            // Ask the kernel who holds it, for the message.
            _ = gpiod_line_update(line)
            let consumer = gpiod_line_consumer(line).map { String(cString: $0) }
            return .lineBusy(chip: name, offset: offset, consumer: consumer)
        case EACCES, EPERM:
            return .permissionDenied(path: path, operation: "requesting \(name) line \(offset) as \(direction)",
                                     errno: code)
        case EINVAL where bias != .asIs:
            return .biasUnsupported(chip: name, offset: offset, bias: bias)
        default:
            return .system(operation: "requesting \(name) line \(offset) as \(direction)", errno: code)
        }
    }

    /// Releases a line under the chip's lock (the line structure belongs to the chip).
    fileprivate func release(_ line: OpaquePointer) {
        lock.withLock { gpiod_line_release(line) }
    }
}

/// An output line from libgpiod 1.x, released on deinit.
final class Libgpiod1OutputLine: GPIOOutputLine, @unchecked Sendable {
    private let chip: Libgpiod1Chip
    private let line: OpaquePointer
    let offset: Int

    init(chip: Libgpiod1Chip, line: OpaquePointer, offset: Int) {
        self.chip = chip
        self.line = line
        self.offset = offset
    }

    /// Drives the line inactive before releasing it: the kernel keeps a released line's level, and a
    /// motor left on would keep buzzing after the daemon stops.
    deinit {
        chip.lock.withLock { _ = gpiod_line_set_value(line, 0) }
        chip.release(line)
    }

    func set(active: Bool) throws(GPIOError) {
        try chip.lock.withLock { () throws(GPIOError) in
            errno = 0
            if gpiod_line_set_value(line, active ? 1 : 0) != 0 {
                throw .system(operation: "setting \(chip.name) line \(offset) \(active ? "active" : "inactive")",
                              errno: errno)
            }
        }
    }
}

/// An input line with both-edge events from libgpiod 1.x, released on deinit.
final class Libgpiod1InputLine: GPIOInputLine, @unchecked Sendable {
    /// Events read per call; more pending ones are returned by the next call.
    static let eventCapacity = 16
    /// Longer timeouts wait forever (68 years).
    static let foreverSeconds = Double(Int32.max)
    private let chip: Libgpiod1Chip
    private let line: OpaquePointer
    private let events: UnsafeMutablePointer<gpiod_line_event>
    let offset: Int

    init(chip: Libgpiod1Chip, line: OpaquePointer, offset: Int) {
        self.chip = chip
        self.line = line
        self.offset = offset
        events = .allocate(capacity: Self.eventCapacity)
        events.initialize(repeating: gpiod_line_event(), count: Self.eventCapacity)
    }

    deinit {
        chip.release(line)
        events.deinitialize(count: Self.eventCapacity)
        events.deallocate()
    }

    func read() throws(GPIOError) -> Bool {
        try chip.lock.withLock { () throws(GPIOError) -> Bool in
            errno = 0
            let value = gpiod_line_get_value(line)
            if value < 0 { throw .system(operation: "reading \(chip.name) line \(offset)", errno: errno) }
            return value == 1
        }
    }

    /// Waits without holding the chip's lock (other lines stay usable), then reads what arrived.
    /// An infinite timeout waits forever; EINTR (a signal, e.g. SIGHUP for reload) returns no edges.
    func waitForEdges(timeoutSeconds: Double) throws(GPIOError) -> [GPIOEdge] {
        errno = 0
        let ready: Int32
        // Only +infinity (or beyond what a timespec holds: Int(1e300) would trap) waits forever;
        // -infinity, negative and NaN timeouts return at once.
        if timeoutSeconds > Self.foreverSeconds {
            ready = gpiod_line_event_wait(line, nil)
        } else {
            let seconds = max(0, timeoutSeconds.isNaN ? 0 : timeoutSeconds)
            let whole = seconds.rounded(.down)
            var timeout = timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))
            ready = gpiod_line_event_wait(line, &timeout)
        }
        if ready < 0 {
            if errno == EINTR { return [] }
            throw .system(operation: "waiting for edges on \(chip.name) line \(offset)", errno: errno)
        }
        if ready == 0 { return [] }
        return try chip.lock.withLock { () throws(GPIOError) -> [GPIOEdge] in
            errno = 0
            let count = gpiod_line_event_read_multiple(line, events, UInt32(Self.eventCapacity))
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { return [] }
                throw .system(operation: "reading edges on \(chip.name) line \(offset)", errno: errno)
            }
            var edges: [GPIOEdge] = []
            edges.reserveCapacity(Int(count))
            for index in 0..<Int(count) {
                let event = events[index]
                let kind: GPIOEdgeKind = event.event_type == Int32(GPIOD_LINE_EVENT_RISING_EDGE)
                    ? .rising : .falling
                let time = Double(event.ts.tv_sec) + Double(event.ts.tv_nsec) / 1e9
                edges.append(GPIOEdge(kind: kind, timeSeconds: time))
            }
            return edges
        }
    }

    var pollFileDescriptor: Int32? {
        let fd = chip.lock.withLock { gpiod_line_event_get_fd(line) }
        return fd >= 0 ? fd : nil
    }
}
