/// First-order low-pass filter driven by sample time (rate independent).
struct LowPass: Sendable {
    var timeConstantSeconds: Double
    private(set) var value = 0.0
    private var primed = false

    init(timeConstantSeconds: Double) { self.timeConstantSeconds = timeConstantSeconds }

    @discardableResult
    mutating func update(_ x: Double, dt: Double) -> Double {
        if !primed { value = x; primed = true; return value }
        value += (x - value) * smoothingWeight(dt: dt, tau: timeConstantSeconds)
        return value
    }

    mutating func reset(to x: Double) { value = x; primed = true }
    mutating func clear() { primed = false; value = 0 }
}

/// Two cascaded first-order low-passes: steeper roll-off, so bounces (≥ 0.5 Hz) vanish
/// from the held position while slow drifts pass. Group delay ≈ 2 × time constant.
struct CascadeLowPass: Sendable {
    private var first: LowPass
    private var second: LowPass
    init(timeConstantSeconds: Double) {
        first = LowPass(timeConstantSeconds: timeConstantSeconds)
        second = LowPass(timeConstantSeconds: timeConstantSeconds)
    }
    var value: Double { second.value }
    var timeConstantSeconds: Double {
        get { first.timeConstantSeconds }
        set { first.timeConstantSeconds = newValue; second.timeConstantSeconds = newValue }
    }
    @discardableResult
    mutating func update(_ x: Double, dt: Double) -> Double {
        second.update(first.update(x, dt: dt), dt: dt)
    }
    mutating func reset(to x: Double) { first.reset(to: x); second.reset(to: x) }
}

/// Finds turning points of a signal with a hysteresis: a maximum is confirmed once the
/// signal has fallen `hysteresis` below it (and a minimum likewise), so noise smaller
/// than the hysteresis never makes a turning point.
struct TurningPointFinder: Sendable {
    struct TurningPoint: Sendable {
        var timeSeconds: Double
        var value: Double
        var isMaximum: Bool
    }
    var hysteresis: Double
    private var extremeValue = 0.0
    private var extremeTime = 0.0
    private var rising = true
    private var primed = false

    init(hysteresis: Double) { self.hysteresis = hysteresis }

    mutating func reset() { primed = false }

    /// Feeds one value; returns a turning point when one is confirmed by this value.
    mutating func update(_ x: Double, at t: Double) -> TurningPoint? {
        if !primed { extremeValue = x; extremeTime = t; rising = true; primed = true; return nil }
        if rising {
            if x > extremeValue { extremeValue = x; extremeTime = t }
            else if extremeValue - x >= hysteresis {
                let p = TurningPoint(timeSeconds: extremeTime, value: extremeValue, isMaximum: true)
                rising = false; extremeValue = x; extremeTime = t
                return p
            }
        } else {
            if x < extremeValue { extremeValue = x; extremeTime = t }
            else if x - extremeValue >= hysteresis {
                let p = TurningPoint(timeSeconds: extremeTime, value: extremeValue, isMaximum: false)
                rising = true; extremeValue = x; extremeTime = t
                return p
            }
        }
        return nil
    }
}
