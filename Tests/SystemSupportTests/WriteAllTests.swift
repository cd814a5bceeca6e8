import Testing
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

struct WriteAllTests {
    @Test func writesEveryByteOfMultibyteText() {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let text = String(repeating: "posture ✓\n", count: 3000)   // 36 kB: fits the pipe, no reader needed
        #expect(writeAll(text, toFileDescriptor: fds[1]) == 0)
        close(fds[1])
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &chunk, chunk.count)
            if n <= 0 { break }
            received += chunk[0..<n]
        }
        #expect(received == Array(text.utf8))
    }

    @Test func reportsTheErrnoThatStoppedIt() {
        #expect(writeAll("x", toFileDescriptor: -1) == EBADF)
        #expect(writeAll("", toFileDescriptor: -1) == 0, "nothing to write is no error")
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        signal(SIGPIPE, SIG_IGN)
        #expect(writeAll("nobody reads", toFileDescriptor: fds[1]) == EPIPE)
        close(fds[1])
    }
}
