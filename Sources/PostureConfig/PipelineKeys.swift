import PostureCore
import PosturePipeline

// The TOML keys of the pipeline's settings. The five keys of the shared spec
// (sensor.forward_axis, slouch.angle_deg, slouch.alert_after_s, sitting.nudge_after_s,
// stretch.hold_target_s) must keep their names.
extension PostureConfiguration {
    public static var pipelineSectionDocs: [ConfigSectionDoc] {
        [
            ConfigSectionDoc("sensor", "How the IMU is mounted and read."),
            ConfigSectionDoc("calibration", "The upright reference every angle is measured from."),
            ConfigSectionDoc("posture", "Posture states (upright, slouched, reclined, leaning)."),
            ConfigSectionDoc("slouch", "Slouch detection and alerts."),
            ConfigSectionDoc("activity", "Sitting, standing, walking and lying from the one trunk sensor."),
            ConfigSectionDoc("sitting", "Sitting-break nudges."),
            ConfigSectionDoc("stretch", "Stretch sessions and holds."),
            ConfigSectionDoc("bounce", "Bouncing (ballistic stretching) during a stretch session."),
            ConfigSectionDoc("jerk", "Sudden, jerky movements during a stretch session."),
            ConfigSectionDoc("repetition", "Repetitions of cat-cow and pelvic tilts during a stretch session."),
            ConfigSectionDoc("breathing", "Breathing seen on the trunk during a hold."),
            ConfigSectionDoc("twist", "Quick self-twists of the back (counted per day)."),
        ] + exerciseSectionDocs
    }

    public static var pipelineKeys: [ConfigKeySpec] {
        sensorKeys + calibrationKeys + calibrationCheckKeys + postureKeys + slouchKeys + activityKeys + sittingKeys + stretchKeys
            + movementKeys + exerciseKeys
    }

    private static var sensorKeys: [ConfigKeySpec] {
        [
            .string("sensor", "forward_axis", \.pipeline.sensor.forwardAxis,
                    allowed: "\"+x\", \"-x\", \"+y\", \"-y\", \"+z\", \"-z\"",
                    doc: "The sensor axis that points (roughly) forward on the wearer.",
                    parse: { SignedAxis($0) }, format: { $0.description }),
            .string("sensor", "placement", \.pipeline.sensor.placement,
                    allowed: "\"upper_back\", \"lower_back\"",
                    doc: "Where the sensor is worn: between the shoulder blades (upper_back) or on a belt clip /\nthe lower back (lower_back). Sitting and standing are told differently at the waist.",
                    parse: { SensorPlacement(rawValue: $0) }, format: { $0.rawValue }),
            .number("sensor", "max_gap_s", \.pipeline.sensor.maxGapSeconds, range: 0.1...5,
                    doc: "Sample gaps longer than this restart the short-term detectors (posture pause, bounces, jerks),\nin seconds (a dropped bus, a pause of the recording)."),
        ]
    }

    private static var calibrationKeys: [ConfigKeySpec] {
        [
            .bool("calibration", "auto_reference", \.pipeline.calibration.autoReference,
                  doc: "Learn the upright reference from a still, stable period when none was taken.\nOff by default: a reference learned while slumped would hide every slouch."),
            .number("calibration", "auto_stable_s", \.pipeline.calibration.autoStableSeconds, range: 5...600,
                    doc: "How long the trunk must stay still to be learned as upright, in seconds."),
            .number("calibration", "auto_stable_deg", \.pipeline.calibration.autoStableDegrees, range: 0.5...10,
                    doc: "How far the up direction may wander during that period, in degrees."),
            .string("calibration", "activity_at_calibration", \.pipeline.calibration.activityAtCalibration,
                    allowed: "\"sitting\", \"standing\", \"unknown\"",
                    doc: "The activity assumed when the wearer calibrates (usually seated at a desk).\n\"unknown\" waits for a sit-to-stand transition or walking. Not set: \"sitting\" with upper_back,\n\"standing\" with lower_back (the waist's seated rule measures from a standing reference).",
                    parse: { ["sitting", "standing", "unknown"].contains($0) ? ActivityState(rawValue: $0) : nil },
                    format: { $0.rawValue }),
            .number("calibration", "auto_still_deg_s", \.pipeline.calibration.autoStillDegreesPerSecond, range: 0.5...50,
                    doc: "Angular speed below which the trunk counts as still while the reference is learned, in degrees/s."),
        ]
    }

