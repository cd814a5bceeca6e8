import PostureCore

/// Every threshold and time of the pipeline, with the documented defaults.
/// The TOML keys that set them are declared in PostureConfig (PipelineKeys.swift);
/// the ranges there keep every combination here usable.
public struct PipelineSettings: Equatable, Sendable {
    public var sensor = SensorAxes()
    public var calibration = CalibrationSettings()
    public var posture = PostureSettings()
    public var slouch = SlouchSettings()
    public var activity = ActivitySettings()
    public var sitting = SittingSettings()
    public var stretch = StretchSettings()
    public var bounce = BounceSettings()
    public var jerk = JerkSettings()
    public var repetition = RepetitionSettings()
    public var breathing = BreathingSettings()
    public var twist = TwistSettings()
    /// Exercise recognition: per-exercise targets, both sides, deep breaths, warm-up.
    public var exercise = ExerciseSettings()

    public init() {}
}

/// How the sensor sits on the wearer.
public struct SensorAxes: Equatable, Sendable {
    /// The sensor axis that points (roughly) forward on the wearer.
    public var forwardAxis = SignedAxis(index: 0, sign: 1)
    /// Where on the trunk the sensor is worn: the activity physics differ (see `SensorPlacement`).
    public var placement = SensorPlacement.upperBack
    /// Sample gaps longer than this restart the short-term detectors (a dropped bus, a pause).
    public var maxGapSeconds = 0.5
    public init() {}
}

/// Where on the trunk the sensor is worn.
public enum SensorPlacement: String, Sendable, Equatable, CaseIterable {
    /// Between the shoulder blades: sitting down and standing up lean the trunk far forward.
    case upperBack = "upper_back"
    /// On a belt clip or the lower back (the waist): the pelvis barely leans when standing
    /// up or sitting down, but rolls back on the seat, and the hips carry clear step impacts;
    /// sitting and standing are told from the transitions (`WaistActivitySettings`).
    case lowerBack = "lower_back"
}

/// How the upright reference is obtained.
public struct CalibrationSettings: Equatable, Sendable {
    /// Learn the upright reference from a stable period when none was taken (off by default:
    /// a guessed reference makes every later judgement wrong if the wearer sat slumped).
    public var autoReference = false
    /// How long the trunk must stay still (within `autoStableDegrees`) to be learned as upright.
    public var autoStableSeconds = 60.0
    /// How far the up direction may wander during that period.
    public var autoStableDegrees = 3.0
    /// The activity assumed at a calibration: the wearer usually calibrates seated at a desk.
    public var activityAtCalibration = ActivityState.sitting
    /// Angular speed below which the trunk counts as still while the reference is learned.
    public var autoStillDegreesPerSecond = 5.0
    /// Sensor-shift / stale-reference detection (`SensorShiftMonitor`).
    public var shift = SensorShiftSettings()
    public init() {}
}

/// Posture classification with hysteresis and debouncing.
public struct PostureSettings: Equatable, Sendable {
    /// Leaning back beyond this (extension) counts as reclined.
    public var reclineAngleDegrees = 12.0
    /// Lateral bend beyond this counts as leaning.
    public var leanAngleDegrees = 12.0
    /// A state is left only when the angle comes back this far inside its threshold.
    public var hysteresisDegrees = 3.0
    /// A new posture must persist this long before it is reported (a reach, cough or turn is shorter).
    public var confirmSeconds = 6.0
    /// Angular speed above which the trunk counts as moving quickly (the posture and slouch clock pause).
    public var movingDegreesPerSecond = 40.0
    /// How long after quick movement the pause continues at most (a burst pauses the judgement
    /// for its own length after it, between `movingMinHoldSeconds` and this).
    public var movingHoldSeconds = 1.0
    /// The shortest pause after a burst of quick movement.
    public var movingMinHoldSeconds = 0.1
    /// Quick movement shorter than this pauses nothing (keystroke knocks while typing; the
    /// median angles of `robustTiltSeconds` do not see them).
    public var movingMinBurstSeconds = 0.2
    /// A posture the angles show for less than this (a keystroke or mouse jolt dipping across a
    /// threshold) neither interrupts the posture being confirmed nor stops the slouch clock.
    public var steadySeconds = 0.5
    /// The posture is judged on the median pitch and roll of this long a window (0: the
    /// instantaneous angles), so the jolts and shake of typing do not reach it.
    public var robustTiltSeconds = 1.5
    public init() {}
}

