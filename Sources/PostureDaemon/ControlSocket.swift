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

/// The daemon's end of the control socket: non-blocking, polled by the run loop, one JSON
/// request per line and one JSON response per line. Connections are few and short-lived.
public final class ControlServer {
    public let path: String
    private let listenFD: Int32
    private var clients: [Int32: [UInt8]] = [:]
    static let maxClients = 16
    static let maxLineBytes = 4096

    /// Binds `path` with permissions `mode` (owner and group). A stale socket left by a crash
    /// is replaced; a live one (another daemon) is an error.
    public init(path: String, mode: mode_t) throws {
        self.path = path
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
        guard listen(fd, 8) == 0 else {
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
        for fd in clients.keys { close(fd) }
        clients.removeAll()
        close(listenFD)
        unlink(path)
    }

    /// Descriptors to poll for input.
    public var pollDescriptors: [Int32] { [listenFD] + clients.keys.sorted() }

    /// Accepts connections and answers complete request lines.
    public func serve(readable: Set<Int32>, handler: (ControlCommand) -> ControlResponse) {
        if readable.contains(listenFD) { acceptAll() }
        for fd in clients.keys.sorted() where readable.contains(fd) {
            readFrom(fd, handler: handler)
        }
    }

    private func acceptAll() {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 { return }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            if clients.count >= Self.maxClients {
                close(fd)
                continue
            }
            clients[fd] = []
        }
    }

    private func readFrom(_ fd: Int32, handler: (ControlCommand) -> ControlResponse) {
        var chunk = [UInt8](repeating: 0, count: 1024)
        var buffer = clients[fd] ?? []
        var open = true
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { buffer.append(contentsOf: chunk[0..<n]); continue }
            if n == 0 { open = false }
            else if errno == EINTR { continue }
            else if errno != EAGAIN && errno != EWOULDBLOCK { open = false }
            break
        }
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: buffer[..<newline], as: UTF8.self)
            buffer.removeSubrange(...newline)
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let response: ControlResponse
            switch ControlCodec.decodeCommand(Substring(trimmed)) {
            case .success(let command): response = handler(command)
            case .failure(let error): response = error
            }
            send(ControlCodec.encode(response) + "\n", to: fd)
        }
        if buffer.count > Self.maxLineBytes {
            send(ControlCodec.encode(ControlResponse.failure("request line longer than \(Self.maxLineBytes) bytes")) + "\n", to: fd)
            open = false
        }
        if open {
            clients[fd] = buffer
        } else {
            clients[fd] = nil
            close(fd)
        }
    }

    private func send(_ text: String, to fd: Int32) {
        var t = text
        t.withUTF8 { buf in
            guard let base = buf.baseAddress else { return }
            var offset = 0
            var attempts = 0
            // Responses are small; a client that does not read within a few tries is dropped.
            while offset < buf.count && attempts < 100 {
                let n = Glibc.send(fd, base + offset, buf.count - offset, Int32(MSG_NOSIGNAL))
                if n > 0 { offset += n; continue }
                if n < 0 && (errno == EAGAIN || errno == EINTR) { attempts += 1; usleep(1000); continue }
                return
            }
        }
    }
}

/// The CLI's end: connect, send one request line, read one response line.
public enum ControlClient {
    public static func send(_ command: ControlCommand, socketPath: String, timeoutSeconds: Double = 5) throws -> ControlResponse {
        try exchange(ControlCodec.encode(command), socketPath: socketPath, timeoutSeconds: timeoutSeconds)
    }

    /// Sends one request line as given (tests send malformed ones) and reads the answer.
    static func exchange(_ requestLine: String, socketPath: String, timeoutSeconds: Double = 5) throws -> ControlResponse {
        let fd = try connect(socketPath)
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(saturating: timeoutSeconds), tv_usec: Int(saturating: (timeoutSeconds - timeoutSeconds.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var line = requestLine + "\n"
        let sent = line.withUTF8 { buf in Glibc.send(fd, buf.baseAddress, buf.count, Int32(MSG_NOSIGNAL)) }
        guard sent == line.utf8.count else {
            throw ControlSocketError(description: "\(socketPath): sending the request failed: \(errnoText())")
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !received.contains(UInt8(ascii: "\n")) {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { received.append(contentsOf: chunk[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                throw ControlSocketError(description: "\(socketPath): no answer from the daemon within \(Int(saturating: timeoutSeconds)) s")
            }
            break
        }
        guard let end = received.firstIndex(of: UInt8(ascii: "\n")),
              let response = ControlCodec.decodeResponse(received[..<end]) else {
            throw ControlSocketError(description: "\(socketPath): the daemon's answer was not understood")
        }
        return response
    }

    static func connect(_ path: String) throws -> Int32 {
        guard let address = UnixSocketAddress(path: path) else {
            throw ControlSocketError(description: "\(path): socket path too long")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ControlSocketError(description: "socket: \(errnoText())") }
        let r = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if r != 0 {
            let e = errno
            close(fd)
            switch e {
            case ENOENT, ECONNREFUSED:
                throw ControlSocketError(description: "the posture daemon is not running (no one listens on \(path)); start it with `systemctl start posture` or `posture run`")
            case EACCES, EPERM:
                throw ControlSocketError(description: "\(path): permission denied; run as root or as a member of the socket's group")
            default:
                throw ControlSocketError(description: "\(path): connect: \(errnoText(e))")
            }
        }
        return fd
    }

    static func isListening(_ path: String) -> Bool {
        guard let fd = try? connect(path) else { return false }
        close(fd)
        return true
    }
}
