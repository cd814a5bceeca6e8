import Foundation
import PostureControl
import PostureCore
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

public struct ControlSocketError: Error, CustomStringConvertible {
    public var description: String
}

func errnoText(_ e: Int32 = errno) -> String { SystemErrno.message(e) }

/// How much the control socket may cost the sampling loop, per client and in all.
public struct ControlLimits: Equatable, Sendable {
    /// Open connections at most; when full, the longest-idle connection of the user holding the
    /// most is closed for the newcomer (so one user's idle connections never lock others out).
    public var maxConnections = 16
    /// A connection with no bytes either way for this long is closed.
    public var idleTimeoutSeconds = 30.0
    /// Requests answered per client per loop round (the rest wait for the next round).
    public var requestsPerRound = 4
    public var maxLineBytes = 4096
    /// Answers queued (beyond what the kernel buffers) for a client that does not read: past
    /// this it is dropped, never waited for. Above the largest answer: a stats page, ~45 KB, at most
    /// ~110 KB with left/right of four exercises on each of its 100 days and the week's routines.
    public var maxQueuedOutputBytes = 128 * 1024
    /// Bytes read from one client per round.
    public var readBytesPerRound = 16 * 1024

    public init() {}
}

/// One client: what it sent that is not answered yet, what it has not read yet.
struct ControlConnection {
    var input: [UInt8] = []
    var output: [UInt8] = []
    var outputStart = 0
    var lastActivity: Double
    var uid: UInt32?
    /// Close once the queued answer is written (after a protocol error).
    var closing = false
    /// The peer closed its side: answer what it sent, then close.
    var peerClosed = false

    var queuedOutput: Int { output.count - outputStart }
}

/// The daemon's end of the control socket: non-blocking, polled by the run loop, one JSON
/// request per line and one JSON response per line. Nothing here waits for a peer: answers
/// are queued and written as the socket takes them; a client that does not read, or stays
/// idle, is dropped.
public final class ControlServer {
    public let path: String
    public var limits: ControlLimits
    /// Why connections were dropped (the runner logs these).
    public var note: ((String) -> Void)?
    private let listenFD: Int32
    private(set) var connections: [Int32: ControlConnection] = [:]