    private static var postureKeys: [ConfigKeySpec] {
        [
            .number("posture", "recline_angle_deg", \.pipeline.posture.reclineAngleDegrees, range: 3...60,
                    doc: "Leaning back (extension) beyond this counts as reclined, in degrees."),
            .number("posture", "lean_angle_deg", \.pipeline.posture.leanAngleDegrees, range: 3...60,
                    doc: "Bending sideways beyond this counts as leaning, in degrees."),
            .number("posture", "hysteresis_deg", \.pipeline.posture.hysteresisDegrees, range: 0...10,
                    doc: "A posture is left only when the angle is this far back inside its threshold, in degrees\n(no flicker when hovering at a threshold)."),
            .number("posture", "confirm_s", \.pipeline.posture.confirmSeconds, range: 0...60,
                    doc: "A new posture must last this long (still time) before it is reported, in seconds;\na reach, cough or turn is shorter."),
            .number("posture", "moving_deg_s", \.pipeline.posture.movingDegreesPerSecond, range: 5...500,
                    doc: "Angular speed above which the trunk moves quickly: posture and slouch clock pause, in degrees/s."),
            .number("posture", "moving_hold_s", \.pipeline.posture.movingHoldSeconds, range: 0...10,
                    doc: "How long the pause lasts after quick movement, in seconds."),
            .number("posture", "robust_tilt_s", \.pipeline.posture.robustTiltSeconds, range: 0...5,
                    doc: "The posture is judged on the median angles of this long a window, in seconds\n(typing jolts do not reach it); 0 uses the instantaneous angles."),
        ]
    }

    private static var slouchKeys: [ConfigKeySpec] {
        [
            .number("slouch", "angle_deg", \.pipeline.slouch.angleDegrees, range: 3...60,
                    doc: "Forward tilt from the calibrated upright that counts as slouching, in degrees."),
            .number("slouch", "alert_after_s", \.pipeline.slouch.alertAfterSeconds, range: 1...3600,
                    doc: "How long slouching must last before a slouch_alert, in seconds."),
            .number("slouch", "repeat_every_s", \.pipeline.slouch.repeatEverySeconds, range: 10...3600,
                    doc: "While slouching continues, the alert repeats this often, in seconds."),
            .integer("slouch", "max_alerts", \.pipeline.slouch.maxAlertsPerEpisode, range: 1...100,
                     doc: "At most this many alerts per slouch episode."),
        ]
    }

