import PostureCore
import Testing
@testable import PosturePipeline

/// The `# mounting:` words a trace may carry.
@Suite struct TraceMountingTests {
    @Test func readsThePlacesAndAxes() {
        #expect(TraceMounting(metadata: "waist, +z forward") == TraceMounting(placement: .lowerBack, forwardAxis: SignedAxis("+z")))
        #expect(TraceMounting(metadata: "upper back, +x forward, +z up") == TraceMounting(placement: .upperBack, forwardAxis: SignedAxis("+x")))
        #expect(TraceMounting(metadata: "Lower Back") == TraceMounting(placement: .lowerBack))
        #expect(TraceMounting(metadata: " -y  forward ") == TraceMounting(forwardAxis: SignedAxis("-y")))
    }

    @Test func refusesWhatItCannotRead() {
        #expect(TraceMounting(metadata: "handheld rigid body (not body-worn)") == nil)
        #expect(TraceMounting(metadata: "waist, +w forward") == nil)
        #expect(TraceMounting(metadata: "waist, upper back") == nil)
        #expect(TraceMounting(metadata: "+z up") == nil)
        #expect(TraceMounting(metadata: "") == nil)
    }

    @Test func explicitKeysAreKept() {
        let waist = TraceMounting(placement: .lowerBack, forwardAxis: SignedAxis("+z"))
        var free = PipelineSettings()
        #expect(waist.adopt(into: &free, explicit: []) == ["placement lower_back", "forward_axis +z", "activity_at_calibration standing"])
        #expect(free.sensor.placement == .lowerBack && free.calibration.activityAtCalibration == .standing)
        var pinned = PipelineSettings()
        pinned.calibration.activityAtCalibration = .unknown
        #expect(waist.adopt(into: &pinned, explicit: [.placement, .activityAtCalibration]) == ["forward_axis +z"])
        #expect(pinned.sensor.placement == .upperBack && pinned.calibration.activityAtCalibration == .unknown)
        var same = PipelineSettings()
        #expect(TraceMounting(metadata: "upper back, +x forward")?.adopt(into: &same, explicit: []) == [])
    }
}
