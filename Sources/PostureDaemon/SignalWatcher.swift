#if canImport(Glibc)
import Glibc
#endif

/// Signals the daemon handles, delivered through a self-pipe: the handler only writes the
/// signal number to a non-blocking pipe (async-signal-safe); the run loop polls the other end.
public enum DaemonSignal: Sendable, Equatable {
    case stop(Int32)
    case reload
}

nonisolated(unsafe) private var signalPipeWriteFD: Int32 = -1

public final class SignalWatcher {
    public let readFD: Int32
    private let writeFD: Int32
    private let signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    public init() throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw ControlSocketError(description: "signal pipe: \(errnoText())")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        readFD = fds[0]
        writeFD = fds[1]
        signalPipeWriteFD = writeFD
        for s in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                var byte = UInt8(truncatingIfNeeded: sig)
                let saved = errno
                _ = write(signalPipeWriteFD, &byte, 1)
                errno = saved
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(s, &action, nil)
        }
        // A client that hangs up must not kill the daemon.
        signal(SIGPIPE, SIG_IGN)
        // The signal mask is inherited: a parent that blocked these (some test runners and
        // supervisors do) would leave the daemon deaf to Ctrl-C, SIGTERM and SIGHUP.
        var handled = sigset_t()
        sigemptyset(&handled)
        for s in signals { sigaddset(&handled, s) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
    }

    /// Restores default handling (the pipe stays open: a late signal must not hit a closed fd).
    public func restoreDefaults() {
        for s in signals { signal(s, SIG_DFL) }
    }

    /// Signals received since the last call.
    public func drain() -> [DaemonSignal] {
        var out: [DaemonSignal] = []
        var byte: UInt8 = 0
        while read(readFD, &byte, 1) == 1 {
            let s = Int32(byte)
            out.append(s == SIGHUP ? .reload : .stop(s))
        }
        return out
    }
}
