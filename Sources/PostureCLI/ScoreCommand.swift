import ArgumentParser
import Foundation
import PostureConfig
import PostureCore
import PosturePipeline
import PostureSimulator

/// `posture score`: the pipeline against simulated, labelled scenarios.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score the detectors on simulated scenarios against their labels (exit 1 if a target is missed).",
        discussion: ScoringRules.text)

    @Argument(help: ArgumentHelp("Score one replay instead: the labels of a simulated trace and the events `posture replay` wrote for it.", valueName: "LABELS.json EVENTS.jsonl"))
    var files: [String] = []

    @Option(name: .long, help: "How many seeds (each runs every scenario kind); at least 20.")
    var seeds: Int = 20

    @Option(name: .long, help: "The first seed (1 for the tuning set; e.g. 101 for a held-out set).")
    var firstSeed: UInt64 = 1

    @Option(name: .long, help: "A TOML configuration file (defaults apply without one).")
    var config: String?

    @Option(name: .long, help: "Only these scenario kinds (comma-separated), for investigating; the full set is the score.")
    var only: String?

    @Flag(name: .long, help: "List every miss (missed or false alert, missed hold, ...) after the table.")
    var showMisses = false

    func validate() throws {
        guard files.isEmpty || files.count == 2 else {
            throw ValidationError("give both LABELS.json and EVENTS.jsonl, or neither (to score the generated set)")
        }
        guard seeds >= 20 else { throw ValidationError("--seeds: \(seeds) is below the minimum of 20") }
        guard seeds <= 10_000 else { throw ValidationError("--seeds: \(seeds) is above the maximum of 10000") }
    }

    func run() throws {
        let configuration: PostureConfiguration
        if let config {
            do { configuration = try PostureConfiguration.load(path: config) } catch { throw CLIError(error.description) }
        } else {
            configuration = PostureConfiguration()
        }
        if files.count == 2 {
            let labels: ScenarioLabels
            do { labels = try ScenarioLabels.load(path: files[0]) } catch { throw CLIError(error.description) }
            let run = try ScenarioRun.fromEventsFile(files[1], durationSeconds: labels.durationSeconds)
            var total = ScoreTally()
            total.add(ScenarioScorer.score(run: run, labels: labels, settings: configuration.pipeline))
            let report = total.report(title: "\(labels.scenario) seed \(labels.seed) from files")
            print(report.text, terminator: "")
            if showMisses { for line in total.failures { print(line) } }
            if !report.allTargetsMet { throw ExitCode(1) }
            return
        }
        var kinds = ScenarioKind.allCases
        if let only {
            kinds = []
            for name in only.split(separator: ",") {
                guard let kind = ScenarioKind(rawValue: String(name)) else {
                    throw CLIError("--only: '\(name)' is not a scenario kind (\(ScenarioKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                kinds.append(kind)
            }
        }
        var total = ScoreTally()
        for seed in firstSeed..<(firstSeed + UInt64(seeds)) {
            for kind in kinds {
                let scenario = ScenarioSimulator.generate(kind, seed: seed)
                let run = ScenarioRun.replay(scenario, settings: configuration.pipeline)
                total.add(ScenarioScorer.score(run: run, labels: scenario.labels, settings: configuration.pipeline))
            }
        }
        let report = total.report(title: "seeds \(firstSeed)-\(firstSeed + UInt64(seeds) - 1)")
        print(report.text, terminator: "")
        if showMisses { for line in total.failures { print(line) } }
        if !report.allTargetsMet { throw ExitCode(1) }
    }
}

/// The matching rules, shown in `posture score --help` and the README.
enum ScoringRules {
    static let text = """
        Each seed generates every scenario kind with the simulator; each is replayed
        through the pipeline (markers as button presses) and compared with the
        scenario's labels:
        - Slouch alerts: labelled slouch episodes less than 10 s apart, or inside one
          "hover" span (the levels between may stay within the hysteresis), are
          merged. An episode expects an alert when one of its parts is at least 2°
          beyond [slouch] angle_deg and lasts at least alert_after_s + 5 s. An alert
          inside [episode start + alert_after_s - 5 s, episode end + 3 s] matches it
          (the label starts when the slouch angle is reached, the clock when the
          threshold is crossed; repeats within the episode are fine); alerts matching
          a borderline episode, or inside a "hover" span, are ignored; any other alert
          is a false alert. Latency = first alert - (start + alert_after_s).
        - Sitting nudges: the ideal time is the start of a sitting bout (breaks
          shorter than [sitting] break_s do not end it) + nudge_after_s; a nudge
          within 120 s of it matches.
        - Holds: a detected hold (hold_end's start_t and duration_s) matches the label
          hold it overlaps most, if the overlap is at least half of the label's
          duration. Duration error = |detected - labelled duration|. Target met is
          scored on matched holds whose labelled duration is more than 1 s from
          hold_target_s.
        - Bounces: a hold is bouncing when its labels have 2 or more bounce cycles (1
          cycle is not scored); it is detected as bouncing when a bounce event falls
          inside it (+2 s). Jerks: a hold is jerky when jerks are attributed to it;
          detected when a jerk event falls in [start - 2 s, end + 3 s]. Accuracy =
          holds classified correctly / holds scored. Smooth holds must have no bounce
          or jerk event in [start, end]. A jerk label is found by a jerk event in [t -
          0.5 s, t + 2.5 s] (the event comes once the movement is over).
        - Activity: agreement per second, skipping 3 s either side of a labelled
          change. Posture: agreement per second, skipping 8 s after a labelled change,
          distractors (+8 s) and from a stretch marker to the next calibration
          (informational).
        - Repetitions: per labelled series, |last repetition count - labelled count|.
          Breathing: |breaths_per_min - labelled rate| for holds with one deep-
          breathing rate; breath_held within a labelled breath hold (+5 s). Twists: a
          twist event within [t - 0.5 s, t + 2 s] of a labelled self-twist.
        Targets: slouch precision and recall >= 0.95, hold median duration error
        <= 1 s, bounce and jerk accuracy >= 0.95, no bounce or jerk on smooth holds.
        Tune on seeds 1-20 and check a held-out range: --first-seed 101.
        """
}

/// One scenario replayed: the events and the activity once per second.
struct ScenarioRun {
    var events: [PostureEvent]
    /// (time, activity) once per second.
    var activity: [(Double, ActivityState)]
    /// (time, posture) once per second.
    var posture: [(Double, PostureState)]

    /// Reads `posture replay` output; the activity per second comes from its activity events.
    static func fromEventsFile(_ path: String, durationSeconds: Double) throws -> ScenarioRun {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("\(path): cannot read the events file")
        }
        var events: [PostureEvent] = []
        let decoder = JSONDecoder()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let object = try? decoder.decode([String: EventJSONValue].self, from: Data(line.utf8)),
                  case .number(let t)? = object["t"], case .string(let name)? = object["event"] else {
                throw CLIError("\(path):\(index + 1): not an event line (a JSON object with \"t\" and \"event\")")
            }
            var event = PostureEvent(timeSeconds: t, name: name)
            for key in object.keys.sorted() where key != "t" && key != "event" {
                switch object[key] {
                case .number(let d)?: event.fields.append((key, .number(d, fractionDigits: 3)))
                case .bool(let b)?: event.fields.append((key, .bool(b)))
                case .string(let s)?: event.fields.append((key, .string(s)))
                default: break
                }
            }
            events.append(event)
        }
        func timeline<State>(_ name: String, _ initial: State, _ parse: (String) -> State?) -> [(Double, State)] {
            var out: [(Double, State)] = []
            var current = initial
            var next = 0
            let changes = events.filter { $0.name == name }
            var t = 0.0
            while t <= durationSeconds {
                while next < changes.count && changes[next].timeSeconds <= t {
                    current = changes[next]["state"]?.stringValue.flatMap(parse) ?? current
                    next += 1
                }
                out.append((t, current))
                t += 1
            }
            return out
        }
        return ScenarioRun(events: events,
                           activity: timeline(EventName.activity, ActivityState.unknown, ActivityState.init(rawValue:)),
                           posture: timeline(EventName.posture, PostureState.unknown, PostureState.init(rawValue:)))
    }

    static func replay(_ scenario: SimulatedScenario, settings: PipelineSettings) -> ScenarioRun {
        var pipeline = PosturePipeline(settings: settings)
        var events: [PostureEvent] = []
        var activity: [(Double, ActivityState)] = []
        var posture: [(Double, PostureState)] = []
        var nextTick = 0.0
        for record in scenario.trace.records {
            pipeline.process(record.sample, action: record.marker, events: &events)
            if record.sample.timeSeconds >= nextTick {
                activity.append((record.sample.timeSeconds, pipeline.state.activity))
                posture.append((record.sample.timeSeconds, pipeline.state.posture))
                nextTick = record.sample.timeSeconds.rounded(.down) + 1
            }
        }
        return ScenarioRun(events: events, activity: activity, posture: posture)
    }
}

