import PostureCoaching
import PostureConfig
import PostureControl
import PostureCore
import PosturePipeline
import Testing
@testable import PostureDaemon

@Suite("Event reactions")
struct EventReactionsTests {
    @Test func alertsNudgeAndAreCounted() {
        var r = EventReactions()
        var c = DailyCounters()
        let ok1: Bool = r.react(to: .slouchAlert(at: 1, slouchedSeconds: 30), counters: &c) == EventReaction(nudge: .slouch)
        #expect(ok1)
        let ok2: Bool = r.react(to: .sittingNudge(at: 2, sittingSeconds: 1800), counters: &c) == EventReaction(nudge: .sitting)
        #expect(ok2)
        #expect(c.slouchAlerts == 1 && c.sittingNudges == 1)
        let ok3: Bool = r.react(to: PostureEvent(timeSeconds: 3, payload: .bounce(frequencyHz: 3, amplitudeDegrees: 5, axis: .pitch)), counters: &c) == EventReaction(nudge: .warning)
        #expect(ok3)
        let ok4: Bool = r.react(to: PostureEvent(timeSeconds: 4, payload: .jerk(peakDegreesPerSecond: 200)), counters: &c) == EventReaction(nudge: .warning)
        #expect(ok4)
        #expect(c.bounces == 1 && c.jerks == 1)
    }

    @Test func correctionsClearIgnoredAlerts() {
        var r = EventReactions()
        var c = DailyCounters()
        let ok5: Bool = r.react(to: .posture(at: 1, state: .upright), counters: &c) == EventReaction(corrected: .slouch)
        #expect(ok5)
        let ok6: Bool = r.react(to: .posture(at: 2, state: .slouched), counters: &c) == .none
        #expect(ok6)
        let ok7: Bool = r.react(to: .activity(at: 3, state: .standing), counters: &c) == EventReaction(corrected: .sitting)
        #expect(ok7)
        let ok8: Bool = r.react(to: .activity(at: 4, state: .walking), counters: &c) == EventReaction(corrected: .sitting)
        #expect(ok8)
        let ok9: Bool = r.react(to: .activity(at: 5, state: .sitting), counters: &c) == .none
        #expect(ok9)
        #expect(c == DailyCounters())
    }

    @Test func countersWithoutNudges() {
        var r = EventReactions()
        var c = DailyCounters()
        let ok10: Bool = r.react(to: .calibrated(at: 1, up: .unitZ), counters: &c) == .none
        #expect(ok10)
        let ok11: Bool = r.react(to: PostureEvent(timeSeconds: 2, payload: .stretchStart(reason: .button)), counters: &c) == .none
        #expect(ok11)
        let ok12: Bool = r.react(to: .fault(at: 3, kind: "bus_error", detail: "x"), counters: &c) == .none
        #expect(ok12)
        let ok13: Bool = r.react(to: PostureEvent(timeSeconds: 4, payload: .twist(countToday: 1)), counters: &c) == .none
        #expect(ok13)
        #expect(c.calibrations == 1 && c.stretchSessions == 1 && c.faults == 1)
    }

    static func holdEnd(at t: Double, seconds: Double, met: Bool) -> PostureEvent {
        PostureEvent(timeSeconds: t, payload: .holdEnd(HoldEndSummary(
            durationSeconds: seconds, targetMet: met, bounces: 0, jerks: 0, pitchDegrees: 10, rollDegrees: 0, startSeconds: t - seconds)))
    }

