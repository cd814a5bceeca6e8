import PostureCore

/// Every threshold and time of the pipeline, with the documented defaults.
/// The TOML keys that set them are declared in PostureConfig (PipelineKeys.swift).
public struct PipelineSettings: Equatable, Sendable {
    public var sensor = SensorAxes()
    public var slouch = SlouchSettings()
    public var sitting = SittingSettings()
    public var stretch = StretchSettings()

    public init() {}
}

/// How the sensor sits on the wearer.
public struct SensorAxes: Equatable, Sendable {
    /// The sensor axis that points (roughly) forward on the wearer.
    public var forwardAxis = SignedAxis(index: 0, sign: 1)
    public init() {}
}

public struct SlouchSettings: Equatable, Sendable {
    /// Forward tilt from the calibrated upright that counts as slouching.
    public var angleDegrees = 15.0
    /// How long slouching must last before a slouch_alert.
    public var alertAfterSeconds = 30.0
    public init() {}
}

public struct SittingSettings: Equatable, Sendable {
    /// Sitting this long without a break gives a sitting_nudge.
    public var nudgeAfterSeconds = 1800.0
    public init() {}
}

public struct StretchSettings: Equatable, Sendable {
    /// A hold this long meets its target.
    public var holdTargetSeconds = 20.0
    public init() {}
}
