import PostureCore
import PosturePipeline
import PostureSimulator

/// The warm-up cue per stretch session (stretch marker): due after a labelled sitting bout of at
/// least `warm_up_after_sitting_s` + 60 s with less than `warm_up_walk_s` - 20 s of walking since;
/// not due after a short bout or a long enough walk; between the two it is not scored.
public struct WarmUpScore: Equatable, Sendable {
    public var due = 0
    public var found = 0
    public var notDue = 0
    public var falseCues = 0

    public init() {}

    public mutating func add(_ run: ScenarioRun, _ labels: ScenarioLabels, _ settings: PipelineSettings) {
        let cues = run.times(of: EventName.warmUpCue)
        let markers = labels.stretchMarkers.sorted()
        for (i, marker) in markers.enumerated() {
            var walked = 0.0
            var sat = 0.0
            for a in labels.activities.reversed() where a.start < marker {
                if a.state == "sitting" { sat = min(a.end, marker) - a.start; break }
                if a.state == "walking" { walked += min(a.end, marker) - a.start }
            }
            let next = i + 1 < markers.count ? markers[i + 1] : .infinity
            let cued = cues.contains { $0 >= marker && $0 < next }
            let s = settings.exercise
            if sat >= s.warmUpAfterSittingSeconds + 60 && walked <= s.warmUpWalkSeconds - 20 {
                due += 1
                if cued { found += 1 }
            } else if sat <= s.warmUpAfterSittingSeconds - 60 || walked >= s.warmUpWalkSeconds + 20 {
                notDue += 1
                if cued { falseCues += 1 }
            }
        }
    }

    public var rows: [ScoreRow] {
        [.info("warm_up_cue: due found / given when not due", "\(found)/\(due), \(falseCues)/\(notDue)")]
    }
}
