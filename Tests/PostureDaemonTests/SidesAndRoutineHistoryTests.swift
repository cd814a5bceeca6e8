import Foundation
import GRDB
import PostureCoaching
import PostureControl
import PostureCore
import Testing
@testable import PostureDaemon

/// Left/right totals per day and guided routines in the history: counted from the events the
/// service sees, written with their steps, read back offline, and an older history migrated.
@Suite struct SidesAndRoutineHistoryTests {
    static func hold(_ h: DaemonHarness, _ exercise: Exercise, _ side: ExerciseSide, seconds: Double, degrees: Double) {
        let now = h.clock.monotonicSeconds
        RoutineServiceTests.event(h, .holdStart(pitchDegrees: 0, rollDegrees: 0, exercise: ExerciseRecognition(exercise: exercise, side: side)))
        h.run(until: now - h.origin + seconds)
        var end = HoldEndSummary(durationSeconds: seconds, targetMet: seconds >= 20, bounces: 0, jerks: 0, pitchDegrees: 0, rollDegrees: 0,
                                 startSeconds: h.clock.monotonicSeconds - seconds)
        end.exercise = ExerciseRecognition(exercise: exercise, side: side)
        end.exerciseDegrees = degrees
        RoutineServiceTests.event(h, .holdEnd(end))
    }

