import Foundation

/// Local time of day, minutes since midnight.
public struct QuietHours: Equatable, Sendable, CustomStringConvertible {
    public var startMinute: Int
    public var endMinute: Int
    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// True when `minuteOfDay` falls inside, including spans over midnight (22:00-07:00).
    public func contains(minuteOfDay m: Int) -> Bool {
        if startMinute <= endMinute { return m >= startMinute && m < endMinute }
        return m >= startMinute || m < endMinute
    }

    /// "22:00-07:00"
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Self.minute(parts[0]), let b = Self.minute(parts[1]), a != b else { return nil }
        startMinute = a
        endMinute = b
    }

    static func minute(_ s: Substring) -> Int? { MinuteRange.minute(s, allowMidnightEnd: false) }

    public var description: String { MinuteRange(startMinute: startMinute, endMinute: endMinute).description }
}