    @Test func holdTargetIsSignalledOncePerHold() {
        var r = EventReactions()
        var c = DailyCounters()
        let noHold = r.holdTargetReached(now: 100, targetSeconds: 20)
        #expect(!noHold)
        _ = r.react(to: PostureEvent(timeSeconds: 10, payload: .holdStart(pitchDegrees: 10, rollDegrees: 0)), counters: &c)
        #expect(r.holdStartedSeconds == 10)
        let ok14: Bool = !r.holdTargetReached(now: 29.9, targetSeconds: 20)
        #expect(ok14)
        let ok15: Bool = r.holdTargetReached(now: 30, targetSeconds: 20)
        #expect(ok15)
        let ok16: Bool = !r.holdTargetReached(now: 31, targetSeconds: 20)
        #expect(ok16)
        // Signalled while held: the end does not signal again.
        let ok17: Bool = r.react(to: Self.holdEnd(at: 35, seconds: 25, met: true), counters: &c) == .none
        #expect(ok17)
        #expect(r.holdStartedSeconds == nil)
        // A hold that met its target between two checks gets the signal at its end.
        _ = r.react(to: PostureEvent(timeSeconds: 40, payload: .holdStart(pitchDegrees: 10, rollDegrees: 0)), counters: &c)
        let ok18: Bool = r.react(to: Self.holdEnd(at: 61, seconds: 21, met: true), counters: &c) == EventReaction(nudge: .holdTarget)
        #expect(ok18)
        let ok19: Bool = r.react(to: Self.holdEnd(at: 70, seconds: 5, met: false), counters: &c) == .none
        #expect(ok19)
        #expect(c.holds == 3 && c.holdsTargetMet == 2 && c.holdSecondsTotal == 51 && c.longestHoldSeconds == 25)
    }
}

@Suite("Daily ledger")
struct DailyLedgerTests {
    @Test func accountsTimeFromThePipelinesRunningTotal() {
        var l = DailyLedger(day: "2026-12-01")
        l.account(pipelineSlouchedSeconds: 5, upright: false, sitting: true, sittingBoutSeconds: 60, batchSeconds: 0.25)
        l.account(pipelineSlouchedSeconds: 5.25, upright: true, sitting: true, sittingBoutSeconds: 60.25, batchSeconds: 0.25)
        // A pipeline total that went back (a restart of the count) adds nothing.
        l.account(pipelineSlouchedSeconds: 1, upright: true, sitting: false, sittingBoutSeconds: 0, batchSeconds: 0.25)
        let c = l.today
        #expect(c.slouchedSeconds == 5.25 && c.uprightSeconds == 0.5 && c.sittingSeconds == 0.5)
        #expect(c.longestSittingBoutSeconds == 60.25)
        l.accountOpenSittingBout(100)
        #expect(l.today.longestSittingBoutSeconds == 100)
        l.accountOpenSittingBout(10)
        #expect(l.today.longestSittingBoutSeconds == 100)
    }

    @Test func aNewDayKeepsTodayAndYesterdayOnly() {
        var l = DailyLedger(day: "2026-11-29")
        var saved: [String: DailyCounters] = [:]
        for (i, day) in ["2026-11-27", "2026-11-28", "2026-11-29"].enumerated() {
            var c = DailyCounters()
            c.slouchAlerts = i + 1
            saved[day] = c
        }
        l.restore(saved)
        #expect(l.today.slouchAlerts == 3)
        l.startDay("2026-11-30")
        #expect(l.currentDay == "2026-11-30")
        #expect(l.today == DailyCounters())
        // The day that ended and the one before it stay; older ones are in the database.
        #expect(Set(l.counters.keys) == ["2026-11-28", "2026-11-29"])
        l.today.jerks = 1
        #expect(Set(l.counters.keys) == ["2026-11-28", "2026-11-29", "2026-11-30"])
    }

    @Test func statsPreferLiveCountersNewestFirst() {
        var l = DailyLedger(day: "2026-12-01")
        l.today.bounces = 4
        var stored = DailyCounters()
        stored.bounces = 1
        var old = DailyCounters()
        old.jerks = 2
        let s = l.stats(days: 2, stored: [DayStats(day: "2026-12-01", counters: stored), DayStats(day: "2026-11-30", counters: old),
                                          DayStats(day: "2026-11-29", counters: old)],
                        openSittingBoutSeconds: 600)
        #expect(s.map(\.day) == ["2026-12-01", "2026-11-30"])
        #expect(s[0].counters.bounces == 4 && s[0].counters.longestSittingBoutSeconds == 600)
        #expect(s[1].counters.jerks == 2)
        // Nothing yet today: a zero day, not a gap.
        let fresh = DailyLedger(day: "2026-12-02").stats(days: 7, stored: [], openSittingBoutSeconds: 0)
        #expect(fresh == [DayStats(day: "2026-12-02", counters: DailyCounters())])
    }