/// A scalar of an event line (vectors such as `up` are skipped).
enum EventJSONValue: Decodable {
    case number(Double), bool(Bool), string(String), other

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else { self = .other }
    }
}

/// Counts and errors accumulated over scenarios.
struct ScoreTally {
    var scenarios = 0
    var simulatedSeconds = 0.0
    var slouchTP = 0, slouchFP = 0, slouchExpected = 0, slouchDetected = 0
    var slouchLatency: [Double] = []
    var nudgeExpected = 0, nudgeMatched = 0, nudgeExtra = 0
    var nudgeError: [Double] = []
    var holdsExpected = 0, holdsMatched = 0, holdsFalse = 0
    var holdDurationError: [Double] = []
    var holdStartError: [Double] = []
    var holdEndError: [Double] = []
    var targetScored = 0, targetCorrect = 0
    var bounceScored = 0, bounceCorrect = 0
    var jerkScored = 0, jerkCorrect = 0
    var smoothHolds = 0, smoothHoldsFlagged = 0
    var jerkLabels = 0, jerkLabelsFound = 0, jerkEvents = 0, jerkEventsMatched = 0
    var activitySeconds = 0, activityCorrect = 0
    var postureSeconds = 0, postureCorrect = 0
    var repetitionSeries = 0
    var repetitionError: [Double] = []
    var breathingError: [Double] = []
    var breathHeldExpected = 0, breathHeldFound = 0, breathHeldEvents = 0, breathHeldEventsMatched = 0
    var twistLabels = 0, twistFound = 0, twistEvents = 0
    var failures: [String] = []

