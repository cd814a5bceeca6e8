#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Local calendar facts from wall time: the day a counter belongs to, minutes for quiet hours.
public struct LocalCalendar: Sendable {
    /// Fixed offset from UTC (tests); nil = the system's time zone (TZ, /etc/localtime).
    public var utcOffsetSeconds: Int?

    public init(utcOffsetSeconds: Int? = nil) { self.utcOffsetSeconds = utcOffsetSeconds }

    public func brokenDown(_ wall: Double) -> tm {
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

    /// 0 = Sunday ... 6 = Saturday, local.
    public func weekday(_ wall: Double) -> Int { Int(brokenDown(wall).tm_wday) }

    /// Local clock time of day in seconds (with the fraction of `wall`).
    public func secondsSinceMidnight(_ wall: Double) -> Double {
        let t = brokenDown(wall)
        return Double(Int(t.tm_hour) * 3600 + Int(t.tm_min) * 60 + Int(t.tm_sec)) + (wall - wall.rounded(.down))
    }

    /// "14:03:07"
    public func timeOfDay(_ wall: Double) -> String {
        let t = brokenDown(wall)
        return Self.pad(Int(t.tm_hour), 2) + ":" + Self.pad(Int(t.tm_min), 2) + ":" + Self.pad(Int(t.tm_sec), 2)
    }

    /// `n` with leading zeros to `width` digits.
    public static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
