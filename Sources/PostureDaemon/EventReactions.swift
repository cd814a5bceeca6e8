import PostureCoaching
import PostureCore
import PosturePipeline

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

    public init() {}

    public mutating func react(to event: PostureEvent, counters c: inout DailyCounters) -> EventReaction {
        switch event.name {
        case EventName.slouchAlert:
            c.slouchAlerts += 1
            return EventReaction(nudge: .slouch)
        case EventName.sittingNudge:
            c.sittingNudges += 1
            return EventReaction(nudge: .sitting)
        case EventName.posture:
            if event["state"]?.stringValue == PostureState.upright.rawValue { return EventReaction(corrected: .slouch) }
        case EventName.activity:
            let state = event["state"]?.stringValue
            if state == ActivityState.standing.rawValue || state == ActivityState.walking.rawValue {
                return EventReaction(corrected: .sitting)
            }
        case EventName.calibrated:
            c.calibrations += 1
        case PipelineEventName.stretchStart:
            c.stretchSessions += 1
        case EventName.holdStart:
            holdStartedSeconds = event.timeSeconds
            holdTargetSignalled = false
        case EventName.holdEnd:
            holdStartedSeconds = nil
            let duration = event["duration_s"]?.doubleValue ?? 0
            c.holds += 1
            c.holdSecondsTotal += duration
            c.longestHoldSeconds = max(c.longestHoldSeconds, duration)
            if event["target_met"]?.boolValue == true {
                c.holdsTargetMet += 1
                // Signalled already while held: once per hold is enough.
                if !holdTargetSignalled { return EventReaction(nudge: .holdTarget) }
            }
        case EventName.bounce:
            c.bounces += 1
            return EventReaction(nudge: .warning)
        case EventName.jerk:
            c.jerks += 1
            return EventReaction(nudge: .warning)
        case EventName.fault:
            c.faults += 1
        default:
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
