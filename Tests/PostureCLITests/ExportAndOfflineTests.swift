import Foundation
import PostureCoaching
import PostureDaemon
import SystemSupport
import Testing

/// `posture export`, `posture stats`/`status` without the daemon, `posture report --trace`, and
/// their errors: all read the files the daemon wrote, never the socket.
@Suite struct ExportAndOfflineTests {
    static func tempDir(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-export-\(getpid())-\(name)").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

    @Test func eventsExportAsCSVAndJSONLines() throws {
        let state = try Self.tempDir("events") + "/state"
        try HistoryFixture.write(to: state, days: 3)
        let jsonl = try PostureProcess.run(["export", "--format", "jsonl", "--state-dir", state])
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let events = Self.lines(jsonl.stdout)
        #expect(events.count > 100, "three fixture days")
        for line in events.prefix(50) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["event"] is String && object?["t"] is NSNumber, "\(line)")
        }
        let csv = try PostureProcess.run(["export", "--format", "csv", "--what", "events", "--state-dir", state])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = Self.lines(csv.stdout)
        #expect(rows.first == "t,day,time,event,state,duration_s,target_met,json")
        #expect(rows.count == events.count + 1, "one row per event")
        let holdRow = rows.first { $0.contains(",hold_end,") } ?? ""
        #expect(holdRow.contains(",true,") || holdRow.contains(",false,"), "\(holdRow)")

