import Foundation
import PostureCoaching
import PostureControl
import PostureCore
import PostureDaemon
import SystemSupport

/// A week of made-up working days written through the daemon's own `HistoryStore`: sitting bouts
/// with slouches, alerts and nudges, breaks, stretch sessions with holds, bounces and jerks.
/// The counters are counted from the events the way the daemon counts them (`EventReactions`).
/// Holds alternate knee-to-chest left and right; each day ends with the daily routine (fed to
/// the `RoutineRunner` as the service feeds it), stored with its steps and its `routine_end`.
enum HistoryFixture {
    static let lastDay = "2026-11-24"
    static let calendar = LocalCalendar(utcOffsetSeconds: nil)

    /// Writes `days` days ending with `lastDay` into `directory`/history.sqlite; returns the counters by day.
    @discardableResult
    static func write(to directory: String, days: Int = 7, seed: UInt64 = 12, lastDay: String = HistoryFixture.lastDay) throws -> [String: DailyCounters] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try HistoryStore(path: directory + "/history.sqlite")
        var random = SplitMix64(seed: seed)
        var all: [String: DailyCounters] = [:]
        for offset in (1 - days)...0 {
            guard let day = LocalCalendar.dayKey(lastDay, adding: offset), let start = calendar.startOfDay(day) else { continue }
            var events = workday(&random).map { PostureEvent(timeSeconds: start + $0.timeSeconds, payload: $0.payload) }
            let run = routine(startWall: (events.last?.timeSeconds ?? start) + 60, day: day, leftSeconds: 31 + Double(offset))
            events.append(PostureEvent(timeSeconds: run.endWall, payload: .routineEnd(run.summary.event)))
            store.append(run)
            var counters = DailyCounters()
            var reactions = EventReactions()
            guard let first = events.first?.timeSeconds, let last = events.last?.timeSeconds else { continue }
            // The daemon ran all day; on the day before the last the Pi was off over lunch (the walk).
            let walk = offset == -1 ? events.firstIndex { $0.payload == .activity(.walking) } : nil
            store.startRun(atWall: first - 60)
            for (i, e) in events.enumerated() {
                if let walk, i == walk + 1 {
                    try store.flush(counters: [:], runningUntilWall: events[walk].timeSeconds)
                    store.startRun(atWall: e.timeSeconds)
                }
                let reaction = reactions.react(to: e, counters: &counters)
                if reaction.nudge != nil { counters.nudgesPlayed += 1 }
                store.append(PostureEventRecord(wallSeconds: e.timeSeconds, day: day, name: e.name, json: e.jsonLine()))
            }
            account(events, into: &counters)
            all[day] = counters
            try store.flush(counters: [day: counters], runningUntilWall: last + 300)
        }
        return all
    }

    /// The daily routine as the service runs it: child's pose, cat-cow, knee-to-chest (left
    /// `leftSeconds` each: 31 s on `lastDay`, a second less each day before; right 20 s each), seated twist skipped, pelvic tilts; a bounce in cat-cow.
    static func routine(startWall: Double, day: String, leftSeconds: Double) -> RoutineRun {
        var runner = RoutineRunner(definition: .basicDaily, startSeconds: 0)
        _ = runner.start()
        var t = 0.0
        var finished: RoutineSummary?
        func feed(_ input: RoutineInput, after seconds: Double) {
            t += seconds
            for case .finished(let s) in runner.handle(input, at: t) { finished = s }
        }
        feed(.holdEnded(exercise: "childs_pose", side: "none", durationSeconds: 64), after: 70)
        for i in 0..<15 {
            if i == 14 { feed(.bounce, after: 1) }
            feed(.repetition(exercise: "cat_cow"), after: 4)
        }
        for side in ["left", "left", "right", "right"] {
            feed(.holdEnded(exercise: "knee_to_chest", side: side, durationSeconds: side == "left" ? leftSeconds : 20), after: 30)
        }
        feed(.skip, after: 5)
        for _ in 0..<10 { feed(.repetition(exercise: "pelvic_tilt"), after: 3) }
        let summary = finished ?? runner.stop(at: t)
        return RoutineRun(startWall: startWall, endWall: startWall + summary.durationSeconds, day: day, summary: summary)
    }

    /// Slouched, upright and sitting time and the longest bout, from the state changes.
    static func account(_ events: [PostureEvent], into c: inout DailyCounters) {
        var posture: (Double, PostureState)?
        var sittingSince: Double?
        for e in events {
            switch e.payload {
            case .posture(let s):
                if let (from, old) = posture {
                    if old == .slouched { c.slouchedSeconds += e.timeSeconds - from }
                    if old == .upright { c.uprightSeconds += e.timeSeconds - from }
                }
                posture = (e.timeSeconds, s)
            case .activity(let s):
                if let from = sittingSince, s != .sitting {
                    c.sittingSeconds += e.timeSeconds - from
                    c.longestSittingBoutSeconds = max(c.longestSittingBoutSeconds, e.timeSeconds - from)
                    sittingSince = nil
                } else if s == .sitting, sittingSince == nil {
                    sittingSince = e.timeSeconds
                }
            default: break
            }
        }
    }

    /// One day's events, seconds after midnight: 08:30 to about 17:30.
    static func workday(_ random: inout SplitMix64) -> [PostureEvent] {
        var out: [PostureEvent] = []
        func add(_ t: Double, _ p: EventPayload) { out.append(PostureEvent(timeSeconds: t, payload: p)) }
        func uniform(_ r: ClosedRange<Double>) -> Double { r.lowerBound + random.unit() * (r.upperBound - r.lowerBound) }
        var t = 8.5 * 3600 + uniform(0...1800)
        add(t, .calibrated(up: Vector3(0, 0, 1), source: .requested))
        var lunch = false
        while t < 17.5 * 3600 {
            add(t, .activity(.sitting))
            add(t, .posture(.upright))
            let boutEnd = t + uniform(1500...4200)
            if boutEnd - t > 1800 { add(t + 1800, .sittingNudge(sittingSeconds: 1800)) }
            var s = t + uniform(120...600)
            while s < boutEnd - 400 {
                let slouch = uniform(15...320)
                add(s, .posture(.slouched))
                var alert = 30.0
                while alert < slouch {
                    add(s + alert, .slouchAlert(slouchedSeconds: alert))
                    alert += 120
                }
                add(s + slouch, .posture(.upright))
                s += slouch + uniform(180...900)
            }
            out.sort { $0.timeSeconds < $1.timeSeconds }
            t = boutEnd
            let walk = !lunch && t > 12 * 3600
            lunch = lunch || walk
            add(t, .activity(walk ? .walking : .standing))
            if !walk && random.unit() < 0.6 {
                var h = t + 20
                add(h, .stretchStart(reason: .afterNudge))
                for k in 0..<Int(uniform(2...4.9)) {
                    let d = uniform(8...40)
                    let bounces = random.unit() < 0.25 ? 2 : 0
                    let jerks = random.unit() < 0.15 ? 1 : 0
                    if bounces > 0 { add(h + d / 2, .bounce(frequencyHz: 1.4, amplitudeDegrees: 5, axis: .pitch)) }
                    if jerks > 0 { add(h + d / 3, .jerk(peakDegreesPerSecond: 240)) }
                    add(h + d, .holdEnd(HoldEndSummary(durationSeconds: d.rounded(), targetMet: d.rounded() >= 20, bounces: bounces, jerks: jerks,
                                                       pitchDegrees: -15, rollDegrees: 0, startSeconds: h,
                                                       exercise: ExerciseRecognition(exercise: .kneeToChest, side: k % 2 == 0 ? .left : .right),
                                                       exerciseDegrees: 30 + Double(k) * 4)))
                    h += d + uniform(10...30)
                }
                // The session's left/right, as the pipeline says it at its end.
                let session = out.filter { $0.timeSeconds >= t + 20 }
                for b in SideBalance.summarize(session) { add(h, .sideBalance(b)) }
                add(h, .stretchEnd(durationSeconds: h - t - 20, holds: 0, holdsTargetMet: 0))
                t = h + 30
            } else {
                t += walk ? uniform(1800...2700) : uniform(90...600)
            }
        }
        add(t, .activity(.standing))
        return out.sorted { $0.timeSeconds < $1.timeSeconds }
    }
}