    /// Binds `path` with permissions `mode` (owner and group). A stale socket left by a crash
    /// is replaced; a live one (another daemon) is an error.
    public init(path: String, mode: mode_t, limits: ControlLimits = ControlLimits()) throws {
        self.path = path
        self.limits = limits
        guard let address = UnixSocketAddress(path: path) else {
            throw ControlSocketError(description: "\(path): socket path too long")
        }
        if ControlClient.isListening(path) {
            throw ControlSocketError(description: "\(path): another posture daemon is already listening there")
        }
        var st = stat()
        if lstat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFSOCK else {
                throw ControlSocketError(description: "\(path): exists and is not a socket")
            }
            unlink(path)
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw ControlSocketError(description: "\(path): socket: \(errnoText())") }
        // umask so the socket is never briefly world-accessible before chmod.
        let oldMask = umask(0o777 & ~mode)
        let bound = address.withSockaddr { bind(fd, $0, $1) }
        let bindErrno = errno
        umask(oldMask)
        guard bound == 0 else {
            close(fd)
            throw ControlSocketError(description: "\(path): bind: \(errnoText(bindErrno))")
        }
        chmod(path, mode)
        guard listen(fd, 16) == 0 else {
            close(fd)
            throw ControlSocketError(description: "\(path): listen: \(errnoText())")
        }
        listenFD = fd
    }

    deinit { shutdown() }

    private var closed = false
    public func shutdown() {
        guard !closed else { return }
        closed = true
        for fd in connections.keys { close(fd) }
        connections.removeAll()
        close(listenFD)
        unlink(path)
    }

    /// Descriptors to poll and for what: input while a client may send more, output while an
    /// answer waits for room.
    public var pollRequests: [(fd: Int32, events: Int16)] {
        var list = [(fd: listenFD, events: Int16(POLLIN))]
        for fd in connections.keys.sorted() {
            guard let c = connections[fd] else { continue }
            var events: Int16 = 0
            if wantsInput(c) { events |= Int16(POLLIN) }
            if c.queuedOutput > 0 { events |= Int16(POLLOUT) }
            list.append((fd, events))
        }
        return list
    }

    /// Descriptors to poll (input and output as `pollRequests` says).
    public var pollDescriptors: [Int32] { pollRequests.map(\.fd) }

    /// True when complete requests wait for the next round: the loop should not sleep.
    public var hasPendingRequests: Bool {
        connections.values.contains { !$0.closing && $0.input.contains(UInt8(ascii: "\n")) }
    }

    /// When the next idle connection times out (monotonic seconds), nil without connections.
    public var nextIdleDeadline: Double? {
        connections.values.map(\.lastActivity).min().map { $0 + limits.idleTimeoutSeconds }
    }

    /// One round: accepts, reads, answers at most `requestsPerRound` requests per client,
    /// writes what the sockets take, and closes idle or non-reading clients. `ready` are the
    /// descriptors poll reported (any event); `now` is monotonic seconds.
    public func serve(ready: Set<Int32>, now: Double, handler: (ControlCommand) -> ControlResponse) {
        if ready.contains(listenFD) { acceptAll(now: now) }
        for fd in connections.keys.sorted() {
            guard var c = connections[fd] else { continue }
            if ready.contains(fd) && wantsInput(c) { read(fd, into: &c, now: now) }
            answer(&c, handler: handler)
            if c.queuedOutput > 0 { write(fd, from: &c, now: now) }
            if let reason = dropReason(c, now: now) {
                drop(fd, reason)
            } else {
                connections[fd] = c
            }
        }
    }

    /// Reads from a client only while its unanswered input is small (the rest waits in the kernel).
    private func wantsInput(_ c: ControlConnection) -> Bool {
        !c.closing && !c.peerClosed && c.input.count <= limits.maxLineBytes
    }

    private func dropReason(_ c: ControlConnection, now: Double) -> String? {
        if c.queuedOutput > limits.maxQueuedOutputBytes {
            return "it does not read its answers (\(c.queuedOutput) bytes queued)"
        }
        if (c.closing || c.peerClosed) && c.queuedOutput == 0 && (c.closing || !c.input.contains(UInt8(ascii: "\n"))) {
            return ""
        }
        if now - c.lastActivity >= limits.idleTimeoutSeconds {
            return "idle for \(formatSeconds(now - c.lastActivity)) s (control.idle_timeout_s)"
        }
        return nil
    }

    private func drop(_ fd: Int32, _ reason: String) {
        if !reason.isEmpty {
            let who = connections[fd]?.uid.map { " of uid \($0)" } ?? ""
            note?("control client\(who) dropped: \(reason)")
        }
        connections[fd] = nil
        close(fd)
    }

    private func acceptAll(now: Double) {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 { return }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            let uid = PeerCredentials.of(fd)?.uid
            if connections.count >= limits.maxConnections, let victim = Self.evictionCandidate(connections) {
                drop(victim, "the connection limit (\(limits.maxConnections)) was reached and it was the longest idle of the user with the most connections")
            }
            connections[fd] = ControlConnection(lastActivity: now, uid: uid)
        }
    }

    /// The longest-idle connection of the user holding the most connections.
    static func evictionCandidate(_ connections: [Int32: ControlConnection]) -> Int32? {
        var perUser: [UInt32?: Int] = [:]
        for c in connections.values { perUser[c.uid, default: 0] += 1 }
        guard let most = perUser.values.max() else { return nil }
        return connections.filter { perUser[$0.value.uid] == most }
            .min { ($0.value.lastActivity, $0.key) < ($1.value.lastActivity, $1.key) }?.key
    }

    private func read(_ fd: Int32, into c: inout ControlConnection, now: Double) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        var taken = 0
        while taken < limits.readBytesPerRound && c.input.count <= limits.maxLineBytes {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                c.input.append(contentsOf: chunk[0..<n])
                taken += n
                c.lastActivity = now
                continue
            }
            if n == 0 { c.peerClosed = true }
            else if errno == EINTR { continue }
            else if errno != EAGAIN && errno != EWOULDBLOCK { c.peerClosed = true; c.closing = true }
            break
        }
    }

    private func answer(_ c: inout ControlConnection, handler: (ControlCommand) -> ControlResponse) {
        var answered = 0
        while answered < limits.requestsPerRound, !c.closing, let newline = c.input.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: c.input[..<newline], as: UTF8.self)
            c.input.removeSubrange(...newline)
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            answered += 1
            let response: ControlResponse
            switch ControlCodec.decodeCommand(Substring(trimmed)) {
            case .success(let command): response = handler(command)
            case .failure(let error): response = error
            }
            queue(ControlCodec.encode(response), on: &c)
        }
        if !c.closing, c.input.count > limits.maxLineBytes, !c.input.contains(UInt8(ascii: "\n")) {
            queue(ControlCodec.encode(ControlResponse.failure("request line longer than \(limits.maxLineBytes) bytes")), on: &c)
            c.input.removeAll()
            c.closing = true
        }
    }

    private func queue(_ line: String, on c: inout ControlConnection) {
        if c.outputStart > 0 && c.outputStart == c.output.count {
            c.output.removeAll(keepingCapacity: true)
            c.outputStart = 0
        }
        c.output.append(contentsOf: line.utf8)
        c.output.append(UInt8(ascii: "\n"))
    }

    /// Writes what the socket takes now; never waits.
    private func write(_ fd: Int32, from c: inout ControlConnection, now: Double) {
        while c.queuedOutput > 0 {
            let start = c.outputStart
            let n = c.output.withUnsafeBytes { buf -> Int in
                guard let base = buf.baseAddress else { return 0 }
                return Glibc.send(fd, base + start, buf.count - start, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if n > 0 {
                c.outputStart += n
                c.lastActivity = now
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            // EPIPE, ECONNRESET: the client is gone.
            c.output.removeAll()
            c.outputStart = 0
            c.closing = true
            return
        }
        if c.outputStart == c.output.count {
            c.output.removeAll(keepingCapacity: true)
            c.outputStart = 0
        } else if c.outputStart > 64 * 1024 {
            c.output.removeSubrange(..<c.outputStart)
            c.outputStart = 0
        }
    }
}
