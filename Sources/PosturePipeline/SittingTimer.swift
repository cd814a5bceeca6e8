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

/// A stretch session: started by the `stretch` action or by standing up soon after a
/// sitting nudge; ends after `sessionIdleSeconds` near upright with no hold or exercise.
struct StretchSession: Sendable {
    private(set) var active = false
    private(set) var startTime = 0.0
    private var idleSeconds = 0.0
    private(set) var holds = 0
    private(set) var holdsTargetMet = 0

    mutating func start(at t: Double) {
        active = true
        startTime = t
        idleSeconds = 0
        holds = 0
        holdsTargetMet = 0
    }

    mutating func stop() { active = false }

    mutating func noteHold(targetMet: Bool) {
        holds += 1
        if targetMet { holdsTargetMet += 1 }
    }

    /// `busy`: a hold, an exercise or a position away from upright. Returns true when the session ends.
    mutating func update(dt: Double, busy: Bool, settings: StretchSettings) -> Bool {
        guard active else { return false }
        if busy { idleSeconds = 0 } else { idleSeconds += dt }
        if idleSeconds >= settings.sessionIdleSeconds {
            active = false
            return true
        }
        return false
    }
}