    mutating func add(_ s: ScoreTally) {
        scenarios += s.scenarios
        simulatedSeconds += s.simulatedSeconds
        slouchTP += s.slouchTP; slouchFP += s.slouchFP; slouchExpected += s.slouchExpected
        slouchDetected += s.slouchDetected; slouchLatency += s.slouchLatency
        nudgeExpected += s.nudgeExpected; nudgeMatched += s.nudgeMatched; nudgeExtra += s.nudgeExtra
        nudgeError += s.nudgeError
        holdsExpected += s.holdsExpected; holdsMatched += s.holdsMatched; holdsFalse += s.holdsFalse
        holdDurationError += s.holdDurationError
        holdStartError += s.holdStartError
        holdEndError += s.holdEndError
        targetScored += s.targetScored; targetCorrect += s.targetCorrect
        bounceScored += s.bounceScored; bounceCorrect += s.bounceCorrect
        jerkScored += s.jerkScored; jerkCorrect += s.jerkCorrect
        smoothHolds += s.smoothHolds; smoothHoldsFlagged += s.smoothHoldsFlagged
        jerkLabels += s.jerkLabels; jerkLabelsFound += s.jerkLabelsFound
        jerkEvents += s.jerkEvents; jerkEventsMatched += s.jerkEventsMatched
        activitySeconds += s.activitySeconds; activityCorrect += s.activityCorrect
        postureSeconds += s.postureSeconds; postureCorrect += s.postureCorrect
        repetitionSeries += s.repetitionSeries; repetitionError += s.repetitionError
        breathingError += s.breathingError
        breathHeldExpected += s.breathHeldExpected; breathHeldFound += s.breathHeldFound
        breathHeldEvents += s.breathHeldEvents
        breathHeldEventsMatched += s.breathHeldEventsMatched
        twistLabels += s.twistLabels; twistFound += s.twistFound; twistEvents += s.twistEvents
        failures += s.failures
    }

    struct Report {
        var text: String
        var allTargetsMet: Bool
    }

