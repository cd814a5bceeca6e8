#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A monotonic clock in seconds. Drivers timestamp samples with it; tests inject `ManualClock`.
public protocol MonotonicClock: AnyObject {
    func nowSeconds() -> Double
}

/// Waiting (after a chip reset, between retries). Tests inject `ManualClock`, which
/// advances its own time instead of blocking.
public protocol Sleeper: AnyObject {
    func sleep(seconds: Double)
}

/// CLOCK_MONOTONIC: never jumps with NTP or the wall clock.
public final class SystemMonotonicClock: MonotonicClock {
    public init() {}
    public func nowSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// nanosleep, resumed after signals until the full time has passed.
public final class SystemSleeper: Sleeper {
    public init() {}
    public func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        let whole = seconds.rounded(.down)
        var request = timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}

/// A clock that only moves when told to. `sleep` advances it, so code under test that
/// waits for a chip reset runs instantly and the simulated chip sees the time pass.
public final class ManualClock: MonotonicClock, Sleeper {
    public private(set) var now: Double
    /// Total time spent in `sleep` (tests check that backoff happened).
    public private(set) var sleptSeconds: Double = 0

    public init(startSeconds: Double = 0) { now = startSeconds }
    public func nowSeconds() -> Double { now }
    public func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        now += seconds
        sleptSeconds += seconds
    }
    public func advance(by seconds: Double) { if seconds > 0 { now += seconds } }
    public func set(_ t: Double) { if t > now { now = t } }
}