    private static var activityKeys: [ConfigKeySpec] {
        [
            .number("activity", "lying_angle_deg", \.pipeline.activity.lyingAngleDegrees, range: 30...89,
                    doc: "Trunk inclination from upright beyond which the wearer may be lying, in degrees."),
            .number("activity", "lying_s", \.pipeline.activity.lyingSeconds, range: 1...120,
                    doc: "How long that inclination must last to count as lying, in seconds."),
            .number("activity", "walking_min_hz", \.pipeline.activity.walkingMinHz, range: 0.5...3,
                    doc: "Slowest step cadence of walking, in steps per second."),
            .number("activity", "walking_max_hz", \.pipeline.activity.walkingMaxHz, range: 1...4,
                    doc: "Fastest step cadence of walking, in steps per second."),
            .number("activity", "step_peak_g", \.pipeline.activity.stepPeakG, range: 0.02...1,
                    doc: "Vertical acceleration peak of a step, in g."),
            .integer("activity", "walking_steps", \.pipeline.activity.walkingSteps, range: 2...20,
                     doc: "Regular steps in a row before walking is reported."),
            .number("activity", "step_interval_spread", \.pipeline.activity.stepIntervalSpread, range: 0.05...1,
                    doc: "upper_back: a step is regular only within this fraction of the previous step interval."),
            .integer("activity", "walking_steps_seated", \.pipeline.activity.walkingStepsSeated, range: 2...40,
                     doc: "upper_back: regular steps in a row before walking is reported when seated with no stand-up seen."),
            .number("activity", "walking_end_s", \.pipeline.activity.walkingEndSeconds, range: 0.5...10,
                    doc: "How long without a step before walking ends, in seconds."),
            .number("activity", "transition_lean_deg", \.pipeline.activity.transitionLeanDegrees, range: 5...60,
                    doc: "Forward lean of the trunk that accompanies standing up or sitting down, in degrees."),
            .number("activity", "transition_rise_m", \.pipeline.activity.transitionRiseMetres, range: 0.05...1,
                    doc: "Vertical travel of the trunk that confirms standing up or sitting down, in metres."),
        ] + waistActivityKeys
    }

    /// Used with `[sensor] placement = "lower_back"` only.
    private static var waistActivityKeys: [ConfigKeySpec] {
        [
            .number("activity", "waist_quiet_g", \.pipeline.activity.waist.quietG, range: 0.005...0.2,
                    doc: "lower_back: still means the acceleration magnitude within this of its 1 s mean, in g."),
            .number("activity", "waist_quiet_deg_s", \.pipeline.activity.waist.quietDegreesPerSecond, range: 1...60,
                    doc: "lower_back: ... and the turn rate below this, in degrees/s."),
            .number("activity", "waist_settle_s", \.pipeline.activity.waist.settleSeconds, range: 0.1...5,
                    doc: "lower_back: stillness that closes a movement burst, in seconds."),
            .number("activity", "waist_transition_max_s", \.pipeline.activity.waist.transitionMaxSeconds, range: 2...60,
                    doc: "lower_back: a burst longer than this is not standing up or sitting down, in seconds."),
            .number("activity", "waist_transition_rise_g", \.pipeline.activity.waist.transitionRiseG, range: 0.02...1,
                    doc: "lower_back: a transition lifts the acceleration magnitude this far above its still level, in g."),
            .number("activity", "waist_transition_dip_g", \.pipeline.activity.waist.transitionDipG, range: 0.01...1,
                    doc: "lower_back: ... and dips it this far below, in g."),
            .number("activity", "waist_pitch_change_deg", \.pipeline.activity.waist.pitchChangeDegrees, range: 1...60,
                    doc: "lower_back: change of still pitch across a burst worth as much as the push/drop order, in degrees;\na burst with steps in it is sitting down only with at least this roll back (or a seated pitch)."),
            .number("activity", "waist_seated_pitch_deg", \.pipeline.activity.waist.seatedPitchDegrees, range: -60 ... -2,
                    doc: "lower_back: still pitch below this (rolled back from the upright reference) is seated, in degrees."),
            .integer("activity", "waist_walking_steps_standing", \.pipeline.activity.waist.walkingStepsStanding, range: 2...20,
                     doc: "lower_back: regular steps that start walking from standing."),
            .integer("activity", "waist_walking_steps_seated", \.pipeline.activity.waist.walkingStepsSeated, range: 2...20,
                     doc: "lower_back: regular firm steps that start walking from seated or just up from lying."),
            .number("activity", "waist_firm_step_peak_g", \.pipeline.activity.waist.firmStepPeakG, range: 0.02...2,
                    doc: "lower_back: vertical acceleration peak of a firm step (counted from seated), in g."),
            .number("activity", "waist_walking_min_hz", \.pipeline.activity.waist.walkingMinHz, range: 0.5...3,
                    doc: "lower_back: slowest step cadence, in steps per second."),
            .number("activity", "waist_walking_max_hz", \.pipeline.activity.waist.walkingMaxHz, range: 1...4,
                    doc: "lower_back: fastest step cadence (stairs included), in steps per second."),
            .number("activity", "waist_short_walk_s", \.pipeline.activity.waist.shortWalkSeconds, range: 0...30,
                    doc: "lower_back: walking longer than this within a burst is real walking (the still pitch alone\nthen tells a seat), in seconds."),
            .number("activity", "waist_lying_s", \.pipeline.activity.waist.lyingSeconds, range: 0.5...120,
                    doc: "lower_back: how long the inclination must last to count as lying, in seconds."),
        ]
    }

