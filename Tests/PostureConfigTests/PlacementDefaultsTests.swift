import PostureCore
import PosturePipeline
import Testing
@testable import PostureConfig

/// `activity_at_calibration` follows the placement unless set; the keys a file set are known.
@Suite struct PlacementDefaultsTests {
    @Test func lowerBackCalibratesStandingUnlessSet() throws {
        var keys: Set<String> = []
        let waist = try PostureConfiguration.parse("[sensor]\nplacement = \"lower_back\"\n", keysSet: &keys)
        #expect(waist.pipeline.calibration.activityAtCalibration == .standing)
        #expect(keys == ["sensor.placement"])
        #expect(PostureConfiguration.mountingKeys(set: keys) == .placement)
        let seated = try PostureConfiguration.parse("[sensor]\nplacement = \"lower_back\"\n[calibration]\nactivity_at_calibration = \"sitting\"\n")
        #expect(seated.pipeline.calibration.activityAtCalibration == .sitting)
        #expect(try PostureConfiguration.parse("").pipeline.calibration.activityAtCalibration == .sitting)
    }
}
