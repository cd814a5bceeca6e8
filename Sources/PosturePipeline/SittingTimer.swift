import PostureCore

/// The sitting clock: runs from the start of a sitting bout until a break (standing,
/// walking or lying for `breakSeconds`); nudges after `nudgeAfterSeconds`, then every
/// `repeatEverySeconds` while sitting continues. A short stand does not restart it.
struct SittingTimer: Sendable {
    private(set) var boutStart: Double?
    private var breakStart: Double?
    private var nudges = 0
    private(set) var lastNudgeTime: Double?

    func sittingSeconds(at t: Double) -> Double { boutStart.map { t - $0 } ?? 0 }

    /// A gap in the samples: its time is not sitting time, nor break time.
    mutating func skip(seconds: Double) {
        boutStart = boutStart.map { $0 + seconds }
        breakStart = breakStart.map { $0 + seconds }
        lastNudgeTime = lastNudgeTime.map { $0 + seconds }
    }

    /// Returns the sitting time when a nudge is due at this sample.
    mutating func update(t: Double, activity: ActivityState, settings: SittingSettings) -> Double? {
        switch activity {
        case .sitting:
            if boutStart == nil { boutStart = t; nudges = 0 }
            breakStart = nil
        case .standing, .walking, .lying:
            if breakStart == nil { breakStart = t }
            if let b = breakStart, t - b >= settings.breakSeconds {
                boutStart = nil
                nudges = 0
            }
        case .unknown:
            break
        }
        guard activity == .sitting, let start = boutStart else { return nil }
        let sat = t - start
        let due = settings.nudgeAfterSeconds + Double(nudges) * settings.repeatEverySeconds
        guard sat >= due else { return nil }
        nudges += 1
        lastNudgeTime = t
        return sat
    }
}