    private static var sittingKeys: [ConfigKeySpec] {
        [
            .number("sitting", "nudge_after_s", \.pipeline.sitting.nudgeAfterSeconds, range: 60...14400,
                    doc: "Sitting this long without a break gives a sitting_nudge, in seconds."),
            .number("sitting", "break_s", \.pipeline.sitting.breakSeconds, range: 5...1800,
                    doc: "Standing, walking or lying this long counts as a break and restarts the sitting clock, in seconds."),
            .number("sitting", "repeat_every_s", \.pipeline.sitting.repeatEverySeconds, range: 60...14400,
                    doc: "While sitting continues after a nudge, nudges repeat this often, in seconds."),
        ]
    }

    private static var stretchKeys: [ConfigKeySpec] {
        [
            .number("stretch", "hold_target_s", \.pipeline.stretch.holdTargetSeconds, range: 5...300,
                    doc: "A stretch hold this long meets its target, in seconds (guides say 15-60, 20-30 typical)."),
            .number("stretch", "session_after_nudge_s", \.pipeline.stretch.sessionAfterNudgeSeconds, range: 0...3600,
                    doc: "Standing up within this time after a sitting nudge starts a stretch session, in seconds\n(0: only the stretch button starts one)."),
            .number("stretch", "session_idle_s", \.pipeline.stretch.sessionIdleSeconds, range: 5...1800,
                    doc: "A session ends after this long near upright with no hold or exercise, in seconds."),
            .number("stretch", "hold_min_angle_deg", \.pipeline.stretch.holdMinAngleDegrees, range: 3...90,
                    doc: "A hold needs the trunk at least this far from upright, in degrees."),
            .number("stretch", "hold_min_angle_lying_deg", \.pipeline.stretch.holdMinAngleLyingDegrees, range: 1...45,
                    doc: "Lying, a hold needs the trunk this far from the lying position, in degrees."),
            .number("stretch", "hold_tolerance_deg", \.pipeline.stretch.holdToleranceDegrees, range: 1...30,
                    doc: "The smoothed trunk angle must stay within this of the held position, in degrees\n(breathing and bouncing ride on top)."),
            .number("stretch", "hold_settle_s", \.pipeline.stretch.holdSettleSeconds, range: 0.5...30,
                    doc: "The position must be steady this long before hold_start, in seconds."),
            .number("stretch", "hold_smoothing_s", \.pipeline.stretch.holdSmoothingSeconds, range: 0.1...5,
                    doc: "Time constant of the smoothing that tracks the held position, in seconds."),
            .number("stretch", "lying_neutral_follow_fraction", \.pipeline.stretch.lyingNeutralFollowFraction, range: 0.1...1,
                    doc: "Lying, the rest position follows a new steady position closer than this fraction of\nhold_min_angle_lying_deg (settling drifts); farther ones are stretches."),
            .number("stretch", "hold_end_wait_s", \.pipeline.stretch.holdEndWaitSeconds, range: 0.5...10,
                    doc: "A hold that ended during a movement still being judged as a jerk waits at most this long\nfor the judgement before hold_end, in seconds."),
            .number("stretch", "hold_history_smoothing_s", \.pipeline.stretch.holdHistorySmoothingSeconds, range: 0.01...1,
                    doc: "Time constant of the light smoothing of the position history that dates a hold's start and end, in seconds."),
            .number("stretch", "hold_band_fraction", \.pipeline.stretch.holdBandFraction, range: 0.05...1,
                    doc: "Arriving at (and last being at) the held position means being within this fraction of\nhold_tolerance_deg of it."),
            .number("stretch", "hold_drift_fraction", \.pipeline.stretch.holdDriftFraction, range: 0.1...1,
                    doc: "Beyond this fraction of hold_tolerance_deg the position drifts: the steady time restarts\n(before a hold) or the release is dated from there (during one)."),
            .number("stretch", "hold_movement_tail_s", \.pipeline.stretch.holdMovementTailSeconds, range: 0...3,
                    doc: "The slow last degrees of an approach (and first of a departure) take about this long, in seconds;\nthe wearer counts the hold from arriving, so its start and end move in by it."),
            .number("stretch", "hold_arrival_lookback_s", \.pipeline.stretch.holdArrivalLookbackSeconds, range: 0...10,
                    doc: "The arrival at a hold is looked for this much before the steady period and the smoothing delay, in seconds."),
            .number("stretch", "twist_still_deg_s", \.pipeline.stretch.twistStillDegreesPerSecond, range: 1...100,
                    doc: "The twist angle (part of a hold's position) learns its gyro bias below this angular speed, in degrees/s."),
            .number("stretch", "twist_bias_deviation_deg_s", \.pipeline.stretch.twistBiasDeviationDegreesPerSecond, range: 0.1...20,
                    doc: "... and only from rates this close to the bias learned so far, in degrees/s\n(the slow ends of a twist must not leak in)."),
            .number("stretch", "twist_bias_rest_s", \.pipeline.stretch.twistBiasRestSeconds, range: 0.5...300,
                    doc: "Time constant of that bias while the sensor is at rest, in seconds."),
            .number("stretch", "twist_bias_still_s", \.pipeline.stretch.twistBiasStillSeconds, range: 0.5...300,
                    doc: "Time constant of that bias while the trunk moves slowly, in seconds."),
            .number("stretch", "twist_neutral_s", \.pipeline.stretch.twistNeutralSeconds, range: 1...600,
                    doc: "Time constant of the neutral facing the twist angle is measured from (frozen during a hold), in seconds."),
        ]
    }