        let oneDay = try PostureProcess.run(["export", "--format", "csv", "--from", HistoryFixture.lastDay, "--to", HistoryFixture.lastDay,
                                             "--state-dir", state])
        let dayRows = Self.lines(oneDay.stdout).dropFirst()
        #expect(!dayRows.isEmpty && dayRows.count < events.count)
        #expect(dayRows.allSatisfy { $0.split(separator: ",")[1] == HistoryFixture.lastDay })
    }

    @Test func daysExportMatchesStats() throws {
        let dir = try Self.tempDir("days")
        let state = dir + "/state"
        let written = try HistoryFixture.write(to: state, days: 4)
        let out = dir + "/days.jsonl"
        let run = try PostureProcess.run(["export", "--format", "jsonl", "--what", "days", "--state-dir", state, "-o", out, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(summary?["ok"] as? Bool == true && summary?["rows"] as? Int == 4, "\(run.stdout)")
        let days = try Self.lines(String(contentsOfFile: out, encoding: .utf8)).map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        #expect(days.count == written.count)
        for d in days {
            let day = d["day"] as? String ?? ""
            let c = try #require(written[day], "\(day)")
            #expect((d["slouched_s"] as? NSNumber)?.doubleValue == c.slouchedSeconds)
            #expect((d["holds_target_met"] as? NSNumber)?.intValue == c.holdsTargetMet)
        }
        let csv = try PostureProcess.run(["export", "--format", "csv", "--what", "days", "--state-dir", state])
        let rows = Self.lines(csv.stdout)
        #expect(rows.first?.hasPrefix("day,slouched_s,upright_s,sitting_s,longest_sitting_bout_s,") == true)
        #expect(rows.count == 5)
    }

    @Test func statsAndStatusWorkWithoutTheDaemon() throws {
        let dir = try Self.tempDir("offline")
        let state = dir + "/state"
        let written = try HistoryFixture.write(to: state, days: 2)
        var saved = PersistedState()
        saved.uprightReference = [0, 0, 1]
        saved.calibratedAt = 1_700_000_000
        var today = DailyCounters()
        today.slouchedSeconds = 61
        saved.counters = [HistoryFixture.lastDay: today]
        try StateStore(directory: state).save(saved)
        let socket = dir + "/none.sock"

        let text = try PostureProcess.run(["stats", "--days", "3650", "--state-dir", state, "--socket", socket])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stderr.contains("not running") && text.stderr.contains(state), "\(text.stderr)")
        #expect(text.stdout.contains(HistoryFixture.lastDay) && text.stdout.contains("1m 01s"), "state.json is newer than the database")

        let json = try PostureProcess.run(["stats", "--json", "--days", "3650", "--state-dir", state, "--socket", socket])
        let answer = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let days = answer?["stats"] as? [[String: Any]] ?? []
        let older = try #require(LocalCalendar.dayKeyBefore(HistoryFixture.lastDay))
        let olderCounters = days.first { $0["day"] as? String == older }?["counters"] as? [String: Any]
        #expect((olderCounters?["slouched_s"] as? NSNumber)?.doubleValue == written[older]?.slouchedSeconds)

        let status = try PostureProcess.run(["status", "--json", "--state-dir", state, "--socket", socket])
        #expect(status.status == 3, "not running, as systemctl says it: \(status.stderr)")
        let s = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(s?["ok"] as? Bool == false && s?["daemon_reachable"] as? Bool == false && s?["calibrated"] as? Bool == true, "\(status.stdout)")
        let plain = try PostureProcess.run(["status", "--state-dir", state, "--socket", socket])
        #expect(plain.status == 3 && plain.stdout.contains("not running") && plain.stdout.contains("calibrated yes"), "\(plain.stdout)")
        #expect(plain.stdout.contains(state))
    }

    @Test func badRequestsGiveOneClearError() throws {
        let dir = try Self.tempDir("errors")
        let empty = dir + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let cases: [([String], String)] = [
            (["report", "--day", "2026-02-30", "-o", dir + "/x.html", "--state-dir", empty], "--day"),
            (["report", "-o", dir + "/x.html", "--state-dir", empty], empty),
            (["export", "--format", "xml", "--state-dir", empty], "--format"),
            (["export", "--format", "csv", "--from", "2026-11-24", "--to", "2026-11-01", "--state-dir", empty], "after"),
            (["export", "--format", "csv", "--state-dir", empty], "no history"),
        ]
        for (arguments, mention) in cases {
            let run = try PostureProcess.run(arguments + ["--json"])
            #expect(run.status == 1, "\(arguments)")
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            #expect(object?["ok"] as? Bool == false, "\(arguments): \(run.stdout)")
            let error = object?["error"] as? String ?? ""
            #expect(error.contains(mention), "\(arguments): \(run.stdout)")
            #expect(Self.lines(run.stderr).count == 1, "\(arguments): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.html"))
        // Arguments refused before any command runs: JSON on standard output as well.
        for arguments in [["stats", "--days", "0"], ["report", "--week", "--trace", "t.csv", "-o", "x.html"], ["export"]] {
            let run = try PostureProcess.run(arguments + ["--json"])
            #expect(run.status != 0, "\(arguments)")
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            #expect(object?["ok"] as? Bool == false && object?["error"] is String, "\(arguments): \(run.stdout)")
        }
    }

    /// Events of kinds a later version writes are not drawn; broken rows are counted on the page.
    @Test func reportSkipsUnknownEventsAndCountsBrokenOnes() throws {
        let dir = try Self.tempDir("unknown")
        let state = dir + "/state"
        try HistoryFixture.write(to: state, days: 1)
        let start = try #require(HistoryFixture.calendar.startOfDay(HistoryFixture.lastDay))
        do {
            let store = try HistoryStore(path: state + "/history.sqlite")
            store.append(PostureEventRecord(wallSeconds: start + 36000, day: HistoryFixture.lastDay, name: "later_kind",
                                            json: #"{"t":\#(start + 36000),"event":"later_kind","x":1}"#))
            store.append(PostureEventRecord(wallSeconds: start + 36001, day: HistoryFixture.lastDay, name: "posture",
                                            json: #"{"t":\#(start + 36001),"event":"posture","state":"#))
            try store.flush(counters: [:])
        }
        let run = try PostureProcess.run(["report", "--day", HistoryFixture.lastDay, "--state-dir", state, "-o", dir + "/r.html"])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: dir + "/r.html", encoding: .utf8)
        #expect(html.contains("1 stored event could not be read"), "the broken row, not the unknown kind")
        #expect(html.contains("posture-slouched"))
    }

    /// A recording: sitting upright, 80 s slouched forward, upright again.
    @Test func reportOfARecordingCountsItsSlouch() throws {
        let dir = try Self.tempDir("trace")
        var text = "# posture-trace v1\n# rate_hz: 50\nt,ax,ay,az,gx,gy,gz,marker\n"
        let slouch = 30.0 * Double.pi / 180
        for i in 0..<(130 * 50) {
            let t = Double(i) / 50
            let bent = t >= 20 && t < 100
            let (ax, az) = bent ? (-sin(slouch), cos(slouch)) : (0.0, 1.0)
            text += "\(t),\(ax),0,\(az),0,0,0,\(i == 50 ? "calibrate" : "")\n"
        }
        try text.write(toFile: dir + "/slouch.csv", atomically: true, encoding: .utf8)
        let run = try PostureProcess.run(["report", "--trace", dir + "/slouch.csv", "-o", dir + "/slouch.html"])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: dir + "/slouch.html", encoding: .utf8)
        let figures = ReportBrowserTests.figures(in: html, day: "slouch.csv")
        let slouched = figures["slouched_s"] ?? 0
        #expect(slouched > 40 && slouched < 90, "slouched \(slouched) s of the 80 s bent forward (smoothing adds a little)")
        #expect((figures["slouch_alerts"] ?? 0) >= 1)
        #expect(html.contains(#"data-chart="timeline""#) && !html.contains(#"data-chart="trend-"#), "a recording has no week")
        let both = try PostureProcess.run(["report", "--trace", dir + "/slouch.csv", "--week", "-o", dir + "/x.html"])
        #expect(both.status != 0 && both.stderr.contains("--trace"))
    }
}

extension LocalCalendar {
    static func dayKeyBefore(_ day: String) -> String? { dayKey(day, adding: -1) }
}
