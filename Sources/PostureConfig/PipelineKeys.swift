import PostureCore
import PosturePipeline

// The TOML keys of the pipeline's settings. The five keys of the shared spec
// (sensor.forward_axis, slouch.angle_deg, slouch.alert_after_s, sitting.nudge_after_s,
// stretch.hold_target_s) must keep their names.
extension PostureConfiguration {
    public static var pipelineSectionDocs: [ConfigSectionDoc] {
        [
            ConfigSectionDoc("sensor", "How the IMU is mounted and read."),
            ConfigSectionDoc("slouch", "Slouch detection and alerts."),
            ConfigSectionDoc("sitting", "Sitting-break nudges."),
            ConfigSectionDoc("stretch", "Stretch sessions and holds."),
        ]
    }

    public static var pipelineKeys: [ConfigKeySpec] {
        [
            .string("sensor", "forward_axis", \.pipeline.sensor.forwardAxis,
                    allowed: "\"+x\", \"-x\", \"+y\", \"-y\", \"+z\", \"-z\"",
                    doc: "The sensor axis that points (roughly) forward on the wearer.",
                    parse: { SignedAxis($0) }, format: { $0.description }),
            .number("slouch", "angle_deg", \.pipeline.slouch.angleDegrees, range: 3...60,
                    doc: "Forward tilt from the calibrated upright that counts as slouching, in degrees."),
            .number("slouch", "alert_after_s", \.pipeline.slouch.alertAfterSeconds, range: 1...3600,
                    doc: "How long slouching must last before a slouch_alert, in seconds."),
            .number("sitting", "nudge_after_s", \.pipeline.sitting.nudgeAfterSeconds, range: 60...14400,
                    doc: "Sitting this long without a break gives a sitting_nudge, in seconds."),
            .number("stretch", "hold_target_s", \.pipeline.stretch.holdTargetSeconds, range: 5...300,
                    doc: "A stretch hold this long meets its target, in seconds (guides say 15-60, 20-30 typical)."),
        ]
    }
}

extension PostureConfiguration {
    static var pipelineCrossChecks: [@Sendable (PostureConfiguration) -> (key: String, message: String)?] { [] }
}