public struct SlouchSettings: Equatable, Sendable {
    /// Forward tilt from the calibrated upright that counts as slouching.
    public var angleDegrees = 15.0
    /// How long slouching must last before a slouch_alert.
    public var alertAfterSeconds = 30.0
    /// While slouching continues, the alert repeats this often.
    public var repeatEverySeconds = 120.0
    /// At most this many alerts per slouch episode.
    public var maxAlertsPerEpisode = 3
    public init() {}
}

/// Activity recognition from the single trunk sensor.
public struct ActivitySettings: Equatable, Sendable {
    /// Trunk inclination from the upright reference beyond which the wearer may be lying.
    public var lyingAngleDegrees = 60.0
    /// How long the inclination must last to count as lying.
    public var lyingSeconds = 3.0
    /// Step cadence range of walking, in steps per second.
    public var walkingMinHz = 1.4
    public var walkingMaxHz = 2.4
    /// Vertical acceleration peak of a step, in g.
    public var stepPeakG = 0.08
    /// Steps in a row (regular cadence) before walking is reported.
    public var walkingSteps = 4
    /// A step is regular only when its interval is within this fraction of the one before
    /// (walking is even, within a few per cent; keystrokes and fidgets are not). Upper back only.
    public var stepIntervalSpread = 0.3
    /// Upper back, seated with no stand-up seen: regular steps in a row before walking is
    /// reported (typing and fidgeting shake the trunk; one has to stand up to walk).
    public var walkingStepsSeated = 8
    /// How long without a step before walking ends.
    public var walkingEndSeconds = 1.5
    /// Forward lean of the trunk during a sit-to-stand or stand-to-sit transition.
    public var transitionLeanDegrees = 15.0
    /// Vertical travel of the trunk that confirms a transition, in metres.
    public var transitionRiseMetres = 0.25
    /// With `[sensor] placement = "lower_back"`: the waist's own transition and walking figures.
    public var waist = WaistActivitySettings()
    public init() {}
}

/// Activity at the waist (belt clip, lower back). Standing up and sitting down are bursts of
/// movement between still periods: standing up pushes the body up first (the acceleration
/// magnitude rises above 1 g before it dips), sitting down lets it drop first (a dip, then
/// the landing on the seat); and the pelvis rolls back on the seat, so the still pitch after
/// the burst is lower than before it (or clearly reclined). The state holds until the next
/// such burst, lying or walking. Defaults from leave-people-out checks on UCI HAPT.
public struct WaistActivitySettings: Equatable, Sendable {
    /// Still: the acceleration magnitude within this of its 1 s mean, in g ...
    public var quietG = 0.03
    /// ... and the turn rate below this, in degrees/s.
    public var quietDegreesPerSecond = 12.0
    /// Stillness that closes a burst, in seconds.
    public var settleSeconds = 0.5
    /// A burst longer than this is not a transition (fidgeting, bending), in seconds.
    public var transitionMaxSeconds = 12.0
    /// A transition needs the acceleration magnitude to rise this far above its still level, in g ...
    public var transitionRiseG = 0.10
    /// ... and to dip this far below it, in g.
    public var transitionDipG = 0.03
    /// The change of still pitch worth one unit of evidence (the push-or-drop order is one), in degrees.
    /// A burst with steps in it is sitting down only with at least this roll back (or a seated pitch).
    public var pitchChangeDegrees = 10.0
    /// Still pitch below this (reclined from the upright reference) is seated, in degrees.
    public var seatedPitchDegrees = -12.0
    /// Steps of a regular series that start walking when standing ...
    public var walkingStepsStanding = 2
    /// ... and when seated or just up from lying (one has to stand up first), counting only
    /// firm steps: shuffling on a seat or sitting up from lying shakes the hips too, more gently.
    public var walkingStepsSeated = 4
    /// Vertical acceleration peak of a firm step (heel strikes at the hips), in g.
    public var firmStepPeakG = 0.2
    /// Step cadence range at the hips, in steps per second (stairs included).
    public var walkingMinHz = 1.0
    public var walkingMaxHz = 3.0
    /// Walking longer than this is real walking: the still pitch alone says whether the wearer then sat down, in seconds.
    public var shortWalkSeconds = 3.0
    /// How long the inclination must last to count as lying, in seconds.
    public var lyingSeconds = 2.0
    public init() {}
}

