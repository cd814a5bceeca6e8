import PostureCore

/// Twist of the trunk about its long axis, from the gyro: integrated rate minus a bias
/// learned while the trunk is still (the estimator's bias may lag), relative to a slowly
/// following neutral that freezes while a position is held.
struct YawTracker: Sendable {
    // Time constants from the settings at each update.
    private var bias = LowPass(timeConstantSeconds: 0)
    private(set) var yawDegrees = 0.0
    private var neutral = LowPass(timeConstantSeconds: 0)

    /// Twist from neutral, degrees.
    var relativeDegrees: Double { yawDegrees - neutral.value }

    /// The wearer's current facing becomes neutral (walking turns them; a session starts facing ahead).
    mutating func resetNeutral() { neutral.reset(to: yawDegrees) }

    private var biasPrimed = false

    /// `atRest`: the tilt estimator sees the sensor at rest (the rate is all bias then);
    /// `still`: slow movement, learned from only when the rate is close to the current bias
    /// (the slow ends of a twist must not leak in).
    mutating func update(twistRate: Double, atRest: Bool, still: Bool, freezeNeutral: Bool, dt: Double,
                         settings: StretchSettings) {
        if atRest || (still && (!biasPrimed || abs(twistRate - bias.value) < settings.twistBiasDeviationDegreesPerSecond)) {
            bias.timeConstantSeconds = atRest ? settings.twistBiasRestSeconds : settings.twistBiasStillSeconds
            bias.update(twistRate, dt: dt)
            biasPrimed = true
        }
        yawDegrees += (twistRate - bias.value) * dt
        neutral.timeConstantSeconds = settings.twistNeutralSeconds
        if !freezeNeutral { neutral.update(yawDegrees, dt: dt) }
    }
}
