#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// poll(2) written once: seconds in, a timeout that cannot trap, signals (EINTR) resumed with the
/// time that is left.
public enum PollWait {
    /// poll's timeout for a wait in seconds: rounded up (waking early would only loop), clamped to
    /// 0...Int32.max milliseconds; NaN and negative give 0 (do not wait), +infinity gives -1 (no timeout).
    public static func milliseconds(seconds: Double) -> Int32 {
        if seconds == .infinity { return -1 }
        guard seconds > 0 else { return 0 }
        let ms = (seconds * 1000).rounded(.up)
        return ms >= Double(Int32.max) ? Int32.max : Int32(ms)
    }

    /// Waits until one of `descriptors` has an event or `timeoutSeconds` passed; returns how many have
    /// events (0 on timeout; `revents` says which). A negative descriptor is ignored, as poll does.
    @discardableResult
    public static func wait(_ descriptors: inout [pollfd], timeoutSeconds: Double) throws(SystemCallError) -> Int {
        let deadline = timeoutSeconds.isFinite ? SystemTime.monotonicSeconds() + max(0, timeoutSeconds) : timeoutSeconds
        var timeout = milliseconds(seconds: timeoutSeconds)
        while true {
            let count = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if count >= 0 { return Int(count) }
            let code = errno
            guard code == EINTR else { throw SystemCallError("poll", code: code) }
            if deadline.isFinite { timeout = milliseconds(seconds: deadline - SystemTime.monotonicSeconds()) }
        }
    }

    /// One descriptor waiting for input: true when it is readable (or hung up) within the time.
    public static func isReadable(_ fd: Int32, timeoutSeconds: Double) -> Bool {
        var descriptors = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        guard let count = try? wait(&descriptors, timeoutSeconds: timeoutSeconds) else { return false }
        return count > 0 && descriptors[0].revents != 0
    }
}