    func report(title: String) -> Report {
        var rows: [(String, String, String, Bool?)] = []
        var ok = true
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
        func gate(_ name: String, _ value: Double, _ shown: String, atLeast target: Double) {
            let pass = value >= target
            ok = ok && pass
            rows.append((name, shown, ">= \(fmt(target, 2))", pass))
        }
        func info(_ name: String, _ shown: String) { rows.append((name, shown, "", nil)) }

        let precision = ratio(slouchTP, slouchTP + slouchFP)
        gate("slouch-alert precision", precision, "\(fmt(precision, 3)) (\(slouchTP)/\(slouchTP + slouchFP))", atLeast: 0.95)
        let recall = ratio(slouchDetected, slouchExpected)
        gate("slouch-alert recall", recall, "\(fmt(recall, 3)) (\(slouchDetected)/\(slouchExpected))", atLeast: 0.95)
        info("slouch-alert latency median/max", "\(fmt(median(slouchLatency), 1)) / \(fmt(slouchLatency.max() ?? 0, 1)) s")
        info("sitting nudges matched", "\(nudgeMatched)/\(nudgeExpected), \(nudgeExtra) extra")
        info("sitting-nudge timing error median/max",
             "\(fmt(median(nudgeError.map(abs)), 1)) / \(fmt(nudgeError.map(abs).max() ?? 0, 1)) s")
        info("holds matched", "\(holdsMatched)/\(holdsExpected), \(holdsFalse) not in a labelled hold")
        let holdError = median(holdDurationError.map(abs))
        let holdPass = holdError <= 1.0 && !holdDurationError.isEmpty
        ok = ok && holdPass
        rows.append(("hold |duration error| median/max",
                     "\(fmt(holdError, 2)) / \(fmt(holdDurationError.map(abs).max() ?? 0, 1)) s", "<= 1.00 s", holdPass))
        info("hold start / end error median (signed)",
             "\(fmt(median(holdStartError), 2)) / \(fmt(median(holdEndError), 2)) s")
        let target = ratio(targetCorrect, targetScored)
        info("target-met accuracy", "\(fmt(target, 3)) (\(targetCorrect)/\(targetScored))")
        let bounce = ratio(bounceCorrect, bounceScored)
        gate("bounce detection accuracy (holds)", bounce, "\(fmt(bounce, 3)) (\(bounceCorrect)/\(bounceScored))", atLeast: 0.95)
        let jerk = ratio(jerkCorrect, jerkScored)
        gate("jerk detection accuracy (holds)", jerk, "\(fmt(jerk, 3)) (\(jerkCorrect)/\(jerkScored))", atLeast: 0.95)
        let smoothPass = smoothHoldsFlagged == 0
        ok = ok && smoothPass
        rows.append(("smooth holds with bounce/jerk", "\(smoothHoldsFlagged)/\(smoothHolds)", "0", smoothPass))
        info("jerk events: labels found / events matched",
             "\(jerkLabelsFound)/\(jerkLabels), \(jerkEventsMatched)/\(jerkEvents)")
        info("activity accuracy (per second)", "\(fmt(ratio(activityCorrect, activitySeconds), 3))")
        info("posture accuracy (per second, outside stretches)", "\(fmt(ratio(postureCorrect, postureSeconds), 3))")
        info("repetition count |error| median/max (series)",
             "\(fmt(median(repetitionError), 1)) / \(fmt(repetitionError.max() ?? 0, 0)) (\(repetitionSeries) series)")
        info("breathing rate |error| median (holds)",
             "\(fmt(median(breathingError), 1)) /min (\(breathingError.count) holds)")
        info("breath held: spans found / events in a span",
             "\(breathHeldFound)/\(breathHeldExpected), \(breathHeldEventsMatched)/\(breathHeldEvents)")
        info("twists: found / events", "\(twistFound)/\(twistLabels), \(twistEvents) events")

        let width = rows.map(\.0.count).max() ?? 10
        let valueWidth = rows.map(\.1.count).max() ?? 10
        var text = "posture score: \(title), \(scenarios) scenarios, \(fmt(simulatedSeconds / 3600, 1)) h simulated\n"
        for (name, value, target, pass) in rows {
            text += name.padding(width) + "  " + value.padding(valueWidth) + "  " + target.padding(10)
            if let pass { text += pass ? "  ok" : "  MISSED" }
            text += "\n"
        }
        text += ok ? "all targets met\n" : "some targets missed\n"
        return Report(text: text, allTargetsMet: ok)
    }
}

extension String {
    fileprivate func padding(_ n: Int) -> String {
        count >= n ? self : self + String(repeating: " ", count: n - count)
    }
}

private func fmt(_ x: Double, _ digits: Int) -> String { DecimalFormatting.string(x, fractionDigits: digits) }