public struct SittingSettings: Equatable, Sendable {
    /// Sitting this long without a break gives a sitting_nudge.
    public var nudgeAfterSeconds = 1800.0
    /// Standing, walking or lying this long counts as a break and restarts the sitting clock.
    public var breakSeconds = 60.0
    /// While sitting continues after a nudge, nudges repeat this often.
    public var repeatEverySeconds = 900.0
    public init() {}
}

public struct StretchSettings: Equatable, Sendable {
    /// A hold this long meets its target.
    public var holdTargetSeconds = 20.0
    /// Standing up within this time after a sitting nudge starts a stretch session.
    public var sessionAfterNudgeSeconds = 300.0
    /// A session ends after this long upright (or sitting) without a hold or exercise.
    public var sessionIdleSeconds = 60.0
    /// A hold needs the trunk at least this far from upright (pitch, roll and twist combined).
    public var holdMinAngleDegrees = 10.0
    /// Lying, a hold needs the trunk this far from the lying position (knee-to-chest curls a little).
    public var holdMinAngleLyingDegrees = 4.0
    /// The (smoothed) trunk angle must stay within this of the hold's position (allows breathing and bouncing).
    public var holdToleranceDegrees = 6.0
    /// The position must be steady this long before hold_start.
    public var holdSettleSeconds = 2.5
    /// Time constant of the smoothing that tracks the held position (removes bounces and breaths).
    public var holdSmoothingSeconds = 0.6

    // The finer points of holds and sessions (stretch.* keys too).
    /// Lying, the rest position follows a new steady position closer than this fraction of
    /// `holdMinAngleLyingDegrees` (settling drifts), not a stretch away from it.
    public var lyingNeutralFollowFraction = 0.75
    /// A hold that ended while a movement was still being judged as a jerk waits at most this
    /// long for the judgement before hold_end.
    public var holdEndWaitSeconds = 3.0
    /// Time constant of the light smoothing of the position history the hold's times are read from.
    public var holdHistorySmoothingSeconds = 0.1
    /// Arriving at (and last being at) the held position means being within this fraction of
    /// `holdToleranceDegrees` of it.
    public var holdBandFraction = 0.25
    /// Beyond this fraction of `holdToleranceDegrees` the position is drifting: the steady time
    /// restarts (before a hold) or the release is dated from here (during one).
    public var holdDriftFraction = 0.5
    /// Human movements slow down smoothly: the last degrees of an approach, and the first of a
    /// departure, take about this long. The wearer counts the hold from arriving, so the band
    /// times are moved in by it.
    public var holdMovementTailSeconds = 0.6
    /// The arrival is looked for this much earlier than the steady period and the smoothing delay.
    public var holdArrivalLookbackSeconds = 2.0
    /// The twist angle (about the trunk's long axis, part of a hold's position) learns its gyro
    /// bias below this angular speed, when the rate is near the bias already.
    public var twistStillDegreesPerSecond = 10.0
    /// ... and within this of the bias learned so far (the slow ends of a twist must not leak in).
    public var twistBiasDeviationDegreesPerSecond = 2.0
    /// Time constant of that bias while the sensor is at rest (the rate is all bias then).
    public var twistBiasRestSeconds = 5.0
    /// Time constant of that bias while the trunk moves slowly.
    public var twistBiasStillSeconds = 20.0
    /// Time constant of the neutral facing the twist angle is measured from (frozen during a hold).
    public var twistNeutralSeconds = 30.0
    public init() {}
}

