import PostureCore
import PostureSimulator
import Testing
@testable import PostureEvaluation

/// Defaults: a nudge after 1800 s of sitting; breaks shorter than 60 s do not end a bout.
@Suite struct SittingNudgeScoreTests {
    let labels = makeLabels(duration: 5000, activities: [
        ActivityInterval(start: 0, end: 1000, state: "sitting"),
        ActivityInterval(start: 1000, end: 1030, state: "standing"),  // too short to be a break
        ActivityInterval(start: 1030, end: 2500, state: "sitting"),
        ActivityInterval(start: 2500, end: 2700, state: "walking"),  // a break
        ActivityInterval(start: 2700, end: 3000, state: "sitting"),  // too short for a nudge
    ])

    @Test func idealTimesFollowTheBouts() {
        #expect(SittingNudgeScore.idealTimes(labels, defaults) == [1800])
        #expect(SittingNudgeScore.idealTimes(makeLabels(), defaults).isEmpty)
    }

    @Test func nudgeNearTheIdealMatchesAndEarlyOnesAreExtra() {
        var s = SittingNudgeScore()
        var failures: [String] = []
        s.add(run([.sittingNudge(at: 500, sittingSeconds: 500), .sittingNudge(at: 1850, sittingSeconds: 1800),
                   .sittingNudge(at: 2400, sittingSeconds: 2400)]), labels, defaults, failures: &failures)
        #expect(s.expected == 1 && s.matched == 1)
        #expect(s.errorSeconds == [50])
        #expect(s.extra == 1)  // 500 s is before any ideal time; 2400 s is a repeat, allowed
        #expect(s.rows[0].value == "1/1, 1 extra")
        #expect(failures.count == 1 && failures[0].contains("at 500.0 s before time"))
    }

    @Test func nudgeTooFarFromTheIdealDoesNotMatch() {
        var s = SittingNudgeScore()
        var failures: [String] = []
        s.add(run([.sittingNudge(at: 1950, sittingSeconds: 1950)]), labels, defaults, failures: &failures)
        #expect(s.expected == 1 && s.matched == 0)
        #expect(s.errorSeconds.isEmpty)
        #expect(failures.count == 1 && failures[0].contains("due at 1800.0 s missed"))
    }
}
