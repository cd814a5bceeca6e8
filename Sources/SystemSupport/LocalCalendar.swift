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

    /// Wall time of the local midnight that starts `dayKey` ("2026-11-22"); nil when it is not a date.
    public func startOfDay(_ dayKey: String) -> Double? {
        guard var t = Self.parseDay(dayKey) else { return nil }
        if let offset = utcOffsetSeconds { return Double(timegm(&t) - time_t(offset)) }
        t.tm_isdst = -1
        return Double(mktime(&t))
    }

    /// The day `days` after `dayKey` (before when negative); nil when `dayKey` is not a date.
    public static func dayKey(_ dayKey: String, adding days: Int) -> String? {
        guard var t = parseDay(dayKey) else { return nil }
        t.tm_mday += Int32(clamping: days)
        var seconds = timegm(&t)
        var out = tm()
        gmtime_r(&seconds, &out)
        return pad(Int(out.tm_year) + 1900, 4) + "-" + pad(Int(out.tm_mon) + 1, 2) + "-" + pad(Int(out.tm_mday), 2)
    }

    /// "YYYY-MM-DD" as a calendar date (noon, so no time zone shifts it); nil for 2026-02-30 and the like.
    static func parseDay(_ text: String) -> tm? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int32(parts[0]), let m = Int32(parts[1]), let d = Int32(parts[2]),
              (1...12).contains(m), (1...31).contains(d), y >= 1970 else { return nil }
        var t = tm()
        t.tm_year = y - 1900
        t.tm_mon = m - 1
        t.tm_mday = d
        t.tm_hour = 12
        var probe = t
        var seconds = timegm(&probe)
        var back = tm()
        gmtime_r(&seconds, &back)
        guard back.tm_mday == d, back.tm_mon == m - 1 else { return nil }
        t.tm_hour = 0
        return t
    }

    /// `n` with leading zeros to `width` digits.
    public static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
