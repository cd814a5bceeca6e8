import PostureCore
import TiltEstimation

/// What the pipeline knows after one sample: the `--emit samples` row and the
/// daemon's `status`.
public struct SampleState: Equatable, Sendable {
    public var timeSeconds: Double = 0
    /// Estimated up direction, unit vector in sensor axes.
    public var up = Vector3.unitZ
    /// Angle from the calibrated upright reference (0 before calibration).
    public var tiltDegrees: Double = 0
    /// Forward flexion (+) / extension (-) relative to the reference.
    public var pitchDegrees: Double = 0
    /// Lateral bend relative to the reference.
    public var rollDegrees: Double = 0
    public var posture = PostureState.unknown
    public var activity = ActivityState.unknown
    public var isCalibrated = false
    public init() {}
}

/// The whole signal pipeline, shared by `posture replay` and the daemon: samples and
/// wearer actions in, events out. Pure and deterministic: time comes only from the
/// samples. No allocation per sample (events are appended to a caller-owned array).
public struct PosturePipeline: Sendable {
    public private(set) var settings: PipelineSettings
    public private(set) var state = SampleState()
    private var estimator = DefaultTiltEstimator()
    private var lastTime: Double?
    private var reference: Vector3?

    public init(settings: PipelineSettings = PipelineSettings()) {
        self.settings = settings
    }

    /// The stored upright reference (persisted by the daemon across restarts).
    public var uprightReference: Vector3? {
        get { reference }
        set { reference = newValue; state.isCalibrated = newValue != nil }
    }

    /// Applies a new configuration (SIGHUP) without losing calibration or clocks.
    public mutating func updateSettings(_ newSettings: PipelineSettings) {
        settings = newSettings
    }

    /// Feeds one sample. `action` is a button press or marker at this sample.
    /// Events produced by this sample are appended to `events`. `disturbed` marks a
    /// sample taken while the daemon's own vibration motor runs: it must not start or
    /// feed a detection (bounce, jerk, activity change).
    public mutating func process(_ sample: IMUSample, action: UserAction? = nil, disturbed: Bool = false,
                                 events: inout [PostureEvent]) {
        let dt: Double
        if let last = lastTime {
            dt = max(0, sample.timeSeconds - last)
        } else {
            dt = 0
        }
        lastTime = sample.timeSeconds
        estimator.update(accelG: sample.accelG, gyroDegreesPerSecond: sample.gyroDegreesPerSecond, dtSeconds: dt)
        state.timeSeconds = sample.timeSeconds
        state.up = estimator.up
        if action == .calibrate {
            reference = estimator.up
            state.isCalibrated = true
            events.append(.calibrated(at: sample.timeSeconds, up: estimator.up))
        }
        if let reference {
            state.tiltDegrees = reference.angleDegrees(to: estimator.up)
        }
    }
}
