import Foundation
import PostureCoaching
import PostureControl
import SystemSupport
import Testing

/// Left/right per day and the guided routines in `posture stats`, `posture export` and
/// `posture report`, from a history the daemon's own store wrote (`HistoryFixture`).
@Suite struct SidesAndRoutinesCommandTests {
    static func tempDir(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-sides-\(getpid())-\(name)").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }
    static func number(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }

    @Test func statsListTheWeeksRoutinesAndEachDaysSides() throws {
        let dir = try Self.tempDir("stats")
        let state = dir + "/state"
        let today = LocalCalendar().dayKey(SystemTime.wallSeconds())
        let written = try HistoryFixture.write(to: state, days: 2, lastDay: today)
        let sides = try #require(written[today]?.sides.first)
        #expect(sides.exercise == "knee_to_chest" && sides.leftHolds > 0 && sides.rightHolds > 0, "\(sides)")
        let socket = dir + "/none.sock"

        let json = try PostureProcess.run(["stats", "--json", "--days", "7", "--state-dir", state, "--socket", socket])
        #expect(json.status == 0, "\(json.stderr)")
        let answer = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
        let runs = answer["routine_runs"] as? [[String: Any]] ?? []
        #expect(runs.count == 2, "today's and yesterday's: \(json.stdout.prefix(300))")
        #expect(runs.map { $0["day"] as? String } == [LocalCalendar.dayKey(today, adding: -1), today])
        let summary = runs.last?["summary"] as? [String: Any] ?? [:]
        #expect(summary["name"] as? String == "daily" && (summary["steps"] as? [Any])?.count == 5)
        let days = answer["stats"] as? [[String: Any]] ?? []
        let counters = days.first { $0["day"] as? String == today }?["counters"] as? [String: Any] ?? [:]
        let side = (counters["sides"] as? [[String: Any]])?.first ?? [:]
        #expect(side["exercise"] as? String == "knee_to_chest")
        #expect(Self.number(side["left_s"]) == sides.leftSeconds && Self.number(side["right_s"]) == sides.rightSeconds)
        #expect(Self.number(side["left_deg"]) == sides.leftDegrees && Self.number(side["right_holds"]) == Double(sides.rightHolds))
        #expect(Self.number(counters["routines"]) == 1 && Self.number(counters["routine_steps_done"]) == 4)

        let text = try PostureProcess.run(["stats", "--days", "7", "--state-dir", state, "--socket", socket])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("routines  today 1 (0 complete), last 7 days 2 (0 complete)"), "\(text.stdout)")
        #expect(text.stdout.contains("daily ended: 4/5 steps done (1 skipped), holds on target 5/5, 25 repetitions, 1 bounces, 0 jerks, sides left 2 / right 2"),
                "\(text.stdout)")
        #expect(text.stdout.contains("\(today)  knee_to_chest (\(sides.leftHolds) left, \(sides.rightHolds) right): \(sides.secondsText); \(sides.degreesText)"),
                "\(text.stdout)")
        #expect(text.stdout.contains("all 2 days  knee_to_chest"), "\(text.stdout)")
    }

    @Test func exportWritesSideColumnsAndRoutineSteps() throws {
        let dir = try Self.tempDir("export")
        let state = dir + "/state"
        let written = try HistoryFixture.write(to: state, days: 3)
        let day = HistoryFixture.lastDay
        let sides = try #require(written[day]?.sides.first)

        let daysCSV = try PostureProcess.run(["export", "--format", "csv", "--what", "days", "--state-dir", state])
        #expect(daysCSV.status == 0, "\(daysCSV.stderr)")
        let rows = Self.lines(daysCSV.stdout).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows.first ?? []
        #expect(header.suffix(23) == ["routines", "routines_completed", "routine_steps_done", "side_left_holds", "side_right_holds",
                                      "side_left_s", "side_right_s",
                                      "side_bend_left_s", "side_bend_right_s", "side_bend_left_deg", "side_bend_right_deg",
                                      "seated_twist_left_s", "seated_twist_right_s", "seated_twist_left_deg", "seated_twist_right_deg",
                                      "knee_to_chest_left_s", "knee_to_chest_right_s", "knee_to_chest_left_deg", "knee_to_chest_right_deg",
                                      "thread_the_needle_left_s", "thread_the_needle_right_s", "thread_the_needle_left_deg",
                                      "thread_the_needle_right_deg"], "\(header)")
        let row = try #require(rows.first { $0.first == day })
        func value(_ column: String) -> Double? { header.firstIndex(of: column).flatMap { Double(row[$0]) } }
        #expect(value("knee_to_chest_left_s") == sides.leftSeconds && value("knee_to_chest_right_s") == sides.rightSeconds)
        #expect(value("knee_to_chest_left_deg") == sides.leftDegrees && value("knee_to_chest_right_deg") == sides.rightDegrees)
        #expect(value("side_left_holds") == Double(sides.leftHolds) && value("side_right_s") == sides.rightSeconds)
        #expect(value("seated_twist_left_s") == 0 && value("routines") == 1 && value("routine_steps_done") == 4)

        let routinesCSV = try PostureProcess.run(["export", "--format", "csv", "--what", "routines", "--state-dir", state])
        #expect(routinesCSV.status == 0, "\(routinesCSV.stderr)")
        let steps = Self.lines(routinesCSV.stdout).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(steps.first?.joined(separator: ",") == "day,time,start_t,end_t,routine,stopped,duration_s,step,steps,exercise,kind,count,"
            + "hold_target_s,both_sides,outcome,holds,holds_target_met,hold_s,left_hold_s,right_hold_s,repetitions,bounces,jerks,unconfirmed")
        #expect(steps.count == 1 + 3 * 5, "five steps on each of three days")
        let columns = steps.first ?? []
        func cell(_ r: [String], _ c: String) -> String { columns.firstIndex(of: c).map { r[$0] } ?? "?" }
        let knee = try #require(steps.first { $0.first == day && cell($0, "exercise") == "knee_to_chest" })
        // The fixture's last day: left holds of 31 s, right 20 s.
        #expect(cell(knee, "left_hold_s") == "62" && cell(knee, "right_hold_s") == "40" && cell(knee, "hold_s") == "102")
        #expect(cell(knee, "outcome") == "done" && cell(knee, "holds") == "4" && cell(knee, "holds_target_met") == "4")
        #expect(cell(knee, "both_sides") == "true" && cell(knee, "hold_target_s") == "20" && cell(knee, "routine") == "daily")
        let dayRows = steps.filter { $0.first == day }
        #expect(dayRows.map { cell($0, "outcome") } == ["done", "done", "done", "skipped", "done"])
        #expect(dayRows.map { cell($0, "repetitions") } == ["0", "15", "0", "0", "10"])
        #expect(dayRows.map { cell($0, "bounces") } == ["0", "1", "0", "0", "0"])

        let jsonl = try PostureProcess.run(["export", "--format", "jsonl", "--what", "routines", "--from", day, "--state-dir", state])
        let objects = try Self.lines(jsonl.stdout).map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(objects.count == 1 && objects.first?["day"] as? String == day)
        let summary = objects.first?["summary"] as? [String: Any]
        #expect((summary?["steps"] as? [[String: Any]])?.map { $0["outcome"] as? String } == ["done", "done", "done", "skipped", "done"])
        let bad = try PostureProcess.run(["export", "--format", "csv", "--what", "weeks", "--state-dir", state])
        #expect(bad.status != 0 && bad.stderr.contains("events, days, routines"), "\(bad.stderr)")
    }

    @Test func reportShowsLeftAndRightAndEachRoutineWithItsSteps() throws {
        let dir = try Self.tempDir("report")
        let state = dir + "/state"
        let written = try HistoryFixture.write(to: state)
        let day = HistoryFixture.lastDay
        let page = dir + "/day.html"
        let run = try PostureProcess.run(["report", "--day", day, "--state-dir", state, "-o", page])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let sides = try #require(written[day]?.sides.first)
        let week = SideTotals.combine(written.keys.sorted().compactMap { written[$0]?.sides })
        #expect(html.contains("<h2>Left and right</h2>") && html.contains(#"data-chart="sides-knee_to_chest""#))
        // The day's line and the week's, with the figures of `posture stats`.
        #expect(html.contains("knee to chest, \(day): \(sides.secondsText); \(sides.degreesText)".replacingOccurrences(of: "'", with: "&#39;")),
                "\(html.components(separatedBy: "class=\"sides\"").dropFirst().first?.prefix(400) ?? "")")
        #expect(html.contains(#"data-exercise="knee_to_chest" data-span="\#(day)" data-left-holds="\#(sides.leftHolds)""#))
        #expect(html.contains("knee to chest, 7 days: \(week[0].secondsText)"))
        // Seven days, two bars each (a side not held that day has none).
        let bars = html.components(separatedBy: #"class="bar side-"#).count - 1
        #expect(bars == written.values.reduce(0) { $0 + ($1.sides.first.map { ($0.leftHolds > 0 ? 1 : 0) + ($0.rightHolds > 0 ? 1 : 0) } ?? 0) })
        #expect(bars > 7)
        // Each stretch session's own comparison (its side_balance event); together they make the day's.
        let sessions = html.components(separatedBy: #"<p class="sides session""#).dropFirst()
        #expect(html.contains("<h3>Each stretch session</h3>") && sessions.count == written[day]?.stretchSessions, "\(sessions.count)")
        func attribute(_ name: String, _ text: String) -> Double {
            text.components(separatedBy: "data-\(name)=\"").dropFirst().first.flatMap { Double($0.prefix { $0 != "\"" }) } ?? -1
        }
        #expect(sessions.reduce(0) { $0 + attribute("left-s", $1) } == sides.leftSeconds)
        #expect(sessions.reduce(0) { $0 + attribute("right-s", $1) } == sides.rightSeconds)
        #expect(sessions.map { attribute("left-deg", $0) }.max() == sides.leftDegrees)
        #expect(sessions.allSatisfy { $0.contains("knee to chest, session ending ") })
        // The day's routine as a table of its steps.
        #expect(html.contains("<h2>Guided routines</h2>"))
        #expect(html.components(separatedBy: "<table class=\"totals routine\"").count - 1 == 1)
        #expect(html.contains(#"data-routine="daily" data-steps-done="4" data-steps="5" data-stopped="false""#))
        let outcomes = html.components(separatedBy: #"data-key="outcome" data-value=""#).dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(outcomes == ["done", "done", "done", "skipped", "done"])
        #expect(html.contains(#"<td data-key="left_hold_s" data-value="62">"#) && html.contains(#"<td data-key="right_hold_s" data-value="40">"#))

        let weekPage = dir + "/week.html"
        let weekRun = try PostureProcess.run(["report", "--week", "--day", day, "--state-dir", state, "-o", weekPage])
        #expect(weekRun.status == 0, "\(weekRun.stderr)")
        let weekHTML = try String(contentsOfFile: weekPage, encoding: .utf8)
        #expect(weekHTML.components(separatedBy: "<table class=\"totals routine\"").count - 1 == 7, "a routine a day")
        #expect(weekHTML.contains("knee to chest, 7 days: \(week[0].secondsText); \(week[0].degreesText)"))
    }
}
