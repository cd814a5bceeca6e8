import PostureCoaching
import PostureCore

/// What the service does about one pipeline event, besides logging and storing it.
public struct EventReaction: Equatable, Sendable {
    /// Feedback to request from the nudger.
    public var nudge: NudgeKind?
    /// The wearer fixed what an alert of this kind was about: it was not ignored.
    public var corrected: NudgeKind?

    public init(nudge: NudgeKind? = nil, corrected: NudgeKind? = nil) {
        self.nudge = nudge
        self.corrected = corrected
    }

    public static let none = EventReaction()
}

/// Event -> counters and nudges: the one switch over the pipeline's events in the service.
/// Pure: the service applies the reaction (nudger, vibration) and keeps the counters.
public struct EventReactions: Sendable {
    /// Start of the hold in progress (sample time), for the "you may release" signal.
    public private(set) var holdStartedSeconds: Double?
    /// The hold in progress already got its target signal (while held).
    public private(set) var holdTargetSignalled = false
    /// The exercise the hold in progress was recognised as (its target applies).
    public private(set) var holdExercise = Exercise.unknown
    /// The last activity seen, so that standing up from sitting counts as a break.
    public private(set) var lastActivity: ActivityState?

    public init() {}

    public mutating func react(to event: PostureEvent, counters c: inout DailyCounters) -> EventReaction {
        switch event.payload {
        case .slouchAlert:
            c.slouchAlerts += 1
            return EventReaction(nudge: .slouch)
        case .sittingNudge:
            c.sittingNudges += 1
            return EventReaction(nudge: .sitting)
        case .posture(let state):
            if state == .upright { return EventReaction(corrected: .slouch) }
        case .activity(let state):
            let wasSitting = lastActivity == .sitting
            lastActivity = state
            if state == .standing || state == .walking {
                if wasSitting { c.breaks += 1 }
                return EventReaction(corrected: .sitting)
            }
        case .calibrated:
            c.calibrations += 1
        case .stretchStart:
            c.stretchSessions += 1
        case .holdStart(_, _, let exercise):
            holdStartedSeconds = event.timeSeconds
            holdTargetSignalled = false
            holdExercise = exercise?.exercise ?? .unknown
        case .holdEnd(let hold):
            holdStartedSeconds = nil
            c.holds += 1
            c.holdSecondsTotal += hold.durationSeconds
            c.longestHoldSeconds = max(c.longestHoldSeconds, hold.durationSeconds)
            c.lastHoldSeconds = hold.durationSeconds
            if let r = hold.exercise, r.side != .none {
                c.addSideHold(exercise: r.exercise.rawValue, side: r.side.rawValue, seconds: hold.durationSeconds,
                              degrees: hold.exerciseDegrees ?? 0)
            }
            if hold.targetMet {
                c.holdsTargetMet += 1
                // Signalled already while held: once per hold is enough.
                if !holdTargetSignalled { return EventReaction(nudge: .holdTarget) }
            }
        case .bounce:
            c.bounces += 1
            return EventReaction(nudge: .warning)
        case .jerk:
            c.jerks += 1
            return EventReaction(nudge: .warning)
        case .fault:
            c.faults += 1
        case .routineEnd(let r):
            c.routines += 1
            if r.stepsDone == r.steps { c.routinesCompleted += 1 }
            c.routineStepsDone += r.stepsDone
        case .stretchEnd, .repetition, .breathHeld, .twist, .sensorRecovered, .routineStep, .otherSideDue, .deepBreaths,
             .warmUpCue, .sideBalance, .slouchCorrected, .alertWithheld:
            break
        }
        return .none
    }

    /// The wearer needs to know when the hold has lasted long enough, while still holding.
    /// True once per hold, when `targetSeconds` have passed since it started.
    public mutating func holdTargetReached(now: Double, targetSeconds: Double) -> Bool {
        guard let start = holdStartedSeconds, !holdTargetSignalled, now - start >= targetSeconds else { return false }
        holdTargetSignalled = true
        return true
    }
}