private func median(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return 0 }
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Compares one replayed scenario with its labels (rules in `ScoringRules`).
enum ScenarioScorer {
    static func score(run: ScenarioRun, labels: ScenarioLabels, settings: PipelineSettings) -> ScoreTally {
        var s = ScoreTally()
        s.scenarios = 1
        s.simulatedSeconds = labels.durationSeconds
        let tag = "\(labels.scenario) seed \(labels.seed)"
        scoreSlouch(run, labels, settings, &s, tag)
        scoreNudges(run, labels, settings, &s)
        scoreHolds(run, labels, settings, &s, tag)
        scoreActivity(run, labels, &s)
        scorePosture(run, labels, &s)
        scoreExtras(run, labels, settings, &s)
        return s
    }

    static func times(_ run: ScenarioRun, _ name: String) -> [Double] {
        run.events.filter { $0.name == name }.map(\.timeSeconds)
    }

    static func scoreSlouch(_ run: ScenarioRun, _ labels: ScenarioLabels, _ settings: PipelineSettings,
                            _ s: inout ScoreTally, _ tag: String) {
        let a = settings.slouch.alertAfterSeconds
        let angle = settings.slouch.angleDegrees
        let alerts = times(run, EventName.slouchAlert)
        let hovers = labels.distractors.filter { $0.kind == "hover" }
        // Episodes less than 10 s apart, or in one hover span (the levels between may stay
        // within the hysteresis), are one episode for the wearer.
        var episodes: [(start: Double, end: Double, expected: Bool)] = []
        for e in labels.slouchEpisodes {
            let clear = e.pitchDegrees >= angle + 2 && e.end - e.start >= a + 5
            let sameHover = hovers.contains { h in episodes.last.map { $0.start >= h.start && $0.start <= h.end } ?? false
                && e.start >= h.start && e.start <= h.end }
            if let last = episodes.last, e.start - last.end < 10 || sameHover {
                episodes[episodes.count - 1].end = e.end
                episodes[episodes.count - 1].expected = last.expected || clear
            } else {
                episodes.append((e.start, e.end, clear))
            }
        }
        var alerted = Set<Int>()
        for t in alerts {
            if let i = episodes.indices.first(where: { t >= episodes[$0].start + a - 5 && t <= episodes[$0].end + 3 }) {
                if episodes[i].expected && !alerted.contains(i) {
                    s.slouchTP += 1
                    let latency = t - (episodes[i].start + a)
                    s.slouchLatency.append(latency)
                    alerted.insert(i)
                    if latency > 15 { s.failures.append("\(tag): late slouch alert at \(fmt(t, 1)) s (+\(fmt(latency, 1)) s)") }
                }
                continue
            }
            if hovers.contains(where: { t >= $0.start && t <= $0.end + 3 }) { continue }
            s.slouchFP += 1
            s.failures.append("\(tag): false slouch alert at \(fmt(t, 1)) s")
        }
        for (i, e) in episodes.enumerated() where e.expected {
            s.slouchExpected += 1
            if alerted.contains(i) { s.slouchDetected += 1 } else {
                s.failures.append("\(tag): missed slouch \(fmt(e.start, 1))-\(fmt(e.end, 1)) s")
            }
        }
    }

    static func scoreNudges(_ run: ScenarioRun, _ labels: ScenarioLabels, _ settings: PipelineSettings,
                            _ s: inout ScoreTally) {
        let n = settings.sitting.nudgeAfterSeconds
        let breakSeconds = settings.sitting.breakSeconds
        // Ideal first nudge of each sitting bout.
        var ideals: [Double] = []
        var boutStart: Double?
        var nudged = false
        for interval in labels.activities {
            if interval.state == "sitting" {
                if boutStart == nil { boutStart = interval.start; nudged = false }
                if let b = boutStart, !nudged, interval.end >= b + n { ideals.append(b + n); nudged = true }
            } else if interval.end - interval.start >= breakSeconds {
                boutStart = nil
            }
        }
        let nudges = times(run, EventName.sittingNudge)
        var used = Set<Int>()
        for ideal in ideals {
            s.nudgeExpected += 1
            if let i = nudges.indices.filter({ !used.contains($0) }).min(by: { abs(nudges[$0] - ideal) < abs(nudges[$1] - ideal) }),
               abs(nudges[i] - ideal) <= 120 {
                used.insert(i)
                s.nudgeMatched += 1
                s.nudgeError.append(nudges[i] - ideal)
            }
        }
        // Repeats are allowed after the first nudge of a bout; count only nudges far from any ideal.
        s.nudgeExtra += nudges.indices.filter { i in
            !used.contains(i) && !ideals.contains(where: { nudges[i] > $0 })
        }.count
    }

