import Foundation
import PostureCoaching
import PostureControl
import PostureCore
@testable import PostureDaemon
import SystemSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A raw client socket for tests: connects, sends what it is told, reads only when asked.
final class RawClient {
    let fd: Int32
    init(_ path: String) throws {
        fd = try ControlClient.connect(path)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }
    deinit { close(fd) }

    /// Sends as much of `bytes` as the socket takes now; returns how much.
    func sendSome(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBytes { buf in max(0, Glibc.send(fd, buf.baseAddress, buf.count, Int32(MSG_NOSIGNAL))) }
    }

    /// Reads what is there now: bytes, and whether the daemon closed the connection.
    func drain() -> (bytes: [UInt8], closed: Bool) {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { out += chunk[0..<n]; continue }
            if n < 0 && errno == EINTR { continue }
            return (out, n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
        }
    }
}

/// Serves `server` as the run loop does (poll without waiting, then one round), `now` from the harness clock.
func serveRound(_ server: ControlServer, now: Double, waitMilliseconds: Int32 = 0, handler: (ControlCommand) -> ControlResponse) {
    var fds = server.pollRequests.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
    _ = poll(&fds, nfds_t(fds.count), waitMilliseconds)
    server.serve(ready: Set(fds.filter { $0.revents != 0 }.map(\.fd)), now: now, handler: handler)
}

@Suite("Control socket limits: nothing waits for a peer")
struct ControlSocketLimitsTests {
    @Test func aClientThatNeverReadsIsDroppedAndSamplingGoesOn() throws {
        let h = try DaemonHarness(records: ServiceTests.slouchEpisode())
        let server = try ControlServer(path: temporaryDirectory() + "/c.sock", mode: 0o600)
        defer { server.shutdown() }
        var notes: [String] = []
        server.note = { notes.append($0) }
        let client = try RawClient(server.path)
        let requests = [UInt8](String(repeating: ControlCodec.encode(.status) + "\n", count: 5000).utf8)
        var sent = 0
        var answeredPerRound: [Int] = []
        var rounds = 0
        // 30 s of daemon time in 10 ms rounds: the client keeps sending, never reads.
        while h.clock.monotonicSeconds < h.origin + 30 {
            if sent < requests.count { sent += client.sendSome(requests[sent...]) }
            var answered = 0
            serveRound(server, now: h.clock.monotonicSeconds) { answered += 1; return h.service.handle($0) }
            answeredPerRound.append(answered)
            h.clock.advance(by: 0.01)
            h.service.tick()
            rounds += 1
        }
        #expect(rounds > 2000)
        // The same 30 s without the client.
        let quiet = try DaemonHarness(records: ServiceTests.slouchEpisode())
        while quiet.clock.monotonicSeconds < quiet.origin + 30 {
            quiet.clock.advance(by: 0.01)
            quiet.service.tick()
        }
        #expect(server.connections.isEmpty)
        #expect(notes.contains { $0.contains("does not read its answers") })
        #expect(answeredPerRound.max() == ControlLimits().requestsPerRound)
        // Sampling went on: every sample of the 30 s, no FIFO overflow, no fault, no bogus hold.
        #expect(h.service.sampleCount > 2900 && h.service.sampleCount == quiet.service.sampleCount)
        #expect(!h.events.contains { $0.name == EventName.fault })
        #expect(!h.events.contains { $0.name == EventName.holdEnd })
        // What the client finally reads is whole answers, then the end.
        let (bytes, closed) = client.drain()
        #expect(closed)
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        #expect(lines.count > 10)
        for line in lines.dropLast() { #expect(ControlCodec.decodeResponse(line)?.ok == true) }
    }

    @Test func manyIdleConnectionsNeverLockANewClientOut() throws {
        let h = try DaemonHarness(records: ServiceTests.slouchEpisode())
        h.run(until: 2)
        let server = try ControlServer(path: temporaryDirectory() + "/c.sock", mode: 0o600)
        defer { server.shutdown() }
        var idle: [RawClient] = []
        for i in 0..<20 {
            idle.append(try RawClient(server.path))
            serveRound(server, now: Double(i)) { h.service.handle($0) }
        }
        #expect(server.connections.count == ControlLimits().maxConnections)
        // The oldest idle ones made room, and know it.
        #expect(idle.prefix(4).allSatisfy { $0.drain().closed })
        #expect(!idle.suffix(16).contains { $0.drain().closed })

        let results = ResultBox()
        let path = server.path
        let thread = Thread {
            results.append(Result { try ControlClient.send(.status, socketPath: path) })
            results.done()
        }
        thread.start()
        while !results.isDone { serveRound(server, now: 21, waitMilliseconds: 20) { h.service.handle($0) } }
        let answer = try #require(results.values.first).get()
        #expect(answer.ok && answer.status != nil)
    }

    @Test func idleConnectionsTimeOut() throws {
        let server = try ControlServer(path: temporaryDirectory() + "/c.sock", mode: 0o600)
        defer { server.shutdown() }
        server.limits.idleTimeoutSeconds = 30
        var notes: [String] = []
        server.note = { notes.append($0) }
        let client = try RawClient(server.path)
        serveRound(server, now: 100, waitMilliseconds: 100) { _ in .failure("unused") }
        #expect(server.connections.count == 1)
        #expect(server.nextIdleDeadline == 130)
        serveRound(server, now: 129) { _ in .failure("unused") }
        #expect(server.connections.count == 1 && !client.drain().closed)
        serveRound(server, now: 130) { _ in .failure("unused") }
        #expect(server.connections.isEmpty)
        #expect(client.drain().closed)
        #expect(notes.contains { $0.contains("idle for 30 s") && $0.contains("control.idle_timeout_s") })
    }

    @Test func evictionTakesTheLongestIdleOfTheUserWithTheMost() {
        var c: [Int32: ControlConnection] = [:]
        c[10] = ControlConnection(lastActivity: 5, uid: 1000)  // the only one of uid 1000, oldest overall
        c[11] = ControlConnection(lastActivity: 7, uid: 0)
        c[12] = ControlConnection(lastActivity: 6, uid: 0)
        c[13] = ControlConnection(lastActivity: 9, uid: 0)
        #expect(ControlServer.evictionCandidate(c) == 12)
        #expect(ControlServer.evictionCandidate([:]) == nil)
    }

    @Test func anAnswerCutShortIsAnErrorNotHalfAnAnswer() throws {
        // A stand-in daemon that writes half an answer and hangs up.
        let path = temporaryDirectory() + "/cut.sock"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        let address = try #require(UnixSocketAddress(path: path))
        #expect(address.withSockaddr { bind(listener, $0, $1) } == 0 && listen(listener, 1) == 0)
        let thread = Thread {
            let fd = accept(listener, nil, nil)
            var request = [UInt8](repeating: 0, count: 256)
            _ = recv(fd, &request, request.count, 0)
            let half = Array(#"{"ok":true,"stats":[{"day":"2026-1"#.utf8)
            _ = Glibc.send(fd, half, half.count, Int32(MSG_NOSIGNAL))
            close(fd)
        }
        thread.start()
        #expect {
            _ = try ControlClient.send(.stats(days: 30), socketPath: path)
        } throws: { error in
            "\(error)".contains("cut short") && "\(error)".contains(path)
        }
    }
}
