import PostureCore

/// How a trace's `# mounting:` metadata says the sensor was worn ("waist, +z forward",
/// "upper back, +x forward, +z up", "lower back"): the default for `[sensor] placement` and
/// `forward_axis` when a replay's configuration does not set them, so replaying a belt-clip
/// recording needs no config keys.
public struct TraceMounting: Equatable, Sendable {
    public var placement: SensorPlacement?
    public var forwardAxis: SignedAxis?

    public init(placement: SensorPlacement? = nil, forwardAxis: SignedAxis? = nil) {
        self.placement = placement
        self.forwardAxis = forwardAxis
    }

    /// Comma-separated parts: a place, `±A forward`, `±A up` (informational). Nil when a part is
    /// not one of these or nothing usable is named (the line is then ignored).
    public init?(metadata text: String) {
        for raw in text.lowercased().split(separator: ",") {
            let part = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            if let place = Self.places[part] {
                guard placement == nil || placement == place else { return nil }
                placement = place
            } else if part.hasSuffix(" forward"), let axis = SignedAxis(String(part.dropLast(8))) {
                guard forwardAxis == nil || forwardAxis == axis else { return nil }
                forwardAxis = axis
            } else if part.hasSuffix(" up"), SignedAxis(String(part.dropLast(3))) != nil {
                continue
            } else {
                return nil
            }
        }
        if placement == nil && forwardAxis == nil { return nil }
    }

    /// The words for a place on the trunk.
    static let places: [String: SensorPlacement] = [
        "upper back": .upperBack, "upper_back": .upperBack, "between the shoulder blades": .upperBack,
        "lower back": .lowerBack, "lower_back": .lowerBack, "waist": .lowerBack, "belt": .lowerBack,
        "belt clip": .lowerBack, "hip": .lowerBack,
    ]

    /// What `adopt` may change: the keys a configuration file set are kept.
    public struct ExplicitKeys: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let placement = ExplicitKeys(rawValue: 1)
        public static let forwardAxis = ExplicitKeys(rawValue: 2)
        public static let activityAtCalibration = ExplicitKeys(rawValue: 4)
    }

    /// Takes this mounting into `settings` where `explicit` leaves it free; returns what changed
    /// ("placement lower_back", "forward_axis +z", ...) for the one note on stderr.
    public func adopt(into settings: inout PipelineSettings, explicit: ExplicitKeys) -> [String] {
        let before = settings
        if let placement, !explicit.contains(.placement) {
            settings.sensor.placement = placement
            if !explicit.contains(.activityAtCalibration) {
                settings.calibration.activityAtCalibration = placement.defaultActivityAtCalibration
            }
        }
        if let forwardAxis, !explicit.contains(.forwardAxis) { settings.sensor.forwardAxis = forwardAxis }
        var changed: [String] = []
        if settings.sensor.placement != before.sensor.placement { changed.append("placement \(settings.sensor.placement.rawValue)") }
        if settings.sensor.forwardAxis != before.sensor.forwardAxis { changed.append("forward_axis \(settings.sensor.forwardAxis)") }
        if settings.calibration.activityAtCalibration != before.calibration.activityAtCalibration {
            changed.append("activity_at_calibration \(settings.calibration.activityAtCalibration.rawValue)")
        }
        return changed
    }
}

extension SensorPlacement {
    /// The activity assumed at a calibration when the config does not say: seated at a desk
    /// for the upper back; standing at the waist, whose seated rule measures the pelvis'
    /// roll back on a seat from a standing reference (`WaistActivitySettings.seatedPitchDegrees`).
    public var defaultActivityAtCalibration: ActivityState {
        switch self {
        case .upperBack: return .sitting
        case .lowerBack: return .standing
        }
    }
}
