/// Working hours by weekday: slouch and sitting alerts play only inside them. Local time;
/// a range may run past midnight ("22:00-02:00" on Monday covers Monday 22:00 to Tuesday 02:00).
///
/// Weekdays are numbered as `tm_wday`: 0 = Sunday ... 6 = Saturday. The default is all day,
/// every day (no schedule), so behaviour without a `[schedule]` section is unchanged.
public struct WorkSchedule: Equatable, Sendable {
    /// Minute ranges per weekday (index = tm_wday); an empty day has no working hours.
    public var days: [DaySchedule]

    /// `days` from Sunday on; days missing at the end are all day, days past the seventh are ignored
    /// (no trap on a short or long list).
    public init(days: [DaySchedule] = Array(repeating: .allDay, count: 7)) {
        self.days = Array((days + Array(repeating: .allDay, count: max(0, 7 - days.count))).prefix(7))
    }

    public static let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// True when every day is all day: the schedule never holds an alert back.
    public var isAlways: Bool { days.allSatisfy { $0 == .allDay } }

    /// True inside working hours at `minuteOfDay` (0...1439) local time on `weekday` (0 = Sunday).
    /// The previous day's ranges that run past midnight count too.
    public func isWorking(weekday: Int, minuteOfDay m: Int) -> Bool {
        let today = days[((weekday % 7) + 7) % 7]
        let yesterday = days[((weekday + 6) % 7 + 7) % 7]
        if today.ranges.contains(where: { $0.coversToday(m) }) { return true }
        return yesterday.ranges.contains { $0.coversAfterMidnight(m) }
    }
}

/// One weekday's working hours: "always", "off" or "09:00-12:00, 13:00-17:30".
public struct DaySchedule: Equatable, Sendable, CustomStringConvertible {
    public var ranges: [MinuteRange]

    public init(ranges: [MinuteRange]) { self.ranges = ranges }

    public static let allDay = DaySchedule(ranges: [MinuteRange(startMinute: 0, endMinute: 1440)])
    public static let off = DaySchedule(ranges: [])

    /// Parses "always", "off" or comma-separated "HH:MM-HH:MM" ranges (end "24:00" allowed;
    /// an end before the start runs past midnight). Nil for anything else.
    public init?(_ text: String) {
        let t = text.trimmingWhitespace()
        if t == "always" { self = .allDay; return }
        if t == "off" { self = .off; return }
        var ranges: [MinuteRange] = []
        for part in t.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let a = MinuteRange.minute(ends[0], allowMidnightEnd: false),
                  let b = MinuteRange.minute(ends[1], allowMidnightEnd: true), a != b else { return nil }
            ranges.append(MinuteRange(startMinute: a, endMinute: b))
        }
        guard !ranges.isEmpty else { return nil }
        self.ranges = ranges
    }

    public var description: String {
        if self == .allDay { return "always" }
        if ranges.isEmpty { return "off" }
        return ranges.map(\.description).joined(separator: ", ")
    }
}

/// Local minutes [start, end); end < start runs past midnight into the next day.
public struct MinuteRange: Equatable, Sendable, CustomStringConvertible {
    public var startMinute: Int
    /// 1...1440 (1440 = midnight at the end of the day).
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    var crossesMidnight: Bool { endMinute < startMinute }

    func coversToday(_ m: Int) -> Bool { crossesMidnight ? m >= startMinute : m >= startMinute && m < endMinute }
    func coversAfterMidnight(_ m: Int) -> Bool { crossesMidnight && m < endMinute }

    static func minute<S: StringProtocol>(_ s: S, allowMidnightEnd: Bool) -> Int? {
        let hm = s.trimmingWhitespace().split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, (1...2).contains(hm[0].count), hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]),
              (0...59).contains(m) else { return nil }
        if allowMidnightEnd && h == 24 && m == 0 { return 1440 }
        guard (0...23).contains(h) else { return nil }
        return h * 60 + m
    }

    public var description: String {
        func f(_ m: Int) -> String {
            let h = m / 60, mm = m % 60
            return (h < 10 ? "0" : "") + String(h) + ":" + (mm < 10 ? "0" : "") + String(mm)
        }
        return f(startMinute) + "-" + f(endMinute)
    }
}

/// A pause of slouch and sitting alerts: until switched off (Home Assistant's switch, `posture
/// pause`), or until a wall-clock time (`posture pause --until-tomorrow`: the next local midnight).
public enum NudgePause: Equatable, Sendable {
    case indefinitely
    case until(wallSeconds: Double)

    public func isActive(wall: Double) -> Bool {
        switch self {
        case .indefinitely: return true
        case .until(let end): return wall < end
        }
    }

    public var untilWall: Double? {
        if case .until(let end) = self { return end }
        return nil
    }
}

/// The next local midnight after `wall`, whatever the day's length (23 or 25 hours on a DST
/// change). `secondsSinceLocalMidnight` converts a wall time to local time of day (localtime_r).
public func nextLocalMidnight(after wall: Double, secondsSinceLocalMidnight: (Double) -> Double) -> Double {
    // A guess a whole day ahead, then corrected by where the guess landed: a DST change in
    // between makes it land an hour before or after midnight.
    let start = wall - secondsSinceLocalMidnight(wall)
    var guess = start + 86400
    for _ in 0..<3 {
        let since = secondsSinceLocalMidnight(guess)
        if since == 0 { break }
        // Landed late in a day (DST: the day was 25 h): midnight is ahead; early: it was behind.
        guess += since > 43200 ? 86400 - since : -since
    }
    // Never in the past nor at `wall` itself.
    return guess > wall ? guess : start + 86400
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return Substring(s)
    }
}