    private static var movementKeys: [ConfigKeySpec] {
        [
            .number("bounce", "min_hz", \.pipeline.bounce.minHz, range: 0.2...5,
                    doc: "Slowest oscillation that counts as bouncing, in Hz."),
            .number("bounce", "max_hz", \.pipeline.bounce.maxHz, range: 0.5...10,
                    doc: "Fastest oscillation that counts as bouncing, in Hz."),
            .number("bounce", "min_amplitude_deg", \.pipeline.bounce.minAmplitudeDegrees, range: 0.5...30,
                    doc: "Smallest oscillation amplitude (half of peak-to-peak) that counts, in degrees."),
            .integer("bounce", "min_swings", \.pipeline.bounce.minSwings, range: 2...20,
                     doc: "Swings (half cycles) in a row before a bounce is reported."),
            .number("bounce", "smoothing_s", \.pipeline.bounce.smoothingSeconds, range: 0.005...0.5,
                    doc: "Time constant of the light smoothing of the angle (sensor noise), in seconds."),
            .number("bounce", "trend_s", \.pipeline.bounce.trendSeconds, range: 0.1...5,
                    doc: "Time constant of the trend (the held position) the swings are measured around, in seconds."),
            .number("bounce", "swing_fraction", \.pipeline.bounce.swingFraction, range: 0.3...1,
                    doc: "A swing counts when it reaches this fraction of the smallest peak-to-peak (2 x min_amplitude_deg)."),
            .number("bounce", "rhythm_gap_half_periods", \.pipeline.bounce.rhythmGapHalfPeriods, range: 1...10,
                    doc: "The rhythm stops after this many half periods of the slowest bounce (min_hz) without a swing."),
            .number("jerk", "peak_deg_s", \.pipeline.jerk.peakDegreesPerSecond, range: 20...2000,
                    doc: "A movement reaching this angular speed is a jerk, in degrees/s (smooth entries into a\nstretch, standing up and sitting down stay below about 100)."),
            .number("jerk", "short_stroke_s", \.pipeline.jerk.shortStrokeSeconds, range: 0.05...2,
                    doc: "A movement this narrow (time above about half its peak) that reaches short_peak_deg_s and\ntwice the hold's own motion is a jerk too, in seconds (a snap of 5-12 degrees in a tenth or two\nof a second; a smooth entry into a stretch or a settling adjustment is far wider)."),
            .number("jerk", "short_peak_deg_s", \.pipeline.jerk.shortPeakDegreesPerSecond, range: 8...2000,
                    doc: "The angular speed a short movement (see short_stroke_s) must reach to be a jerk, in degrees/s."),
            .number("jerk", "quiet_s", \.pipeline.jerk.quietSeconds, range: 0.1...5,
                    doc: "Quiet time that closes a burst of strokes, in seconds (one or two strokes make a jerk,\nthree or more are a rhythm such as bouncing)."),
            .number("jerk", "stroke_deg_s", \.pipeline.jerk.strokeDegreesPerSecond, range: 1...100,
                    doc: "Angular speed above which a stroke lasts, in degrees/s (a movement is cut into strokes)."),
            .number("jerk", "before_hold_s", \.pipeline.jerk.beforeHoldSeconds, range: 0...10,
                    doc: "Jerks this long before a hold's start count for it (snapping into the position), in seconds."),
            .number("repetition", "min_swing_deg", \.pipeline.repetition.minSwingDegrees, range: 1...90,
                    doc: "Smallest swing of trunk pitch (peak to peak) that counts as a repetition, in degrees."),
            .number("repetition", "min_period_s", \.pipeline.repetition.minPeriodSeconds, range: 0.5...60,
                    doc: "Shortest repetition period, in seconds."),
            .number("repetition", "max_period_s", \.pipeline.repetition.maxPeriodSeconds, range: 1...120,
                    doc: "Longest repetition period, in seconds."),
            .number("repetition", "cat_cow_swing_deg", \.pipeline.repetition.catCowSwingDegrees, range: 1...90,
                    doc: "Swings this large (peak to peak) are cat-cow, smaller ones pelvic tilts, in degrees."),
            .number("repetition", "smoothing_s", \.pipeline.repetition.smoothingSeconds, range: 0.01...3,
                    doc: "Time constant of the smoothing of trunk pitch, in seconds."),
            .number("repetition", "series_end_periods", \.pipeline.repetition.seriesEndPeriods, range: 1...5,
                    doc: "A series ends after this many max_period_s without a repetition's turning point."),
            .number("breathing", "min_swing_deg", \.pipeline.breathing.minSwingDegrees, range: 0.05...5,
                    doc: "Smallest trunk swing (peak to peak) that counts as a breath, in degrees."),
            .number("breathing", "held_warning_s", \.pipeline.breathing.heldWarningSeconds, range: 3...120,
                    doc: "No breath for this long during a hold gives a breath_held event, in seconds."),
            .number("breathing", "smoothing_s", \.pipeline.breathing.smoothingSeconds, range: 0.05...3,
                    doc: "Time constant of the smoothing of the trunk angle (noise, bounces), in seconds."),
            .number("breathing", "trend_s", \.pipeline.breathing.trendSeconds, range: 1...60,
                    doc: "Time constant of the trend removed from it (the held position's slow drift), in seconds."),
            .number("breathing", "min_interval_s", \.pipeline.breathing.minIntervalSeconds, range: 0.5...10,
                    doc: "Breaths closer than this are not breathing (bounces, fidgets), in seconds."),
            .number("twist", "peak_deg_s", \.pipeline.twist.peakDegreesPerSecond, range: 20...1000,
                    doc: "Rotation speed about the trunk's long axis that starts a quick twist, in degrees/s."),
            .number("twist", "min_angle_deg", \.pipeline.twist.minAngleDegrees, range: 5...90,
                    doc: "Smallest rotation away and back that counts as a twist, in degrees."),
            .number("twist", "max_duration_s", \.pipeline.twist.maxDurationSeconds, range: 0.5...10,
                    doc: "The rotation must return within this time, in seconds."),
            .number("twist", "leak_s", \.pipeline.twist.leakSeconds, range: 1...300,
                    doc: "Time constant of the leak of the integrated rotation (gyro bias must not build up), in seconds."),
            .number("twist", "baseline_s", \.pipeline.twist.baselineSeconds, range: 0.1...30,
                    doc: "Time constant of the baseline a twist is measured from, in seconds."),
            .number("twist", "return_fraction", \.pipeline.twist.returnFraction, range: 0.05...0.95,
                    doc: "A twist is back when within this fraction of min_angle_deg of where it started."),
        ]
    }
}

