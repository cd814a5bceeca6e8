import PostureCoaching
import PostureControl
import PostureCore

/// Everything one report page shows, already gathered: the renderer only draws it.
public struct ReportPage: Sendable {
    /// "Tuesday 2026-11-24", "Week to 2026-11-24", "Recording walk.csv".
    public var title: String
    /// Where the figures come from (shown under the title).
    public var source: String
    /// One per day (a day page has one, a week page seven), oldest first.
    public var days: [ReportDay]
    /// The seven days ending with the last one, oldest first (the trend charts).
    public var trend: [ReportDay]
    /// The generic hold target, and each recognised exercise's own (`[stretch_targets]`).
    public var holdTargetSeconds: Double
    public var exerciseTargetSeconds: [Exercise: Double] = [:]
    /// Shown at the end: what the page could not know.
    public var notes: [String]
    /// The guided routines of the days shown, oldest first.
    public var routineRuns: [ReportRoutineRun] = []
    /// Left against right of each stretch session of a day page (its `side_balance` events), oldest first.
    public var sessionSides: [ReportSessionSides] = []

    public init(title: String, source: String, days: [ReportDay], trend: [ReportDay], holdTargetSeconds: Double,
                notes: [String] = []) {
        self.title = title
        self.source = source
        self.days = days
        self.trend = trend
        self.holdTargetSeconds = holdTargetSeconds
        self.notes = notes
    }
}

/// A guided routine on the page: when (as the wearer reads it) and how it went.
public struct ReportRoutineRun: Sendable {
    /// "2026-11-24 09:14".
    public var when: String
    public var run: RoutineRun

    public init(when: String, run: RoutineRun) {
        self.when = when
        self.run = run
    }
}

/// One stretch session's left/right comparison: when it ended (as the wearer reads it) and the figures.
public struct ReportSessionSides: Sendable {
    /// "14:03" (a recording: "0:12" from its start).
    public var when: String
    public var totals: SideTotals

    public init(when: String, totals: SideTotals) {
        self.when = when
        self.totals = totals
    }

    /// From the `side_balance` events among `events`, timed by `label`.
    public static func from(_ events: [PostureEvent], label: (Double) -> String) -> [ReportSessionSides] {
        events.compactMap { e in
            guard case .sideBalance(let b) = e.payload else { return nil }
            return ReportSessionSides(when: label(e.timeSeconds), totals: SideTotals(
                exercise: b.exercise.rawValue, leftHolds: b.leftHolds, rightHolds: b.rightHolds, leftSeconds: b.leftSeconds,
                rightSeconds: b.rightSeconds, leftDegrees: b.leftDegrees, rightDegrees: b.rightDegrees))
        }
    }
}

/// One day (or one recording): its counters and, when there is one, its timeline.
public struct ReportDay: Sendable {
    /// "2026-11-24" (a recording: its file name).
    public var day: String
    /// The figures of `posture stats` for the day; nil when nothing was recorded.
    public var counters: DailyCounters?
    /// What happened, on the axis's clock.
    public var timeline: DayTimeline?

    public init(day: String, counters: DailyCounters?, timeline: DayTimeline? = nil) {
        self.day = day
        self.counters = counters
        self.timeline = timeline
    }

    /// Sitting bouts ended by standing up or walking.
    public var breaks: Int { timeline?.breaks ?? 0 }
}

/// The horizontal axis of a timeline: seconds on the events' clock and the tick labels.
public struct TimeAxis: Sendable, Equatable {
    public var startSeconds: Double
    public var endSeconds: Double
    public var ticks: [Tick]

    public struct Tick: Sendable, Equatable {
        public var seconds: Double
        public var label: String
        public init(seconds: Double, label: String) {
            self.seconds = seconds
            self.label = label
        }
    }

    public init(startSeconds: Double, endSeconds: Double, ticks: [Tick]) {
        self.startSeconds = startSeconds
        self.endSeconds = max(endSeconds, startSeconds + 1)
        self.ticks = ticks
    }

    /// Ticks every `stepSeconds` from 0 (a recording: "0:00", "0:10", ...).
    public static func elapsed(durationSeconds: Double) -> TimeAxis {
        let duration = max(durationSeconds, 60)
        let steps: [Double] = [60, 300, 600, 900, 1800, 3600, 7200]
        let step = steps.first { duration / $0 <= 12 } ?? 14400
        var ticks: [Tick] = []
        var t = 0.0
        while t <= duration + 1e-6 {
            let minutes = Int(t / 60)
            ticks.append(Tick(seconds: t, label: "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"))
            t += step
        }
        return TimeAxis(startSeconds: 0, endSeconds: duration, ticks: ticks)
    }
}
