import PostureCore
import PostureSimulator
import Testing
@testable import PostureEvaluation

/// Defaults: angle 15°, alert after 30 s, so an episode of 20° for 60 s expects an alert in
/// [start + 25, end + 3] and its ideal time is start + 30.
@Suite struct SlouchAlertScoreTests {
    func score(_ labels: ScenarioLabels, alerts: [Double]) -> (SlouchAlertScore, [String]) {
        var s = SlouchAlertScore()
        var failures: [String] = []
        s.add(run(alerts.map { .slouchAlert(at: $0, slouchedSeconds: 30) }), labels, defaults, failures: &failures)
        return (s, failures)
    }

    @Test func alertInTheWindowIsATruePositiveWithItsLatency() {
        let (s, failures) = score(makeLabels(slouches: [SlouchEpisode(start: 100, end: 160, pitchDegrees: 20)]), alerts: [132, 150])
        #expect(s.truePositives == 1)  // the repeat in the same episode is fine, not counted again
        #expect(s.falseAlerts == 0)
        #expect(s.expected == 1 && s.detected == 1)
        #expect(s.latencySeconds == [2])
        #expect(failures.isEmpty)
        #expect(s.rows.map(\.verdict) == [.met, .met, .info])
        #expect(s.rows[2].value == "2.0 / 2.0 s")
    }

    @Test func alertOutsideEveryEpisodeIsFalse() {
        let (s, failures) = score(makeLabels(slouches: [SlouchEpisode(start: 100, end: 160, pitchDegrees: 20)]), alerts: [132, 400])
        #expect(s.falseAlerts == 1)
        #expect(failures == ["test seed 7: false slouch alert at 400.0 s"])
        #expect(s.rows[0].verdict == .missed)
        #expect(s.rows[0].value == "0.500 (1/2)")
    }

    @Test func episodeWithoutAlertIsMissed() {
        let (s, failures) = score(makeLabels(slouches: [SlouchEpisode(start: 100, end: 160, pitchDegrees: 20)]), alerts: [])
        #expect(s.expected == 1 && s.detected == 0)
        #expect(failures == ["test seed 7: missed slouch 100.0-160.0 s"])
        #expect(s.rows[1].verdict == .missed)
    }

    @Test func borderlineEpisodeExpectsNothingAndItsAlertIsIgnored() {
        // 16° is less than 2° beyond the angle; 30 s is shorter than alert_after_s + 5.
        let labels = makeLabels(slouches: [SlouchEpisode(start: 100, end: 160, pitchDegrees: 16),
                                           SlouchEpisode(start: 300, end: 330, pitchDegrees: 25)])
        let (s, failures) = score(labels, alerts: [135])
        #expect(s.expected == 0 && s.truePositives == 0 && s.falseAlerts == 0)
        #expect(failures.isEmpty)
    }

    @Test func episodesCloseTogetherAreOne() {
        let labels = makeLabels(slouches: [SlouchEpisode(start: 100, end: 120, pitchDegrees: 20),
                                           SlouchEpisode(start: 125, end: 170, pitchDegrees: 20)])
        let (s, _) = score(labels, alerts: [131])
        #expect(s.expected == 1 && s.detected == 1)
    }

    @Test func alertsInAHoverSpanAreIgnored() {
        let labels = makeLabels(distractors: [Distractor(start: 200, end: 300, kind: "hover")])
        let (s, failures) = score(labels, alerts: [250, 302])
        #expect(s.falseAlerts == 0 && failures.isEmpty)
    }

    @Test func nothingToMeasureIsNotApplicable() {
        let (s, failures) = score(makeLabels(), alerts: [])
        #expect(failures.isEmpty)
        #expect(s.rows.map(\.verdict) == [.notApplicable, .notApplicable, .info])
        #expect(s.rows[0].value == "n/a (0/0)")
    }
}