    @Test func flushScheduleFollowsTheInterval() {
        var f = FlushSchedule(intervalSeconds: 60, now: 0)
        let ok20: Bool = !f.isDue(now: 59.9)
        #expect(ok20)
        let ok21: Bool = f.isDue(now: 60.5)
        #expect(ok21)
        #expect(f.nextSeconds == 120.5)
        let ok22: Bool = !f.isDue(now: 61)
        #expect(ok22)
        f.change(intervalSeconds: 10, now: 70)
        #expect(f.nextSeconds == 80)
        f.change(intervalSeconds: 600, now: 71)
        #expect(f.nextSeconds == 80)
        let ok23: Bool = f.isDue(now: 80) && f.nextSeconds == 680
        #expect(ok23)
    }
}

@Suite("Control handling")
struct ControlHandlingTests {
    final class FakeTarget: ControlTarget {
        var health = SensorHealth.ok
        var holdTargetSeconds = 20.0
        var snoozeUntilWall: Double?
        var calibrates = true
        var ackable = false
        var log: [String] = []
        let report = StatusReport(posture: "upright", activity: "sitting", calibrated: true, tiltDegrees: 0, pitchDegrees: 0,
                                  rollDegrees: 0, sittingSeconds: 0, snoozeUntil: nil, snoozeRemainingSeconds: nil,
                                  quietHoursNow: false,
                                  sensor: SensorReport(chip: "c", state: "ok", detail: nil, samples: 1, lastSampleAgeSeconds: nil, faults: 0),
                                  uptimeSeconds: 1, mock: false)
        func status() -> StatusReport { log.append("status"); return report }
        func stats(days: Int) -> [DayStats] { log.append("stats \(days)"); return [DayStats(day: "d", counters: DailyCounters())] }
        func statsPage(days: Int, offset: Int, pageDays: Int) -> (days: [DayStats], nextOffset: Int?) {
            log.append("stats \(days)")
            return ([DayStats(day: "d", counters: DailyCounters())], nil)
        }
        var recentRuns: [RoutineRun] = []
        func recentRoutineRuns() -> [RoutineRun] { log.append("routine runs"); return recentRuns }
        func calibrateNow() -> Bool { log.append("calibrate"); return calibrates }
        func startStretchNow() { log.append("stretch") }
        func acknowledgeAlert() -> Bool { log.append("ack"); return ackable }
        func snooze(seconds: Double) {
            log.append("snooze \(Int(seconds))")
            snoozeUntilWall = seconds > 0 ? 3600 + seconds : nil
        }
        func timeOfDay(_ wallSeconds: Double) -> String { "T\(Int(wallSeconds))" }
        var routineNames = ["daily"]
        var running: RoutineSummary?
        func startRoutineNow(named name: String) -> Result<RoutineSummary, ControlCommandError> {
            log.append("routine \(name)")
            guard name == "daily" else { return .failure(ControlCommandError("no routine named \"\(name)\"")) }
            var r = RoutineRunner(definition: .basicDaily, startSeconds: 0)
            _ = r.start()
            let summary = r.summary(at: 0, stopped: false)
            running = summary
            return .success(summary)
        }
        func routineProgress() -> RoutineSummary? { running }
        func stopRoutineNow() -> RoutineSummary? { defer { running = nil }; return running }
        func skipRoutineStepNow() -> Bool { running != nil }
        func pause(_ request: PauseRequest) -> Double? {
            log.append("pause \(request.rawValue)")
            return request == .tomorrow ? 86400 : nil
        }
    }

