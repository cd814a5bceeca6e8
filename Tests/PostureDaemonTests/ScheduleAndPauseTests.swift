import Foundation
import PostureCoaching
import PostureConfig
import PostureControl
import PostureCore
@testable import PostureDaemon
import SystemSupport
import Testing

/// Working hours and pauses in the service: alerts held back, the pause saved, both in `posture status`.
@Suite struct ScheduleAndPauseTests {
    /// ManualClock's default wall time: Monday 2026-09-21 14:13:20 UTC (the harness calendar is UTC).
    static let mondayAfternoon = 1_790_000_000.0
    static let nextMidnight = 1_790_035_200.0  // Tuesday 00:00 UTC

    @Test func pauseUntilTomorrowIsSavedShownAndEndsAtMidnight() throws {
        let dir = temporaryDirectory()
        do {
            let h = try DaemonHarness(records: ServiceTests.slouchEpisode(), stateDirectory: dir)
            let r = h.service.handle(.pause(.tomorrow))
            #expect(r.ok && r.message == "paused until 00:00:00 (tomorrow)", "\(r)")
            #expect(r.status?.paused == true && r.status?.pausedUntil == Self.nextMidnight)
            #expect(r.status?.pausedRemainingSeconds == Self.nextMidnight - Self.mondayAfternoon)
            h.run(until: 110)
            let today = try #require(h.service.stats(days: 1).first)
            #expect(today.counters.slouchAlerts >= 1)
            #expect(today.counters.nudgesPlayed == 0, "paused: no alert played")
            #expect(h.sink.lines.contains { $0.contains("not played: paused") })
            h.service.shutdown()
        }
        // Restarted the same evening: still paused; after midnight: not any more.
        let evening = ManualClock(monotonicSeconds: 9000, wallSeconds: Self.nextMidnight - 60)
        let h2 = try DaemonHarness(records: Motion.records([(3, 0)]), stateDirectory: dir, clock: evening)
        #expect(h2.service.status().paused == true)
        evening.advance(by: 61)
        h2.service.tick()
        #expect(h2.service.status().paused == false)
        #expect(h2.sink.lines.contains { $0.contains("pause ended: alerts play again") })
        let saved = StateStore(directory: dir).load().0
        #expect(saved.paused == nil && saved.pausedUntil == nil)
    }

    @Test func pauseUntilResumedHoldsUntilOff() throws {
        let h = try DaemonHarness(records: Motion.records([(3, 0)]))
        #expect(h.service.handle(.pause(.resumed)).status?.paused == true)
        #expect(h.service.status().pausedUntil == nil)
        #expect(h.service.handle(.pause(.off)).status?.paused == false)
    }

    @Test func outsideWorkingHoursAlertsAreHeldBack() throws {
        var config = PostureConfiguration()
        // Monday only in the morning: the harness's Monday afternoon is outside.
        config.daemon.nudge.workingHours.days[1] = try #require(DaySchedule("08:00-12:00"))
        let h = try DaemonHarness(records: ServiceTests.slouchEpisode(), config: config)
        #expect(h.service.status().workingHoursNow == false)
        #expect(h.service.status().workingHoursToday == "08:00-12:00")
        h.run(until: 110)
        let today = try #require(h.service.stats(days: 1).first)
        #expect(today.counters.slouchAlerts >= 1)
        #expect(today.counters.nudgesPlayed == 0)
        #expect(h.sink.lines.contains { $0.contains("not played: outside_working_hours") })

        // The same episode inside working hours plays.
        config.daemon.nudge.workingHours.days[1] = try #require(DaySchedule("14:00-18:00"))
        let inside = try DaemonHarness(records: ServiceTests.slouchEpisode(), config: config)
        #expect(inside.service.status().workingHoursNow == true)
        inside.run(until: 110)
        #expect((try #require(inside.service.stats(days: 1).first)).counters.nudgesPlayed >= 1)
    }
}

/// The counters Home Assistant shows beyond `posture stats`' older ones.
@Suite struct BreaksAndLastHoldTests {
    @Test func standingUpFromSittingIsABreakAndTheLastHoldIsKept() {
        var r = EventReactions()
        var c = DailyCounters()
        for (t, state) in [(1.0, ActivityState.standing), (2, .sitting), (3, .standing), (4, .walking), (5, .sitting), (6, .walking)] {
            _ = r.react(to: .activity(at: t, state: state), counters: &c)
        }
        #expect(c.breaks == 2, "standing at the start and walking on after standing are no breaks")
        for d in [25.0, 12.5] {
            let hold = HoldEndSummary(durationSeconds: d, targetMet: d > 20, bounces: 0, jerks: 0, pitchDegrees: 40, rollDegrees: 0, startSeconds: 0)
            _ = r.react(to: PostureEvent(timeSeconds: 10, payload: .holdEnd(hold)), counters: &c)
        }
        #expect(c.lastHoldSeconds == 12.5 && c.longestHoldSeconds == 25 && c.holds == 2)
    }
}