    @Test func dailyRoutineThroughTheServiceIsStoredWithItsStepsAndTheDaysSides() throws {
        let dir = temporaryDirectory()
        let h = try DaemonHarness(records: Motion.records([(900, 0)]), stateDirectory: dir)
        h.run(until: 2)
        #expect(h.service.handle(.routine(name: "daily")).ok)
        Self.hold(h, .childsPose, .none, seconds: 62, degrees: 70)
        for i in 1...15 { RoutineServiceTests.event(h, .repetition(count: i, exercise: "cat_cow")) }
        // Knee-to-chest: the left side longer and deeper than the right.
        Self.hold(h, .kneeToChest, .left, seconds: 45, degrees: 40)
        Self.hold(h, .kneeToChest, .left, seconds: 40, degrees: 42)
        RoutineServiceTests.event(h, .jerk(peakDegreesPerSecond: 250))
        Self.hold(h, .kneeToChest, .right, seconds: 30, degrees: 35)
        Self.hold(h, .kneeToChest, .right, seconds: 30, degrees: 33)
        #expect(h.service.status().routine?.currentStep == 3)
        #expect(h.service.handle(.routineSkip).ok)
        for i in 1...10 { RoutineServiceTests.event(h, .repetition(count: i, exercise: "pelvic_tilt")) }
        #expect(h.service.status().routine == nil)

        // The day's left/right totals, from the hold_end events.
        let sides = h.service.ledger.today.sides
        #expect(sides == [SideTotals(exercise: "knee_to_chest", leftHolds: 2, rightHolds: 2, leftSeconds: 85, rightSeconds: 60,
                                     leftDegrees: 42, rightDegrees: 35)])
        #expect(sides.first?.secondsText == "left 85 s / right 60 s: right side 29 % short")
        #expect(sides.first?.degreesText == "angle left 42° / right 35°: right side 17 % less")

        // Listed with stats before it is written (pending), and after.
        let before = h.service.handle(.stats(days: 7))
        #expect(before.routineRuns?.count == 1 && before.routineRuns?.first?.summary.stepsDone == 4)
        h.service.persist(reason: "test")
        let after = h.service.handle(.stats(days: 7))
        #expect(after.routineRuns == before.routineRuns)
        #expect(after.stats?.first?.counters.sides == sides)

        // Offline, as `posture stats`, `export` and `report` read it.
        let offline = try OfflineHistory(stateDirectory: dir)
        let read = try offline.routineRuns(from: "0000-01-01", to: "9999-12-31")
        #expect(read.unreadable == 0)
        let run = try #require(read.runs.first)
        #expect(read.runs.count == 1 && run.summary.name == "daily" && !run.summary.stopped && !run.completed)
        #expect(run.summary.steps.map(\.outcome) == [.done, .done, .done, .skipped, .done])
        #expect(run.summary.steps[2].holds.map(\.side) == ["left", "left", "right", "right"])
        #expect(run.summary.steps[2].holds.map(\.seconds) == [45, 40, 30, 30] && run.summary.steps[2].jerks == 1)
        #expect(run.summary.repetitions == 25 && run.summary.leftHolds == 2 && run.summary.rightHolds == 2)
        #expect(abs(run.endWall - run.startWall - run.summary.durationSeconds) < 1e-6 && run.summary.durationSeconds > 200)
        #expect(run.day == h.service.ledger.currentDay)
        let stored = try offline.stats(days: 1, today: h.service.ledger.currentDay)
        #expect(stored.first?.counters.sides == sides && stored.first?.counters.routines == 1)
        // The routine_end event is stored too, with its totals.
        let ends = try HistoryReader(path: dir + "/history.sqlite").read { db in
            try String.fetchAll(db, sql: "SELECT json FROM event WHERE name = 'routine_end'")
        }
        #expect(ends.count == 1 && ends.first?.contains(#""steps_done":4"#) == true)
    }

    @Test func sideTotalsCountOnlyHoldsWithASide() {
        var c = DailyCounters()
        var r = EventReactions()
        func end(_ e: ExerciseRecognition?, _ s: Double, _ deg: Double?) -> PostureEvent {
            var h = HoldEndSummary(durationSeconds: s, targetMet: true, bounces: 0, jerks: 0, pitchDegrees: 0, rollDegrees: 0, startSeconds: 0)
            h.exercise = e
            h.exerciseDegrees = deg
            return PostureEvent(timeSeconds: 100, payload: .holdEnd(h))
        }
        _ = r.react(to: end(nil, 30, nil), counters: &c)
        _ = r.react(to: end(ExerciseRecognition(exercise: .forwardFold, side: .none), 30, 80), counters: &c)
        _ = r.react(to: end(ExerciseRecognition(exercise: .sideBend, side: .right), 18, -25), counters: &c)
        _ = r.react(to: end(ExerciseRecognition(exercise: .seatedTwist, side: .left), 22, 30), counters: &c)
        _ = r.react(to: end(ExerciseRecognition(exercise: .sideBend, side: .right), 16, 28), counters: &c)
        #expect(c.holds == 5)
        #expect(c.sides == [
            SideTotals(exercise: "side_bend", leftHolds: 0, rightHolds: 2, leftSeconds: 0, rightSeconds: 34, leftDegrees: 0, rightDegrees: 28),
            SideTotals(exercise: "seated_twist", leftHolds: 1, rightHolds: 0, leftSeconds: 22, rightSeconds: 0, leftDegrees: 30, rightDegrees: 0),
        ])
        #expect(c.sides[0].secondsText == "left 0 s / right 34 s: left side not done")
    }

    /// A history written before this version (migrations v1 and v2, counters without `sides`):
    /// read offline as it is, then migrated in place by the daemon, nothing lost or moved aside.
    @Test func anOlderHistoryIsReadAndMigratedKeepingItsDays() throws {
        let dir = temporaryDirectory()
        let path = dir + "/history.sqlite"
        do {
            let old = try DatabaseQueue(path: path)
            try old.write { db in
                try db.execute(sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1'), ('v2-runs');
                    CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, t DOUBLE NOT NULL, day TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL);
                    CREATE INDEX event_on_day ON event(day);
                    CREATE TABLE daily (day TEXT NOT NULL PRIMARY KEY, json TEXT NOT NULL);
                    CREATE TABLE run (id INTEGER PRIMARY KEY AUTOINCREMENT, start_t DOUBLE NOT NULL, end_t DOUBLE NOT NULL);
                    INSERT INTO event (t, day, name, json) VALUES (1000, '2026-11-20', 'posture', '{"t":1000.000,"event":"posture","state":"slouched"}');
                    INSERT INTO daily VALUES ('2026-11-20', '{"bounces":3,"holds":4,"slouched_s":120}');
                    INSERT INTO run (start_t, end_t) VALUES (900, 2000);
                    """)
            }
        }
        // Offline readers first (the daemon not yet upgraded): no routines, the counters as they were.
        do {
            let offline = try OfflineHistory(stateDirectory: dir)
            #expect(try offline.routineRuns(from: "0000-01-01", to: "9999-12-31").runs.isEmpty)
            let day = try #require(try offline.counters(from: "2026-11-20", to: "2026-11-20").first)
            #expect(day.counters.bounces == 3 && day.counters.holds == 4 && day.counters.sides.isEmpty)
        }
        let store = try HistoryStore(path: path)
        #expect(store.movedAsideTo == nil, "\(store.movedAsideReason ?? "")")
        #expect(try store.dailyCounters(limit: 5).map(\.counters.slouchedSeconds) == [120])
        #expect(try store.events(day: "2026-11-20").count == 1)
        var runner = RoutineRunner(definition: .basicDaily, startSeconds: 0)
        _ = runner.start()
        _ = runner.handle(.holdEnded(exercise: "childs_pose", side: "none", durationSeconds: 61), at: 70)
        let summary = runner.stop(at: 100)
        store.append(RoutineRun(startWall: 5000, endWall: 5100, day: "2026-11-21", summary: summary))
        var c = DailyCounters()
        c.addSideHold(exercise: "knee_to_chest", side: "left", seconds: 20, degrees: 30)
        try store.flush(counters: ["2026-11-21": c])
        let migrations = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY 1") }
        #expect(migrations == ["v1", "v2-runs", "v3-routine-runs"])
        // Opened again (and read offline): the same.
        #expect(try HistoryStore(path: path).movedAsideTo == nil)
        let offline = try OfflineHistory(stateDirectory: dir)
        let runs = try offline.routineRuns(from: "2026-11-21", to: "2026-11-21").runs
        #expect(runs == [RoutineRun(startWall: 5000, endWall: 5100, day: "2026-11-21", summary: summary)])
        #expect(runs.first?.summary.steps.first?.outcome == .done && runs.first?.summary.steps[1].outcome == .stopped)
        #expect(try offline.counters(from: "2026-11-21", to: "2026-11-21").first?.counters.sides == c.sides)
        #expect(try offline.routineRuns(from: "2026-11-22", to: "2026-11-30").runs.isEmpty)
    }

    /// The largest first page of `posture stats`: 100 full days (every counter, four one-sided
    /// exercises) and the most routine runs it lists, each with every step held. It must fit the
    /// control socket's queue for a client, or a slow reader would be dropped for asking.
    @Test func theFullestStatsPageFitsTheControlSocketsQueue() {
        var day = DailyCounters()
        day.slouchedSeconds = 12345.678
        day.holds = 1234
        for exercise in ["side_bend", "seated_twist", "knee_to_chest", "thread_the_needle"] {
            day.addSideHold(exercise: exercise, side: "left", seconds: 1234.5, degrees: 45.25)
            day.addSideHold(exercise: exercise, side: "right", seconds: 1111.5, degrees: 41.75)
        }
        var runner = RoutineRunner(definition: .basicDaily, startSeconds: 0)
        _ = runner.start()
        var t = 0.0
        for _ in 0..<40 {
            t += 30
            // Repetition steps are skipped (any hold keeps a step's timeout off).
            if !runner.finished, runner.definition.steps[runner.index].kind == .repetitions { _ = runner.handle(.skip, at: t) }
            for side in ["left", "right"] {
                _ = runner.handle(.holdEnded(exercise: "unknown", side: side, durationSeconds: 61.25), at: t)
            }
        }
        let summary = runner.stop(at: t)
        #expect(summary.holds >= 4, "a routine with holds: \(summary.holds)")
        let runs = (0..<RoutineRun.statsLimit).map { RoutineRun(startWall: 1_790_000_000.125 + Double($0), endWall: 1_790_000_600.5,
                                                                 day: "2026-11-24", summary: summary) }
        let days = (0..<ControlCommand.statsPageDays).map { DayStats(day: "2026-11-\($0)", counters: day) }
        let line = ControlCodec.encode(ControlResponse(ok: true, stats: days, nextOffset: 100, routineRuns: runs))
        let limit = ControlLimits().maxQueuedOutputBytes
        let runsOnly = ControlCodec.encode(ControlResponse(ok: true, routineRuns: runs)).utf8.count
        print("fullest stats page: \(line.utf8.count) bytes, \(runsOnly) of them routine runs (queue limit \(limit))")
        #expect(line.utf8.count < limit)
    }

    /// A `routine_run` row as this version writes it: every later version must still read it (a
    /// field added to RoutineSummary or its steps has to decode as absent), or the stored
    /// routines of older days drop out of stats, export and report.
    @Test func routineRunsWrittenByThisVersionStayReadable() throws {
        let stored = #"""
            {"duration_s":286,"name":"daily","steps":[{"both_sides":false,"bounces":0,"count":1,"exercise":"childs_pose","hold_s":60,\#
            "holds":[{"s":64,"side":"none","target_met":true}],"jerks":0,"kind":"hold","outcome":"done","repetitions":0,"unconfirmed":0},\#
            {"both_sides":false,"bounces":1,"count":15,"exercise":"cat_cow","holds":[],"jerks":0,"kind":"repetitions","outcome":"done",\#
            "repetitions":15,"unconfirmed":0},{"both_sides":true,"bounces":0,"count":2,"exercise":"knee_to_chest","hold_s":20,\#
            "holds":[{"s":25,"side":"left","target_met":true},{"s":25,"side":"left","target_met":true},{"s":20,"side":"right","target_met":true},\#
            {"s":20,"side":"right","target_met":true}],"jerks":0,"kind":"hold","outcome":"done","repetitions":0,"unconfirmed":0},\#
            {"both_sides":true,"bounces":0,"count":2,"exercise":"seated_twist","hold_s":20,"holds":[],"jerks":0,"kind":"hold",\#
            "outcome":"skipped","repetitions":0,"unconfirmed":0},{"both_sides":false,"bounces":0,"count":10,"exercise":"pelvic_tilt",\#
            "holds":[],"jerks":0,"kind":"repetitions","outcome":"done","repetitions":10,"unconfirmed":0}],"stopped":false}
            """#
        let s = try RoutineRun.decoder.decode(RoutineSummary.self, from: Data(stored.utf8))
        #expect(s.name == "daily" && s.durationSeconds == 286 && !s.stopped && s.currentStep == nil)
        #expect(s.steps.map(\.outcome) == [.done, .done, .done, .skipped, .done])
        #expect(s.stepsDone == 4 && s.holdsTargetMet == 5 && s.holdSeconds == 154 && s.repetitions == 25 && s.bounces == 1)
        #expect(s.leftHolds == 2 && s.rightHolds == 2)
    }

    @Test func aRoutineRowThisVersionCannotReadIsCountedNotFatal() throws {
        let dir = temporaryDirectory()
        let path = dir + "/history.sqlite"
        let store = try HistoryStore(path: path)
        var runner = RoutineRunner(definition: .basicDaily, startSeconds: 0)
        _ = runner.start()
        store.append(RoutineRun(startWall: 10, endWall: 20, day: "2026-11-21", summary: runner.stop(at: 10)))
        try store.flush(counters: [:])
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO routine_run (start_t, end_t, day, name, json) VALUES (30, 40, '2026-11-21', 'x', '{\"name\":1}')")
        }
        let read = try OfflineHistory(stateDirectory: dir).routineRuns(from: "2026-11-21", to: "2026-11-21")
        #expect(read.runs.count == 1 && read.unreadable == 1)
        // Pruned with its day.
        try store.prune(before: "2026-11-22")
        #expect(try store.routineRuns(from: "0000-01-01", to: "9999-12-31").isEmpty)
    }
}
