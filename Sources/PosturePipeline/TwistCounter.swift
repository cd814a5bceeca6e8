import PostureCore

/// Quick self-twists: rotation about the trunk's long axis, fast, out and back within a
/// few seconds. Turning to someone is slower or stays turned.
struct TwistCounter: Sendable {
    private var yaw = 0.0              // leaky integral of the twist rate, degrees
    private var baseline = LowPass(timeConstantSeconds: 0)  // from the settings at each update
    private var active = false
    private var startTime = 0.0
    private var startYaw = 0.0
    private var maxExcursion = 0.0
    private(set) var countToday = 0
    private var day: Int64?

    /// Feeds the rotation rate about the trunk axis; returns the day's count on a twist.
    mutating func update(twistRate: Double, t: Double, dt: Double, settings: TwistSettings) -> Int? {
        yaw += twistRate * dt
        yaw -= yaw * smoothingWeight(dt: dt, tau: settings.leakSeconds)
        baseline.timeConstantSeconds = settings.baselineSeconds
        let base = baseline.update(yaw, dt: dt)
        let today = Int64(saturating: (t / 86_400).rounded(.down))  // UTC days for epoch times
        if day != today { day = today; countToday = 0 }
        if !active {
            if abs(twistRate) >= settings.peakDegreesPerSecond {
                active = true
                startTime = t
                startYaw = base
                maxExcursion = 0
            }
            return nil
        }
        let excursion = abs(yaw - startYaw)
        maxExcursion = max(maxExcursion, excursion)
        if t - startTime > settings.maxDurationSeconds {
            active = false
            return nil
        }
        if maxExcursion >= settings.minAngleDegrees && excursion <= settings.minAngleDegrees * settings.returnFraction {
            active = false
            countToday += 1
            return countToday
        }
        return nil
    }
}
