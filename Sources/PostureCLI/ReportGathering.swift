import Foundation
import PostureCoaching
import PostureCore
import PostureDaemon
import PostureEvaluation
import PosturePipeline
import PostureReport
import PostureTrace
import SystemSupport

/// Gathers what `posture report` shows, from the history or from a replayed recording.
enum ReportGathering {
    /// The day `lastDay` (or the week ending with it) from the history.
    static func fromHistory(_ history: OfflineHistory, lastDay: String, week: Bool, holdTargetSeconds: Double,
                            calendar: LocalCalendar, nowSeconds: Double) throws -> ReportPage {
        let trendKeys = (-6...0).compactMap { LocalCalendar.dayKey(lastDay, adding: $0) }
        guard let firstDay = trendKeys.first else { throw CLIError("\(lastDay): not a date") }
        var counters: [String: DailyCounters] = [:]
        for d in try history.counters(from: firstDay, to: lastDay) { counters[d.day] = d.counters }
        var events: [String: [PostureEvent]] = [:]
        var unreadable = 0
        try history.forEachEvent(from: firstDay, to: lastDay) { stored in
            do {
                var e = try EventJSONCodec.decode(stored.json)
                e.timeSeconds = stored.wallSeconds
                events[stored.day, default: []].append(e)
            } catch {
                // A kind of event this version does not know is not drawn; a broken one is counted.
                if (error as? EventDecodingError)?.field != "event" { unreadable += 1 }
            }
        }
        // When the daemon ran (nil: not recorded, older history): states are drawn only then.
        guard let rangeStart = calendar.startOfDay(firstDay), let afterLast = LocalCalendar.dayKey(lastDay, adding: 1),
              let rangeEnd = calendar.startOfDay(afterLast) else { throw CLIError("\(lastDay): not a date") }
        let runs = try history.runs(fromWall: rangeStart, toWall: rangeEnd)
        func dataEnd(_ day: String, start: Double, last: Double) -> Double {
            let dayEnd = LocalCalendar.dayKey(day, adding: 1).flatMap(calendar.startOfDay) ?? start + 86400
            var end = last
            if let runs {
                end = max(last, runs.filter { $0.lowerBound < dayEnd && $0.upperBound > start }.map(\.upperBound).max() ?? last)
            } else if calendar.dayKey(nowSeconds) == day {
                end = max(last, nowSeconds)
            }
            return min(end, dayEnd, max(nowSeconds, last))
        }
        // One time-of-day range for every day shown: whole hours around what was recorded.
        let shownKeys = week ? trendKeys : [lastDay]
        var fromOffset = Double.infinity, toOffset = -Double.infinity
        for day in shownKeys {
            guard let start = calendar.startOfDay(day), let list = events[day], let first = list.first, let last = list.last else { continue }
            fromOffset = min(fromOffset, first.timeSeconds - start)
            toOffset = max(toOffset, dataEnd(day, start: start, last: last.timeSeconds) - start)
        }
        if fromOffset > toOffset { fromOffset = 8 * 3600; toOffset = 18 * 3600 }
        fromOffset = (fromOffset / 3600).rounded(.down) * 3600
        toOffset = min(86400, max(fromOffset + 3600, (toOffset / 3600).rounded(.up) * 3600))

        func reportDay(_ day: String) -> ReportDay {
            var d = ReportDay(day: day, counters: counters[day])
            guard let start = calendar.startOfDay(day), let list = events[day], let last = list.last else { return d }
            let axis = hourAxis(from: start + fromOffset, to: start + toOffset, calendar: calendar)
            d.timeline = DayTimeline(events: list, axis: axis, dataEndSeconds: dataEnd(day, start: start, last: last.timeSeconds),
                                     coverage: runs)
            return d
        }
        let trend = trendKeys.map(reportDay)
        let days = week ? trend : [reportDay(lastDay)]
        var notes = ["Times are local. A state lasts from its event to the next one, within the times the daemon ran"
            + " (grey: not running or not recorded). While the daemon runs, the last few minutes may not be written yet."]
        if unreadable > 0 {
            let one = unreadable == 1
            notes.append("\(unreadable) stored event\(one ? "" : "s") could not be read and \(one ? "is" : "are") not shown.")
        }
        let routines = try cliErrors { try history.routineRuns(from: week ? firstDay : lastDay, to: lastDay) }
        if routines.unreadable > 0 {
            let one = routines.unreadable == 1
            notes.append("\(routines.unreadable) stored routine run\(one ? "" : "s") could not be read and \(one ? "is" : "are") not shown.")
        }
        var page = ReportPage(
            title: week ? "Your week, \(firstDay) to \(lastDay)" : "Your day, \(lastDay)",
            source: "From \(history.historyPath), read \(calendar.dayKey(nowSeconds)) \(calendar.timeOfDay(nowSeconds)).",
            days: days, trend: trend, holdTargetSeconds: holdTargetSeconds, notes: notes)
        if !week {
            page.sessionSides = ReportSessionSides.from(events[lastDay] ?? []) { String(calendar.timeOfDay($0).prefix(5)) }
        }
        page.routineRuns = routines.runs.map { r in
            ReportRoutineRun(when: "\(calendar.dayKey(r.startWall)) \(calendar.timeOfDay(r.startWall).prefix(5))", run: r)
        }
        return page
    }

