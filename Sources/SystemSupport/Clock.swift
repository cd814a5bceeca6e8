#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A monotonic clock in seconds. Drivers timestamp samples with it; tests inject `ManualClock`.
public protocol MonotonicClock: AnyObject {
    func nowSeconds() -> Double
}

/// Waiting (after a chip reset, between retries). Tests inject `ManualClock`, which advances its
/// own time instead of blocking.
public protocol Sleeper: AnyObject {
    func sleep(seconds: Double)
}

/// A long-running program's time (the daemon's): a monotonic clock for intervals and a wall clock
/// for what people see (event times, quiet hours, days). It is also the clock and sleeper the chip
/// drivers get, so sample timestamps are on the same monotonic clock.
public protocol DaemonClock: MonotonicClock, Sleeper, Sendable {
    /// Seconds on a clock that never jumps (CLOCK_MONOTONIC).
    var monotonicSeconds: Double { get }
    /// Seconds since the Unix epoch: the real time of day even when the monotonic clock runs
    /// faster (`--speed`), so stored events, days and quiet hours stay in the wearer's time.
    var wallSeconds: Double { get }
    /// How many real seconds one second of this clock lasts (1 in real time, 0.1 at `--speed 10`, 0 for a manual clock).
    var realSecondsPerClockSecond: Double { get }
    /// How far the wall clock moves in one second of the monotonic clock (0.1 at `--speed 10`;
    /// 1 for a manual clock, which moves both together): converts sample ages to wall times.
    var wallSecondsPerClockSecond: Double { get }
}


/// The kernel's clocks read once, in seconds (clock_gettime); the one place that converts a timespec.
public enum SystemTime {
    /// CLOCK_MONOTONIC: never jumps with NTP or the wall clock. Also the clock of GPIO edge
    /// timestamps (Linux 5.7 and later; older kernels stamped v1 events with CLOCK_REALTIME).
    public static func monotonicSeconds() -> Double { seconds(CLOCK_MONOTONIC) }
    /// CLOCK_REALTIME: seconds since the Unix epoch.
    public static func wallSeconds() -> Double { seconds(CLOCK_REALTIME) }
    /// CPU time of the calling thread (benchmarks); the monotonic clock where that clock is missing.
    public static func threadCPUSeconds() -> Double {
        var ts = timespec()
        if clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 { return seconds(ts) }
        return monotonicSeconds()
    }
    /// CLOCK_MONOTONIC in whole microseconds, exact (systemd's MONOTONIC_USEC).
    public static func monotonicMicroseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int(ts.tv_sec) * 1_000_000 + Int(ts.tv_nsec) / 1000
    }

    static func seconds(_ id: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(id, &ts)
        return seconds(ts)
    }

    static func seconds(_ ts: timespec) -> Double { Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9 }

    /// A timespec for a non-negative duration; NaN and negative give zero, huge values saturate.
    public static func timespecFor(seconds: Double) -> timespec {
        guard seconds > 0 else { return timespec(tv_sec: 0, tv_nsec: 0) }
        guard seconds < Double(Int32.max) else { return timespec(tv_sec: Int(Int32.max), tv_nsec: 0) }
        let whole = seconds.rounded(.down)
        return timespec(tv_sec: Int(whole), tv_nsec: min(999_999_999, Int((seconds - whole) * 1e9)))
    }

    /// nanosleep for the whole duration, resumed after signals.
    public static func sleep(seconds: Double) {
        var request = timespecFor(seconds: seconds)
        var remaining = timespec()
        while request.tv_sec > 0 || request.tv_nsec > 0 {
            if nanosleep(&request, &remaining) == 0 { return }
            guard errno == EINTR else { return }
            request = remaining
        }
    }
}

/// The system clocks, the monotonic one optionally running `speed` times faster (for
/// `posture run --speed`). The wall clock always stays real: a demo at `--speed 10` must not
/// store events minutes in the future.
public final class SystemClock: DaemonClock, @unchecked Sendable {
    private let speed: Double
    private let realStart: Double

    public init(speed: Double = 1) {
        self.speed = speed > 0 ? speed : 1
        realStart = SystemTime.monotonicSeconds()
    }

    public var monotonicSeconds: Double {
        speed == 1 ? SystemTime.monotonicSeconds() : realStart + (SystemTime.monotonicSeconds() - realStart) * speed
    }
    public var wallSeconds: Double { SystemTime.wallSeconds() }
    public var realSecondsPerClockSecond: Double { 1 / speed }
    public var wallSecondsPerClockSecond: Double { 1 / speed }

    public func nowSeconds() -> Double { monotonicSeconds }

    public func sleep(seconds: Double) { SystemTime.sleep(seconds: seconds / speed) }
}

/// A clock that only moves when told to. `sleep` advances it, so code under test that waits for a
/// chip reset runs instantly and the simulated chip sees the time pass. Wall time moves with it.
public final class ManualClock: DaemonClock, @unchecked Sendable {
    public private(set) var monotonicSeconds: Double
    public private(set) var wallSeconds: Double
    /// Total time spent in `sleep` (tests check that backoff happened).
    public private(set) var sleptSeconds: Double = 0
    public var realSecondsPerClockSecond: Double { 0 }
    public var wallSecondsPerClockSecond: Double { 1 }

    public init(monotonicSeconds: Double = 0, wallSeconds: Double = 1_790_000_000) {
        self.monotonicSeconds = monotonicSeconds
        self.wallSeconds = wallSeconds
    }

    public convenience init(startSeconds: Double) { self.init(monotonicSeconds: startSeconds) }

    /// The monotonic time.
    public var now: Double { monotonicSeconds }
    public func nowSeconds() -> Double { monotonicSeconds }

    public func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        advance(by: seconds)
        sleptSeconds += seconds
    }

    public func advance(by seconds: Double) {
        guard seconds > 0 else { return }
        monotonicSeconds += seconds
        wallSeconds += seconds
    }

    /// Forward to a monotonic time; never backwards.
    public func advance(to monotonic: Double) { advance(by: monotonic - monotonicSeconds) }
    public func set(_ t: Double) { advance(to: t) }
}