    struct DetectedHold {
        var start: Double
        var end: Double
        var targetMet: Bool
        var breathsPerMinute: Double?
    }

    static func detectedHolds(_ run: ScenarioRun) -> [DetectedHold] {
        run.events.filter { $0.name == EventName.holdEnd }.compactMap { e in
            guard let start = e["start_t"]?.doubleValue, let d = e["duration_s"]?.doubleValue,
                  let met = e["target_met"]?.boolValue else { return nil }
            return DetectedHold(start: start, end: start + d, targetMet: met, breathsPerMinute: e["breaths_per_min"]?.doubleValue)
        }
    }

    static func scoreHolds(_ run: ScenarioRun, _ labels: ScenarioLabels, _ settings: PipelineSettings,
                           _ s: inout ScoreTally, _ tag: String) {
        let detected = detectedHolds(run)
        let bounceTimes = times(run, EventName.bounce)
        let jerkTimes = times(run, EventName.jerk)
        var usedDetections = Set<Int>()
        func overlap(_ a0: Double, _ a1: Double, _ b0: Double, _ b1: Double) -> Double { max(0, min(a1, b1) - max(a0, b0)) }
        for hold in labels.holds {
            s.holdsExpected += 1
            let duration = hold.end - hold.start
            let best = detected.indices.max(by: {
                overlap(detected[$0].start, detected[$0].end, hold.start, hold.end)
                    < overlap(detected[$1].start, detected[$1].end, hold.start, hold.end)
            })
            if let i = best, overlap(detected[i].start, detected[i].end, hold.start, hold.end) >= 0.5 * duration {
                usedDetections.insert(i)
                s.holdsMatched += 1
                let d = detected[i]
                s.holdDurationError.append((d.end - d.start) - duration)
                s.holdStartError.append(d.start - hold.start)
                s.holdEndError.append(d.end - hold.end)
                if abs(duration - settings.stretch.holdTargetSeconds) > 1 {
                    s.targetScored += 1
                    if d.targetMet == (duration >= settings.stretch.holdTargetSeconds) { s.targetCorrect += 1 }
                }
                let rates = labels.breathing.filter { $0.ratePerMinute > 0 && overlap($0.start, $0.end, hold.start, hold.end) > 0.5 * duration }
                if rates.count == 1, let measured = d.breathsPerMinute {
                    s.breathingError.append(abs(measured - rates[0].ratePerMinute))
                }
            } else {
                s.failures.append("\(tag): missed hold \(hold.stretch) \(fmt(hold.start, 1))-\(fmt(hold.end, 1)) s")
            }
            // Bouncing and jerks, per hold.
            let bounced = bounceTimes.contains { $0 >= hold.start && $0 <= hold.end + 2 }
            if hold.bounces != 1 {
                s.bounceScored += 1
                if bounced == (hold.bounces >= 2) { s.bounceCorrect += 1 } else {
                    s.failures.append("\(tag): hold \(hold.stretch) \(hold.style) \(fmt(hold.start, 1)) s: bounce \(bounced ? "reported" : "missed")")
                }
            }
            let jerked = jerkTimes.contains { $0 >= hold.start - 2 && $0 <= hold.end + 3 }
            s.jerkScored += 1
            if jerked == (hold.jerks > 0) { s.jerkCorrect += 1 } else {
                s.failures.append("\(tag): hold \(hold.stretch) \(hold.style) \(fmt(hold.start, 1)) s: jerk \(jerked ? "reported" : "missed")")
            }
            if hold.style == "smooth" {
                s.smoothHolds += 1
                let flagged = bounceTimes.contains { $0 >= hold.start && $0 <= hold.end }
                    || jerkTimes.contains { $0 >= hold.start && $0 <= hold.end }
                if flagged {
                    s.smoothHoldsFlagged += 1
                    s.failures.append("\(tag): smooth hold \(hold.stretch) \(fmt(hold.start, 1)) s flagged")
                }
            }
        }
        s.holdsFalse += detected.indices.filter { i in
            !usedDetections.contains(i)
                && !labels.holds.contains { overlap(detected[i].start, detected[i].end, $0.start, $0.end) > 0 }
        }.count
        // Jerk events against jerk labels.
        s.jerkLabels += labels.jerks.count
        s.jerkLabelsFound += labels.jerks.filter { j in jerkTimes.contains { $0 >= j.t - 0.5 && $0 <= j.t + 2.5 } }.count
        s.jerkEvents += jerkTimes.count
        s.jerkEventsMatched += jerkTimes.filter { t in labels.jerks.contains { t >= $0.t - 0.5 && t <= $0.t + 2.5 } }.count
    }

