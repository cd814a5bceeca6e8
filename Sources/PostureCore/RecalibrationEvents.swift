/// Why the pipeline asks for a new calibration (`recalibration_suggested`).
public enum RecalibrationReason: String, Equatable, Sendable, CaseIterable {
    /// The reference matched the wearer's upright at first, and no longer does: the sensor moved.
    case sensorShifted = "sensor_shifted"
    /// The reference never matched this wearing (calibrated slouched, or a stored reference
    /// from an earlier wearing).
    case staleReference = "stale_reference"
}

/// What showed the mismatch.
public enum RecalibrationEvidence: String, Equatable, Sendable, CaseIterable {
    /// Walking: the trunk is near vertical while walking, so the mean up direction of a walk
    /// shows where upright is, whatever the reference says.
    case walking
    /// Long still sitting: no upright-looking minute for a long time.
    case sitting
}

/// The payload of `recalibration_suggested`.
public struct RecalibrationSuggestion: Equatable, Sendable {
    public var reason: RecalibrationReason
    /// How far the reference is off (walking: from the walking anchor or the reference;
    /// sitting: the smallest still offset of the window), degrees.
    public var offsetDegrees: Double
    public var evidence: RecalibrationEvidence

    public init(reason: RecalibrationReason, offsetDegrees: Double, evidence: RecalibrationEvidence) {
        self.reason = reason
        self.offsetDegrees = offsetDegrees
        self.evidence = evidence
    }
}
