#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a watched signal asks for.
public enum WatchedSignal: Sendable, Equatable {
    /// SIGTERM, SIGINT (the number says which).
    case stop(Int32)
    /// SIGHUP.
    case reload
}

nonisolated(unsafe) private var signalPipeWriteFD: Int32 = -1

/// The one signal mechanism: the handler only writes the signal number to a non-blocking pipe
/// (async-signal-safe); the program polls `readFD` with its other descriptors (`PollWait`) or asks
/// `checkForStop()` between steps. One watcher per process at a time.
public final class SignalWatcher {
    public let readFD: Int32
    private let writeFD: Int32
    private let stopSignals: [Int32]
    private let reloadSignals: [Int32]
    /// A stop signal arrived (in any `drain`).
    public private(set) var stopReceived = false

    /// Stop on `stopSignals`, reload on `reloadSignals` (none: SIGHUP keeps its default action).
    public init(stopSignals: [Int32] = [SIGTERM, SIGINT], reloadSignals: [Int32] = [SIGHUP]) throws(SystemCallError) {
        self.stopSignals = stopSignals
        self.reloadSignals = reloadSignals
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SystemCallError("signal pipe") }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        readFD = fds[0]
        writeFD = fds[1]
        signalPipeWriteFD = writeFD
        let handled = stopSignals + reloadSignals
        for s in handled {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { sig in
                var byte = UInt8(truncatingIfNeeded: sig)
                let saved = errno
                _ = write(signalPipeWriteFD, &byte, 1)
                errno = saved
            }
            #else
            action.__sigaction_u.__sa_handler = { sig in
                var byte = UInt8(truncatingIfNeeded: sig)
                let saved = errno
                _ = write(signalPipeWriteFD, &byte, 1)
                errno = saved
            }
            #endif
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(s, &action, nil)
        }
        // A peer that hangs up (socket, pipe) must not kill the process.
        signal(SIGPIPE, SIG_IGN)
        // The signal mask is inherited: a parent that blocked these (some test runners and
        // supervisors do) would leave the program deaf to Ctrl-C, SIGTERM and SIGHUP.
        var set = sigset_t()
        sigemptyset(&set)
        for s in handled { sigaddset(&set, s) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Restores default handling (the pipe stays open: a late signal must not hit a closed fd).
    public func restoreDefaults() {
        for s in stopSignals + reloadSignals { signal(s, SIG_DFL) }
    }

    /// Signals received since the last call.
    public func drain() -> [WatchedSignal] {
        var out: [WatchedSignal] = []
        var byte: UInt8 = 0
        while read(readFD, &byte, 1) == 1 {
            let s = Int32(byte)
            if reloadSignals.contains(s) {
                out.append(.reload)
            } else {
                out.append(.stop(s))
                stopReceived = true
            }
        }
        return out
    }

    /// Drains the pipe and says whether a stop signal has arrived so far (loops that check between steps).
    public func checkForStop() -> Bool {
        _ = drain()
        return stopReceived
    }
}
