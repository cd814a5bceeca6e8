import PostureCore

/// A day's events turned into what a timeline draws: state bands, sitting bouts with their
/// nudges, alerts, stretch sessions with their holds, bounces and jerks. Pure.
public struct DayTimeline: Sendable, Equatable {
    public struct Band: Sendable, Equatable {
        public var fromSeconds: Double
        public var toSeconds: Double
        public var state: String
        public var seconds: Double { toSeconds - fromSeconds }
    }

    public struct SittingBout: Sendable, Equatable {
        public var fromSeconds: Double
        public var toSeconds: Double
        public var nudgeSeconds: [Double]
        public var seconds: Double { toSeconds - fromSeconds }
    }

    public struct Hold: Sendable, Equatable {
        public var startSeconds: Double
        public var durationSeconds: Double
        public var targetMet: Bool
        public var bounces: Int
        public var jerks: Int
        /// What the pipeline named the stretch (its target applies), and the side.
        public var exercise: Exercise = .unknown
        public var side: ExerciseSide = .none
    }

    public var axis: TimeAxis
    public var posture: [Band] = []
    public var activity: [Band] = []
    public var sittingBouts: [SittingBout] = []
    public var slouchAlerts: [Double] = []
    public var stretchSessions: [Band] = []
    public var holds: [Hold] = []
    public var bounces: [Double] = []
    public var jerks: [Double] = []
    /// Sitting bouts ended by standing up or walking.
    public var breaks = 0

    /// Builds the timeline of `events` (time order) on `axis`. States hold from their event to the
    /// next one or to `dataEndSeconds` (the last moment anything was recorded, or now), and only
    /// within `coverage` when it is known (when the daemon ran: nothing is drawn across a power-off).
    public init(events: [PostureEvent], axis: TimeAxis, dataEndSeconds: Double, coverage: [ClosedRange<Double>]? = nil) {
        self.axis = axis
        let end = min(max(dataEndSeconds, axis.startSeconds), axis.endSeconds)
        var postureOpen: (Double, String)?
        var activityOpen: (Double, String)?
        var sittingOpen: Double?
        var nudges: [Double] = []
        var stretchOpen: Double?
        func clip(_ t: Double) -> Double { min(max(t, axis.startSeconds), axis.endSeconds) }

        for e in events {
            let t = clip(e.timeSeconds)
            switch e.payload {
            case .posture(let state):
                if let (from, s) = postureOpen, t > from { posture.append(Band(fromSeconds: from, toSeconds: t, state: s)) }
                postureOpen = (t, state.rawValue)
            case .activity(let state):
                if let (from, s) = activityOpen, t > from { activity.append(Band(fromSeconds: from, toSeconds: t, state: s)) }
                activityOpen = (t, state.rawValue)
                if state == .sitting {
                    if sittingOpen == nil { sittingOpen = t; nudges = [] }
                } else if let from = sittingOpen {
                    sittingBouts.append(SittingBout(fromSeconds: from, toSeconds: t, nudgeSeconds: nudges))
                    sittingOpen = nil
                    if state == .standing || state == .walking { breaks += 1 }
                }
            case .sittingNudge:
                nudges.append(t)
            case .slouchAlert:
                slouchAlerts.append(t)
            case .stretchStart:
                stretchOpen = stretchOpen ?? t
            case .stretchEnd:
                if let from = stretchOpen { stretchSessions.append(Band(fromSeconds: from, toSeconds: t, state: "stretch")) }
                stretchOpen = nil
            case .holdEnd(let h):
                // The event's time is the release; start_s is on the pipeline's own clock.
                holds.append(Hold(startSeconds: clip(e.timeSeconds - h.durationSeconds), durationSeconds: h.durationSeconds,
                                  targetMet: h.targetMet, bounces: h.bounces, jerks: h.jerks,
                                  exercise: h.exercise?.exercise ?? .unknown, side: h.exercise?.side ?? .none))
            case .bounce:
                bounces.append(t)
            case .jerk:
                jerks.append(t)
            default:
                break
            }
        }
        if let (from, s) = postureOpen, end > from { posture.append(Band(fromSeconds: from, toSeconds: end, state: s)) }
        if let (from, s) = activityOpen, end > from { activity.append(Band(fromSeconds: from, toSeconds: end, state: s)) }
        if let from = sittingOpen, end > from { sittingBouts.append(SittingBout(fromSeconds: from, toSeconds: end, nudgeSeconds: nudges)) }
        if let from = stretchOpen, end > from { stretchSessions.append(Band(fromSeconds: from, toSeconds: end, state: "stretch")) }
        if let coverage {
            posture = Self.clip(posture, to: coverage)
            activity = Self.clip(activity, to: coverage)
            stretchSessions = Self.clip(stretchSessions, to: coverage)
            sittingBouts = sittingBouts.flatMap { bout in
                coverage.compactMap { range -> SittingBout? in
                    let from = max(bout.fromSeconds, range.lowerBound), to = min(bout.toSeconds, range.upperBound)
                    guard to > from else { return nil }
                    return SittingBout(fromSeconds: from, toSeconds: to, nudgeSeconds: bout.nudgeSeconds.filter { $0 >= from && $0 <= to })
                }
            }
        }
    }

    /// The parts of `bands` inside `coverage`.
    static func clip(_ bands: [Band], to coverage: [ClosedRange<Double>]) -> [Band] {
        bands.flatMap { b in
            coverage.compactMap { range -> Band? in
                let from = max(b.fromSeconds, range.lowerBound), to = min(b.toSeconds, range.upperBound)
                return to > from ? Band(fromSeconds: from, toSeconds: to, state: b.state) : nil
            }
        }
    }

    /// Seconds spent in `state` in the bands given.
    public static func seconds(in bands: [Band], state: String) -> Double {
        bands.filter { $0.state == state }.reduce(0) { $0 + $1.seconds }
    }
}