    /// Posture per second against the labels, skipping 8 s after a labelled change (the
    /// confirmation time), distractor spans and stretch breaks up to the next calibration (held
    /// positions there are stretches, not postures to coach).
    static func scorePosture(_ run: ScenarioRun, _ labels: ScenarioLabels, _ s: inout ScoreTally) {
        let skip = labels.distractors.map { ($0.start - 1, $0.end + 8) }
            + labels.stretchMarkers.map { m in (m, labels.calibrations.first(where: { $0 > m }) ?? .infinity) }
        var k = 0
        for (t, state) in run.posture {
            while k < labels.postures.count && labels.postures[k].end < t { k += 1 }
            guard k < labels.postures.count else { break }
            let interval = labels.postures[k]
            guard t >= interval.start + 8, t <= interval.end - 1,
                  !skip.contains(where: { t >= $0.0 && t <= $0.1 }),
                  t >= (labels.calibrations.first ?? .infinity) + 1 else { continue }
            s.postureSeconds += 1
            if state.rawValue == interval.state { s.postureCorrect += 1 }
        }
    }

    static func scoreActivity(_ run: ScenarioRun, _ labels: ScenarioLabels, _ s: inout ScoreTally) {
        var k = 0
        for (t, state) in run.activity {
            while k < labels.activities.count && labels.activities[k].end < t { k += 1 }
            guard k < labels.activities.count else { break }
            let interval = labels.activities[k]
            guard t >= interval.start + 3, t <= interval.end - 3 else { continue }
            s.activitySeconds += 1
            if state.rawValue == interval.state { s.activityCorrect += 1 }
        }
    }

    static func scoreExtras(_ run: ScenarioRun, _ labels: ScenarioLabels, _ settings: PipelineSettings,
                            _ s: inout ScoreTally) {
        // Repetition series: consecutive labels of one exercise less than 20 s apart.
        var series: [(start: Double, end: Double, count: Int)] = []
        var lastExercise = ""
        for r in labels.repetitions {
            if let last = series.last, r.exercise == lastExercise, r.t - last.end < 20 {
                series[series.count - 1].end = r.t
                series[series.count - 1].count += 1
            } else {
                series.append((r.t, r.t, 1))
            }
            lastExercise = r.exercise
        }
        let reps = run.events.filter { $0.name == PipelineEventName.repetition }
        for sr in series {
            s.repetitionSeries += 1
            let inSeries = reps.filter { $0.timeSeconds >= sr.start - 2 && $0.timeSeconds <= sr.end + 10 }
            let counted = inSeries.compactMap { $0["count"]?.doubleValue.map { Int($0) } }.max() ?? 0
            s.repetitionError.append(Double(abs(counted - sr.count)))
        }
        let held = times(run, PipelineEventName.breathHeld)
        s.breathHeldEvents += held.count
        let heldSpans = labels.breathing.filter { $0.ratePerMinute == 0 }
        s.breathHeldEventsMatched += held.filter { t in heldSpans.contains { t >= $0.start && t <= $0.end + 5 } }.count
        for b in labels.breathing where b.ratePerMinute == 0 && b.end - b.start >= settings.breathing.heldWarningSeconds {
            s.breathHeldExpected += 1
            if held.contains(where: { $0 >= b.start && $0 <= b.end + 5 }) { s.breathHeldFound += 1 }
        }
        let twists = times(run, PipelineEventName.twist)
        s.twistLabels += labels.twists.count
        s.twistEvents += twists.count
        for t in labels.twists {
            if twists.contains(where: { $0 >= t - 0.5 && $0 <= t + 2 }) { s.twistFound += 1 } else {
                s.failures.append("\(labels.scenario) seed \(labels.seed): missed twist at \(fmt(t, 1)) s")
            }
        }
    }
}