    @Test func pauseActsAndAnswersWithTheStatus() {
        let t = FakeTarget()
        let tomorrow = ControlHandling.respond(to: .pause(.tomorrow), target: t)
        #expect(tomorrow.ok && tomorrow.message == "paused until T86400 (tomorrow)" && tomorrow.status == t.report)
        #expect(ControlHandling.respond(to: .pause(.resumed), target: t).message == "paused until resumed (`posture resume`)")
        #expect(ControlHandling.respond(to: .pause(.off), target: t).message == "resumed: alerts play again (inside working hours)")
        #expect(t.log == ["pause tomorrow", "status", "pause resumed", "status", "pause off", "status"])
    }

    @Test func eachCommandActsAndAnswers() {
        let t = FakeTarget()
        #expect(ControlHandling.respond(to: .status, target: t) == ControlResponse(ok: true, status: t.report))
        #expect(ControlHandling.respond(to: .calibrate, target: t).message == "calibrated: this posture is now upright")
        t.calibrates = false
        #expect(ControlHandling.respond(to: .calibrate, target: t).message == "calibration will be taken at the next sample")
        #expect(ControlHandling.respond(to: .stretch, target: t).message == "stretch session started: hold each stretch 20 s, no bouncing")
        #expect(ControlHandling.respond(to: .ack, target: t) == .failure("no recent alert to acknowledge"))
        t.ackable = true
        #expect(ControlHandling.respond(to: .ack, target: t) == ControlResponse(ok: true, message: "acknowledged"))
        let snoozed = ControlHandling.respond(to: .snooze(seconds: 1800), target: t)
        #expect(snoozed.ok && snoozed.message == "snoozed for 30m 00s (until T5400)" && snoozed.status == t.report)
        let off = ControlHandling.respond(to: .snooze(seconds: 0), target: t)
        #expect(off.ok && off.message == "snooze off" && off.status == t.report)
        #expect(ControlHandling.respond(to: .stats(days: 3), target: t).stats?.count == 1)
        #expect(t.log == ["status", "calibrate", "calibrate", "stretch", "ack", "ack", "snooze 1800", "status", "snooze 0", "status", "stats 3",
                          "routine runs"])
        // The week's routines come with the first page only.
        var daily = RoutineRunner(definition: .basicDaily, startSeconds: 0)
        _ = daily.start()
        t.recentRuns = [RoutineRun(startWall: 100, endWall: 400, day: "d", summary: daily.stop(at: 300))]
        #expect(ControlHandling.respond(to: .stats(days: 3), target: t).routineRuns == t.recentRuns)
        #expect(ControlHandling.respond(to: .stats(days: 300, offset: 100), target: t).routineRuns == nil)
    }

    @Test func calibrationNeedsAWorkingSensor() {
        let t = FakeTarget()
        t.health = .fault(detail: "gone", since: 0)
        #expect(ControlHandling.respond(to: .calibrate, target: t) == .failure("cannot calibrate: sensor fault"))
        t.health = .stalled(since: 0)
        #expect(ControlHandling.respond(to: .calibrate, target: t) == .failure("cannot calibrate: sensor stalled"))
        #expect(t.log.isEmpty)
    }
}

@Suite("Reload")
struct ConfigReloadTests {
    @Test func hardwareSettingsNeedARestart() {
        let old = DaemonSettings()
        #expect(ConfigReload.settingsNeedingRestart(old: old, new: old).isEmpty)
        var new = old
        new.nudge.maxPerHour = 3
        new.button.debounceMilliseconds = 50
        new.log.level = .debug
        #expect(ConfigReload.settingsNeedingRestart(old: old, new: new).isEmpty)
        new.sensor.rateHz = 50
        new.gpio.motor.activeLow = true
        new.button.line = 5
        new.control.socketPath = "/tmp/x.sock"
        new.state.directory = "/tmp/state"
        new.mock.loop = false
        #expect(ConfigReload.settingsNeedingRestart(old: old, new: new) ==
                ["[sensor] bus/chip/rate", "[gpio]", "button.line/active_low/bias", "[control]", "state.directory", "[mock]"])
    }
}