extension PostureConfiguration {
    static var pipelineCrossChecks: [@Sendable (PostureConfiguration) -> (key: String, message: String)?] {
        [
            { c in
                let p = c.pipeline.posture
                let s = c.pipeline.slouch
                let smallest = min(s.angleDegrees, p.reclineAngleDegrees, p.leanAngleDegrees)
                return p.hysteresisDegrees < smallest ? nil
                    : ("posture.hysteresis_deg",
                       "\(p.hysteresisDegrees) must be below every posture threshold (smallest is \(smallest))")
            },
            { c in
                let a = c.pipeline.activity
                return a.walkingMinHz < a.walkingMaxHz ? nil
                    : ("activity.walking_min_hz", "\(a.walkingMinHz) must be below activity.walking_max_hz (\(a.walkingMaxHz))")
            },
            { c in
                let w = c.pipeline.activity.waist
                return w.walkingMinHz < w.walkingMaxHz ? nil
                    : ("activity.waist_walking_min_hz",
                       "\(w.walkingMinHz) must be below activity.waist_walking_max_hz (\(w.walkingMaxHz))")
            },
            { c in
                let b = c.pipeline.bounce
                return b.minHz < b.maxHz ? nil
                    : ("bounce.min_hz", "\(b.minHz) must be below bounce.max_hz (\(b.maxHz))")
            },
            { c in
                let r = c.pipeline.repetition
                return r.minPeriodSeconds < r.maxPeriodSeconds ? nil
                    : ("repetition.min_period_s",
                       "\(r.minPeriodSeconds) must be below repetition.max_period_s (\(r.maxPeriodSeconds))")
            },
            { c in
                let s = c.pipeline.stretch
                return s.holdToleranceDegrees < s.holdMinAngleDegrees ? nil
                    : ("stretch.hold_tolerance_deg",
                       "\(s.holdToleranceDegrees) must be below stretch.hold_min_angle_deg (\(s.holdMinAngleDegrees))")
            },
            { c in
                let s = c.pipeline.slouch
                return s.angleDegrees < c.pipeline.activity.lyingAngleDegrees ? nil
                    : ("slouch.angle_deg",
                       "\(s.angleDegrees) must be below activity.lying_angle_deg (\(c.pipeline.activity.lyingAngleDegrees))")
            },
            { c in
                let j = c.pipeline.jerk
                return j.strokeDegreesPerSecond < j.shortPeakDegreesPerSecond ? nil
                    : ("jerk.stroke_deg_s",
                       "\(j.strokeDegreesPerSecond) must be below jerk.short_peak_deg_s (\(j.shortPeakDegreesPerSecond))")
            },
            { c in
                let b = c.pipeline.breathing
                return b.minIntervalSeconds < b.heldWarningSeconds ? nil
                    : ("breathing.min_interval_s",
                       "\(b.minIntervalSeconds) must be below breathing.held_warning_s (\(b.heldWarningSeconds))")
            },
        ]
    }
}