/// Bouncing: repeated oscillation of the trunk angle during a stretch.
public struct BounceSettings: Equatable, Sendable {
    public var minHz = 0.5
    public var maxHz = 3.0
    /// Smallest oscillation amplitude (half of peak-to-peak) that counts.
    public var minAmplitudeDegrees = 2.5
    /// Swings (half cycles) in a row before a bounce is reported.
    public var minSwings = 4
    /// Time constant of the light smoothing of the angle (sensor noise).
    public var smoothingSeconds = 0.04
    /// Time constant of the trend the swings are measured around (the held position).
    public var trendSeconds = 0.6
    /// A swing counts when it reaches this fraction of the smallest peak-to-peak (2 × `minAmplitudeDegrees`).
    public var swingFraction = 0.8
    /// The rhythm stops after this many half periods of the slowest bounce (`minHz`) without a swing.
    public var rhythmGapHalfPeriods = 2.0
    public init() {}
}

/// Jerks: a sudden snap during a stretch, far faster than the hold's own motion (issue 10).
public struct JerkSettings: Equatable, Sendable {
    /// A stroke reaching this angular speed is a jerk whatever its width (smooth entries
    /// into a stretch, standing up and sitting down stay below ~100 deg/s).
    public var peakDegreesPerSecond = 120.0
    /// A stroke this narrow (time above about half its peak) is sudden too, if it reaches
    /// `shortPeakDegreesPerSecond` and `ownMotionRatio` times the hold's own motion (a snap of
    /// 5-12° in a tenth or two of a second; a smooth entry or a settling adjustment is far wider).
    public var shortStrokeSeconds = 0.2
    public var shortPeakDegreesPerSecond = 20.0
    /// Quiet time that closes a burst of strokes (one or two strokes make a jerk, more are a rhythm).
    public var quietSeconds = 0.7
    /// Angular speed above which a stroke lasts.
    public var strokeDegreesPerSecond = 8.0
    /// Jerks this long before a hold's start count for it (snapping into the position).
    public var beforeHoldSeconds = 1.5
    /// The hold's own motion is the speed's peak envelope, decaying over this time (breathing,
    /// settling, the approach before a snap); a sudden stroke stands this many times above it.
    public var ownMotionSeconds = 1.5
    public var ownMotionRatio = 2.0
    public init() {}
}

/// Repetitions of dynamic exercises (cat-cow, pelvic tilts) during a stretch session.
public struct RepetitionSettings: Equatable, Sendable {
    /// Smallest swing of trunk pitch (peak to peak) that counts as a repetition.
    public var minSwingDegrees = 6.0
    /// Repetition period range.
    public var minPeriodSeconds = 2.0
    public var maxPeriodSeconds = 10.0
    /// Swings above this (peak to peak) are cat-cow, below are pelvic tilts.
    public var catCowSwingDegrees = 20.0
    /// Time constant of the smoothing of trunk pitch (breathing and noise).
    public var smoothingSeconds = 0.3
    /// A series ends after this many `maxPeriodSeconds` without a flexion turning point.
    public var seriesEndPeriods = 1.5
    public init() {}
}

/// Breathing during holds, seen as a slow oscillation of the trunk.
public struct BreathingSettings: Equatable, Sendable {
    /// Smallest breathing swing (peak to peak) that counts as a breath.
    public var minSwingDegrees = 1.0
    /// No breath for this long during a hold gives a breath_held warning.
    public var heldWarningSeconds = 15.0
    /// Time constant of the smoothing of the trunk angle (noise, bounces).
    public var smoothingSeconds = 0.4
    /// Time constant of the trend removed from it (the held position's slow drift).
    public var trendSeconds = 6.0
    /// Breaths closer than this are not breathing (faster than 40 per minute: bounces, fidgets).
    public var minIntervalSeconds = 1.5
    public init() {}
}

/// Quick self-twists of the trunk (to make the back crack).
public struct TwistSettings: Equatable, Sendable {
    /// Peak rotation speed about the trunk's long axis.
    public var peakDegreesPerSecond = 90.0
    /// Smallest rotation away and back.
    public var minAngleDegrees = 20.0
    /// The rotation must return within this time (turning to someone stays turned longer).
    public var maxDurationSeconds = 1.8
    /// Time constant of the leak of the integrated twist rate (gyro bias must not build up).
    public var leakSeconds = 20.0
    /// Time constant of the baseline the twist is measured from.
    public var baselineSeconds = 2.0
    /// The twist is back when within this fraction of `minAngleDegrees` of where it started.
    public var returnFraction = 0.5
    public init() {}
}
