import I2C
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The daemon's time: a monotonic clock for intervals and a wall clock for what people
/// see (event times, quiet hours, days). Injected so tests run faster than real time.
/// It is also the clock and sleeper the chip drivers get, so sample timestamps are on the
/// daemon's monotonic clock.
public protocol DaemonClock: MonotonicClock, Sleeper, Sendable {
    /// Seconds on a clock that never jumps (CLOCK_MONOTONIC).
    var monotonicSeconds: Double { get }
    /// Seconds since the Unix epoch.
    var wallSeconds: Double { get }
    /// How many real seconds one second of this clock lasts (1 in real time, 0.1 at `--speed 10`).
    var realSecondsPerClockSecond: Double { get }
}

/// The system clocks, optionally running `speed` times faster (for `posture run --speed`).
public final class SystemClock: DaemonClock, @unchecked Sendable {
    private let speed: Double
    private let realStart: Double
    private let wallStart: Double

    public init(speed: Double = 1) {
        self.speed = speed > 0 ? speed : 1
        realStart = Self.read(CLOCK_MONOTONIC)
        wallStart = Self.read(CLOCK_REALTIME)
    }

    public var monotonicSeconds: Double { realStart + (Self.read(CLOCK_MONOTONIC) - realStart) * speed }
    public var wallSeconds: Double {
        speed == 1 ? Self.read(CLOCK_REALTIME) : wallStart + (Self.read(CLOCK_MONOTONIC) - realStart) * speed
    }
    public var realSecondsPerClockSecond: Double { 1 / speed }

    public func nowSeconds() -> Double { monotonicSeconds }

    public func sleep(seconds: Double) {
        var remaining = seconds / speed
        while remaining > 0 {
            var ts = timespec(tv_sec: Int(remaining), tv_nsec: Int((remaining - remaining.rounded(.down)) * 1e9))
            var left = timespec()
            if nanosleep(&ts, &left) == 0 { return }
            guard errno == EINTR else { return }
            remaining = Double(left.tv_sec) + Double(left.tv_nsec) * 1e-9
        }
    }

    static func read(_ id: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(id, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// A clock that moves only when told to: tests advance it instead of sleeping.
public final class ManualDaemonClock: DaemonClock, @unchecked Sendable {
    public private(set) var monotonicSeconds: Double
    public private(set) var wallSeconds: Double
    public var realSecondsPerClockSecond: Double { 0 }

    public init(monotonicSeconds: Double = 1000, wallSeconds: Double = 1_790_000_000) {
        self.monotonicSeconds = monotonicSeconds
        self.wallSeconds = wallSeconds
    }

    public func advance(by seconds: Double) {
        guard seconds > 0 else { return }
        monotonicSeconds += seconds
        wallSeconds += seconds
    }

    public func advance(to monotonic: Double) { advance(by: monotonic - monotonicSeconds) }
    public func nowSeconds() -> Double { monotonicSeconds }
    /// Drivers waiting for a chip reset: time passes at once.
    public func sleep(seconds: Double) { advance(by: seconds) }
}

/// Local calendar facts from wall time: the day a counter belongs to, minutes for quiet hours.
public struct LocalCalendar: Sendable {
    /// Fixed offset from UTC (tests); nil = the system's time zone (TZ, /etc/localtime).
    public var utcOffsetSeconds: Int?

    public init(utcOffsetSeconds: Int? = nil) { self.utcOffsetSeconds = utcOffsetSeconds }

    func brokenDown(_ wall: Double) -> tm {
        var t = time_t(wall.rounded(.down))
        var out = tm()
        if let offset = utcOffsetSeconds {
            t += time_t(offset)
            gmtime_r(&t, &out)
        } else {
            localtime_r(&t, &out)
        }
        return out
    }

    /// "2026-11-22"
    public func dayKey(_ wall: Double) -> String {
        let t = brokenDown(wall)
        return Self.pad(Int(t.tm_year) + 1900, 4) + "-" + Self.pad(Int(t.tm_mon) + 1, 2) + "-" + Self.pad(Int(t.tm_mday), 2)
    }

    public func minuteOfDay(_ wall: Double) -> Int {
        let t = brokenDown(wall)
        return Int(t.tm_hour) * 60 + Int(t.tm_min)
    }

    /// "14:03:07"
    public func timeOfDay(_ wall: Double) -> String {
        let t = brokenDown(wall)
        return Self.pad(Int(t.tm_hour), 2) + ":" + Self.pad(Int(t.tm_min), 2) + ":" + Self.pad(Int(t.tm_sec), 2)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
