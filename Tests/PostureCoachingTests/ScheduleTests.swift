import PostureCoaching
import Testing

@Suite struct WorkScheduleTests {
    static let monday = 1, tuesday = 2, sunday = 0

    func week(_ days: [Int: String]) throws -> WorkSchedule {
        var s = WorkSchedule()
        for (d, text) in days { s.days[d] = try #require(DaySchedule(text), "\(text)") }
        return s
    }

    @Test func parsesTheDayForms() throws {
        #expect(DaySchedule("always") == .allDay)
        #expect(DaySchedule("off") == .off)
        let split = try #require(DaySchedule("09:00-12:00, 13:00-17:30"))
        #expect(split.ranges == [MinuteRange(startMinute: 540, endMinute: 720), MinuteRange(startMinute: 780, endMinute: 1050)])
        #expect(split.description == "09:00-12:00, 13:00-17:30")
        #expect(DaySchedule("18:00-24:00")?.ranges == [MinuteRange(startMinute: 1080, endMinute: 1440)])
        for bad in ["", "9-17", "09:00", "09:00-09:00", "25:00-26:00", "09:60-10:00", "24:00-02:00", "09:00-17:00,", "never"] {
            #expect(DaySchedule(bad) == nil, "\(bad)")
        }
    }

    @Test func alertsOnlyInsideTheDaysRanges() throws {
        let s = try week([Self.monday: "09:00-17:30", Self.sunday: "off"])
        #expect(!s.isWorking(weekday: Self.monday, minuteOfDay: 8 * 60 + 59))
        #expect(s.isWorking(weekday: Self.monday, minuteOfDay: 9 * 60))
        #expect(s.isWorking(weekday: Self.monday, minuteOfDay: 17 * 60 + 29))
        #expect(!s.isWorking(weekday: Self.monday, minuteOfDay: 17 * 60 + 30))
        #expect(!s.isWorking(weekday: Self.sunday, minuteOfDay: 12 * 60))
        #expect(s.isWorking(weekday: Self.tuesday, minuteOfDay: 3 * 60), "tuesday stays all day")
        #expect(WorkSchedule().isAlways && !s.isAlways)
    }

    /// A range past midnight belongs to the day it starts on and runs into the next morning.
    @Test func rangesPastMidnightRunIntoTheNextDay() throws {
        let s = try week([Self.monday: "22:00-02:00", Self.tuesday: "off"])
        #expect(s.isWorking(weekday: Self.monday, minuteOfDay: 23 * 60))
        #expect(!s.isWorking(weekday: Self.monday, minuteOfDay: 60), "Monday 01:00: Monday's range starts at 22:00")
        #expect(s.isWorking(weekday: Self.tuesday, minuteOfDay: 60), "Tuesday 01:00 is still Monday's range")
        #expect(!s.isWorking(weekday: Self.tuesday, minuteOfDay: 2 * 60))
        #expect(!s.isWorking(weekday: Self.monday, minuteOfDay: 21 * 60 + 59))
        // Saturday night into Sunday wraps the week.
        let w = try week([6: "23:00-01:00", Self.sunday: "off"])
        #expect(w.isWorking(weekday: Self.sunday, minuteOfDay: 30))
        #expect(!w.isWorking(weekday: Self.sunday, minuteOfDay: 90))
    }

    @Test func theNudgerHoldsAlertsBackOutsideWorkingHoursAndWhilePaused() throws {
        var settings = NudgeSettings()
        settings.workingHours = try week([Self.monday: "09:00-17:00"])
        var n = Nudger(settings: settings)
        #expect(n.request(.slouch, monotonic: 0, wall: 0, minuteOfDay: 8 * 60, weekday: Self.monday) == .suppressed(.outsideWorkingHours))
        #expect(n.request(.holdTarget, monotonic: 0, wall: 0, minuteOfDay: 8 * 60, weekday: Self.monday)
                == .play(settings.holdTargetPattern, escalated: false), "stretch feedback plays any time")
        #expect(n.request(.slouch, monotonic: 1, wall: 1, minuteOfDay: 10 * 60, weekday: Self.monday) == .play(settings.slouchPattern, escalated: false))
        n.setPause(.until(wallSeconds: 1000), wall: 500)
        #expect(n.request(.sitting, monotonic: 2, wall: 600, minuteOfDay: 10 * 60, weekday: Self.monday) == .suppressed(.paused))
        #expect(n.isPaused(wall: 999) && !n.isPaused(wall: 1000))
        n.expirePause(wall: 1000)
        #expect(n.pause == nil)
        n.setPause(.indefinitely, wall: 0)
        #expect(n.isPaused(wall: 1e9))
        n.setPause(.until(wallSeconds: 10), wall: 20)
        #expect(n.pause == nil, "a pause that already ended is not set")
    }
}

@Suite struct NextMidnightTests {
    /// A local clock: UTC+1 before `switchAt`, UTC+1+`shift` after (a DST change at 02:00 local).
    struct Zone {
        var switchAt: Double
        var shift: Double
        func offset(_ wall: Double) -> Double { wall < switchAt ? 3600 : 3600 + shift }
        func secondsSinceMidnight(_ wall: Double) -> Double {
            let local = wall + offset(wall)
            return local - (local / 86400).rounded(.down) * 86400
        }
    }

    // 2026-03-29 00:00 UTC+1, a Sunday: spring forward at 02:00 local (01:00 UTC).
    static let dayStartUTC = 1_774_738_800.0

    @Test func springForwardDayHas23Hours() {
        let zone = Zone(switchAt: Self.dayStartUTC + 7200, shift: 3600)
        let noon = Self.dayStartUTC + 11 * 3600  // 12:00 local (after the change)
        let midnight = nextLocalMidnight(after: noon, secondsSinceLocalMidnight: zone.secondsSinceMidnight)
        #expect(midnight - Self.dayStartUTC == 23 * 3600)
        #expect(zone.secondsSinceMidnight(midnight) == 0)
    }

    @Test func fallBackDayHas25Hours() {
        let zone = Zone(switchAt: Self.dayStartUTC + 7200, shift: -3600)
        let evening = Self.dayStartUTC + 23 * 3600  // 22:00 local after falling back
        let midnight = nextLocalMidnight(after: evening, secondsSinceLocalMidnight: zone.secondsSinceMidnight)
        #expect(midnight - Self.dayStartUTC == 25 * 3600)
        #expect(zone.secondsSinceMidnight(midnight) == 0)
    }

    @Test func anOrdinaryDayAndJustBeforeMidnight() {
        let zone = Zone(switchAt: .infinity, shift: 0)
        #expect(nextLocalMidnight(after: Self.dayStartUTC, secondsSinceLocalMidnight: zone.secondsSinceMidnight) == Self.dayStartUTC + 86400)
        #expect(nextLocalMidnight(after: Self.dayStartUTC + 86399.5, secondsSinceLocalMidnight: zone.secondsSinceMidnight)
                == Self.dayStartUTC + 86400)
    }
}
