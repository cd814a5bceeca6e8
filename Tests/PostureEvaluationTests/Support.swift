import PostureCore
import PostureEvaluation
import PosturePipeline
import PostureSimulator

/// Hand-made labels: a test scenario of `duration` seconds with only what a test gives.
func makeLabels(duration: Double = 600, calibrations: [Double] = [], stretchMarkers: [Double] = [],
                postures: [PostureInterval] = [], slouches: [SlouchEpisode] = [], distractors: [Distractor] = [],
                activities: [ActivityInterval] = [], holds: [HoldLabel] = [], jerks: [JerkLabel] = [],
                repetitions: [RepetitionLabel] = [], breathing: [BreathingLabel] = [], twists: [Double] = []) -> ScenarioLabels {
    ScenarioLabels(scenario: "test", seed: 7, durationSeconds: duration, sampleRateHz: 50, forwardAxis: "+x",
                   calibrations: calibrations, stretchMarkers: stretchMarkers, postures: postures, slouchEpisodes: slouches,
                   distractors: distractors, activities: activities, holds: holds, jerks: jerks,
                   repetitions: repetitions, breathing: breathing, twists: twists)
}

/// A run of just these events (no per-second states).
func run(_ events: [PostureEvent]) -> ScenarioRun { ScenarioRun(events: events) }

func holdEnd(start: Double, duration: Double, targetMet: Bool, breaths: Double? = nil) -> PostureEvent {
    PostureEvent(timeSeconds: start + duration + 0.5, payload: .holdEnd(HoldEndSummary(
        durationSeconds: duration, targetMet: targetMet, bounces: 0, jerks: 0, pitchDegrees: -20, rollDegrees: 0,
        startSeconds: start, breathsPerMinute: breaths)))
}

func event(_ t: Double, _ payload: EventPayload) -> PostureEvent { PostureEvent(timeSeconds: t, payload: payload) }

let defaults = PipelineSettings()
