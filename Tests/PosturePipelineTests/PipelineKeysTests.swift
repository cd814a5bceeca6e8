import PostureConfig
import PostureCore
import Testing
@testable import PosturePipeline

@Suite struct PipelineKeysTests {
    @Test func specKeysKeepTheirNamesAndDefaults() throws {
        let c = try PostureConfiguration.parse("")
        #expect(c.pipeline == PipelineSettings())
        let paths = Set(PostureConfiguration.pipelineKeys.map(\.path))
        for key in ["sensor.forward_axis", "slouch.angle_deg", "slouch.alert_after_s", "sitting.nudge_after_s",
                    "stretch.hold_target_s"] {
            #expect(paths.contains(key), "missing \(key)")
        }
    }

    @Test func keysSetTheSettings() throws {
        let c = try PostureConfiguration.parse("""
            [slouch]
            angle_deg = 20
            repeat_every_s = 60.0
            max_alerts = 5
            [sitting]
            break_s = 90.0
            [stretch]
            hold_target_s = 30.0
            [jerk]
            peak_deg_s = 150.0
            [calibration]
            auto_reference = true
            activity_at_calibration = "unknown"
            """)
        #expect(c.pipeline.slouch.angleDegrees == 20)
        #expect(c.pipeline.slouch.repeatEverySeconds == 60)
        #expect(c.pipeline.slouch.maxAlertsPerEpisode == 5)
        #expect(c.pipeline.sitting.breakSeconds == 90)
        #expect(c.pipeline.stretch.holdTargetSeconds == 30)
        #expect(c.pipeline.jerk.peakDegreesPerSecond == 150)
        #expect(c.pipeline.calibration.autoReference)
        #expect(c.pipeline.calibration.activityAtCalibration == .unknown)
    }

    @Test func outOfRangeAndCrossChecksNameTheKey() {
        #expect { try PostureConfiguration.parse("[bounce]\nmin_hz = 99.0\n") } throws: { error in
            (error as? ConfigError)?.key == "bounce.min_hz"
        }
        #expect { try PostureConfiguration.parse("[bounce]\nmin_hz = 3.0\nmax_hz = 2.0\n") } throws: { error in
            (error as? ConfigError)?.key == "bounce.min_hz"
        }
        #expect { try PostureConfiguration.parse("[posture]\nhysteresis_deg = 8.0\nlean_angle_deg = 6.0\n") } throws: { error in
            (error as? ConfigError)?.key == "posture.hysteresis_deg"
        }
        #expect { try PostureConfiguration.parse("[calibration]\nactivity_at_calibration = \"walking\"\n") } throws: { error in
            (error as? ConfigError)?.key == "calibration.activity_at_calibration"
        }
    }

    @Test func settingsChangeKeepsCalibration() {
        var p = PosturePipeline()
        _ = SyntheticWearer(pose: { _ in Pose() }).run(&p, to: 3, actions: [(1, .calibrate)])
        var s = PipelineSettings()
        s.slouch.angleDegrees = 25
        p.updateSettings(s)
        #expect(p.state.isCalibrated)
        #expect(p.settings.slouch.angleDegrees == 25)
    }
}
