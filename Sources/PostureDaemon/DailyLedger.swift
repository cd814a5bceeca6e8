import PostureCoaching
import PostureControl

/// The daily counters of `posture stats`: today's and yesterday's in memory (and in the state
/// file), older days in the history database. Pure: the service says what happened and when
/// the local day changes, and writes what `counters` holds.
public struct DailyLedger: Sendable {
    /// By day key ("2026-11-22").
    public private(set) var counters: [String: DailyCounters] = [:]
    public private(set) var currentDay: String
    /// The pipeline counts slouched time since start; the ledger adds the difference per batch.
    private var lastPipelineSlouchedSeconds = 0.0

    public init(day: String) {
        currentDay = day
    }

    /// Today's counters.
    public var today: DailyCounters {
        get { counters[currentDay] ?? DailyCounters() }
        set { counters[currentDay] = newValue }
    }

    /// Counters from the state file.
    public mutating func restore(_ saved: [String: DailyCounters]) {
        counters = saved
    }

    /// One processed batch: time slouched (from the pipeline's running total), upright and sitting.
    public mutating func account(pipelineSlouchedSeconds: Double, upright: Bool, sitting: Bool,
                                 sittingBoutSeconds: Double, batchSeconds: Double) {
        var c = today
        c.slouchedSeconds += max(0, pipelineSlouchedSeconds - lastPipelineSlouchedSeconds)
        lastPipelineSlouchedSeconds = pipelineSlouchedSeconds
        if upright { c.uprightSeconds += batchSeconds }
        if sitting { c.sittingSeconds += batchSeconds }
        c.longestSittingBoutSeconds = max(c.longestSittingBoutSeconds, sittingBoutSeconds)
        today = c
    }

    /// The sitting bout still open (at shutdown) counts for the longest bout.
    public mutating func accountOpenSittingBout(_ seconds: Double) {
        today.longestSittingBoutSeconds = max(today.longestSittingBoutSeconds, seconds)
    }

    /// Starts `day` (the caller has written the old one). The day that ended and the one
    /// before it stay in memory (and the state file); older days are in the database.
    public mutating func startDay(_ day: String) {
        currentDay = day
        let keep = counters.keys.sorted(by: >).prefix(2)
        counters = counters.filter { keep.contains($0.key) }
    }

    /// The oldest day held in memory (stored days before it are read page by page).
    public var oldestLiveDay: String { counters.keys.min().map { min($0, currentDay) } ?? currentDay }

    /// Newest first: the live counters over the stored days, today with its open sitting bout.
    public func stats(days: Int, stored: [DayStats], openSittingBoutSeconds: Double) -> [DayStats] {
        var byDay: [String: DailyCounters] = [:]
        for d in stored { byDay[d.day] = d.counters }
        for (day, c) in counters { byDay[day] = c }
        if var today = byDay[currentDay] {
            today.longestSittingBoutSeconds = max(today.longestSittingBoutSeconds, openSittingBoutSeconds)
            byDay[currentDay] = today
        } else {
            byDay[currentDay] = DailyCounters()
        }
        return byDay.keys.sorted(by: >).prefix(days).map { DayStats(day: $0, counters: byDay[$0] ?? DailyCounters()) }
    }
}

/// When events and counters are next written to the SD card.
public struct FlushSchedule: Sendable {
    public private(set) var nextSeconds: Double
    public private(set) var intervalSeconds: Double

    public init(intervalSeconds: Double, now: Double) {
        self.intervalSeconds = intervalSeconds
        nextSeconds = now + intervalSeconds
    }

    /// True when a flush is due at `now`; the next one is then an interval later.
    public mutating func isDue(now: Double) -> Bool {
        guard now >= nextSeconds else { return false }
        nextSeconds = now + intervalSeconds
        return true
    }

    /// A new interval (reload): a shorter one applies from now, a longer one after the pending flush.
    public mutating func change(intervalSeconds: Double, now: Double) {
        self.intervalSeconds = intervalSeconds
        nextSeconds = min(nextSeconds, now + intervalSeconds)
    }
}
