import PostureCore
import PostureTrace
import Testing
import TiltEstimation
@testable import PostureEvaluation

@Suite struct BroadEvaluationTests {
    /// A still sensor lying flat: only samples with moving == 1 and a true up are scored.
    @Test func scoresOnlyMovingSamplesWithTruth() {
        var records: [TraceRecord] = []
        for i in 0..<200 {
            records.append(TraceRecord(sample: IMUSample(timeSeconds: Double(i) / 100, accelG: Vector3(0, 0, 1), gyroDegreesPerSecond: .zero),
                                       trueUp: i % 2 == 0 ? Vector3(0, 0, 1) : nil, moving: i >= 100))
        }
        let score = BroadScore.run(ComplementaryTiltEstimator(), on: Trace(records: records))
        #expect(score.samples == 200)
        #expect(score.error.count == 50)
        #expect(score.error.rmseDegrees < 1)
    }

    @Test func reportColumnsAreAligned() {
        #expect(BroadReport.pad("ab", 4) == "ab  ")
        #expect(BroadReport.pad("abcd", 4) == "abcd ")
        #expect(BroadReport.header.hasPrefix("trial" + String(repeating: " ", count: 31) + "samples"))
    }
}
