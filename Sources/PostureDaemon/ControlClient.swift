import Foundation
import PostureControl
import PostureCore
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// The CLI's end: connect, send one request line, read one response line.
public enum ControlClient {
    /// Sends one command and reads its answer. A `stats` answer comes in pages: they are
    /// fetched on the same connection and returned as one answer.
    public static func send(_ command: ControlCommand, socketPath: String, timeoutSeconds: Double = 5) throws -> ControlResponse {
        let connection = try ControlClientConnection(socketPath: socketPath, timeoutSeconds: timeoutSeconds)
        var response = try connection.exchange(ControlCodec.encode(command))
        guard case .stats(let days, _) = command else { return response }
        while response.ok, let next = response.nextOffset {
            // Pages must continue where the last one ended: a confused daemon cannot keep us here.
            let have = response.stats?.count ?? 0
            guard next == have, next < days else {
                throw ControlSocketError(description: "\(socketPath): the daemon's stats pages do not add up (next page at \(next), \(have) days so far)")
            }
            let page = try connection.exchange(ControlCodec.encode(ControlCommand.stats(days: days, offset: next)))
            guard page.ok else { return page }
            guard let days = page.stats, !days.isEmpty else {
                throw ControlSocketError(description: "\(socketPath): the daemon sent an empty stats page at \(next)")
            }
            response.stats = (response.stats ?? []) + days
            response.nextOffset = page.nextOffset
        }
        return response
    }

    /// Sends one request line as given (tests send malformed ones) and reads the answer.
    static func exchange(_ requestLine: String, socketPath: String, timeoutSeconds: Double = 5) throws -> ControlResponse {
        try ControlClientConnection(socketPath: socketPath, timeoutSeconds: timeoutSeconds).exchange(requestLine)
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

/// One connection to the daemon: request lines out, answer lines in (each read waits at most
/// the timeout). An answer cut short is an error, never half an answer.
final class ControlClientConnection {
    let socketPath: String
    let timeoutSeconds: Double
    private let fd: Int32
    private var received: [UInt8] = []

    init(socketPath: String, timeoutSeconds: Double) throws {
        self.socketPath = socketPath
        self.timeoutSeconds = timeoutSeconds
        fd = try ControlClient.connect(socketPath)
        let whole = timeoutSeconds.rounded(.down)
        var tv = timeval(tv_sec: Int(saturating: whole), tv_usec: Int(saturating: (timeoutSeconds - whole) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func exchange(_ requestLine: String) throws -> ControlResponse {
        var line = requestLine + "\n"
        let sent = line.withUTF8 { buf in Glibc.send(fd, buf.baseAddress, buf.count, Int32(MSG_NOSIGNAL)) }
        guard sent == line.utf8.count else {
            throw ControlSocketError(description: "\(socketPath): sending the request failed: \(errnoText())")
        }
        var chunk = [UInt8](repeating: 0, count: 16384)
        var searchedUpTo = 0
        while true {
            if let end = received[searchedUpTo...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { received.removeSubrange(...end) }
                guard let response = ControlCodec.decodeResponse(received[..<end]) else {
                    throw ControlSocketError(description: "\(socketPath): the daemon's answer was not understood")
                }
                return response
            }
            searchedUpTo = received.count
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { received.append(contentsOf: chunk[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                throw ControlSocketError(description: "\(socketPath): no answer from the daemon within \(formatSeconds(timeoutSeconds)) s")
            }
            if received.isEmpty {
                throw ControlSocketError(description: "\(socketPath): the daemon closed the connection without an answer")
            }
            throw ControlSocketError(description: "\(socketPath): the daemon closed the connection after \(received.count) bytes of an answer (cut short; nothing shown)")
        }
    }
}