    static func hourAxis(from: Double, to: Double, calendar: LocalCalendar) -> TimeAxis {
        let step = to - from > 12 * 3600 ? 7200.0 : 3600
        let ticks = stride(from: from, through: to, by: step).map {
            TimeAxis.Tick(seconds: $0, label: String(calendar.timeOfDay($0).prefix(5)))
        }
        return TimeAxis(startSeconds: from, endSeconds: to, ticks: ticks)
    }

    /// A recording replayed through the pipeline (as `posture replay` does), on its own clock.
    static func fromTrace(path: String, settings: PipelineSettings) throws -> ReportPage {
        let trace: Trace
        do { trace = try TraceReader.read(path: path) } catch { throw CLIError(error.description) }
        guard let first = trace.records.first?.sample.timeSeconds, let last = trace.records.last?.sample.timeSeconds else {
            throw CLIError("\(path): the recording has no samples")
        }
        var output = StringReplayOutput()
        let outcome = ReplayEngine.run(trace: trace, settings: settings, emit: .events, into: &output)
        var events: [PostureEvent]
        do { events = try EventJSONCodec.decodeLines(output.text) } catch { throw CLIError("replay of \(path): \(error)") }
        for i in events.indices { events[i].timeSeconds -= first }
        let timeline = DayTimeline(events: events, axis: TimeAxis.elapsed(durationSeconds: last - first), dataEndSeconds: last - first)
        let name = (path as NSString).lastPathComponent
        var notes = ["Times are from the start of the recording. Nudges played or skipped are the daemon's: a replay has none."]
        if !outcome.calibrated { notes.append(ReplayCommand.uncalibratedHint(settings.calibration)) }
        var page = ReportPage(title: "Recording \(name)", source: "Replayed from \(path) (\(trace.records.count) samples).",
                              days: [ReportDay(day: name, counters: counters(events, timeline), timeline: timeline)],
                              trend: [], holdTargetSeconds: settings.stretch.holdTargetSeconds, notes: notes)
        page.sessionSides = ReportSessionSides.from(events) { t in
            let minutes = Int(max(0, t) / 60)
            return "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
        }
        return page
    }

    /// A replay's counters, counted as the daemon counts them (`EventReactions`) plus the band times.
    static func counters(_ events: [PostureEvent], _ timeline: DayTimeline) -> DailyCounters {
        var c = DailyCounters()
        var reactions = EventReactions()
        for e in events { _ = reactions.react(to: e, counters: &c) }
        c.slouchedSeconds = DayTimeline.seconds(in: timeline.posture, state: PostureState.slouched.rawValue)
        c.uprightSeconds = DayTimeline.seconds(in: timeline.posture, state: PostureState.upright.rawValue)
        c.sittingSeconds = DayTimeline.seconds(in: timeline.activity, state: ActivityState.sitting.rawValue)
        c.longestSittingBoutSeconds = timeline.sittingBouts.map(\.seconds).max() ?? 0
        return c
    }
}
