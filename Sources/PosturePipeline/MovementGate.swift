/// Quick movement pauses the posture judgement, but never for longer than the movement
/// itself lasted (issue 10): a keystroke jolt of a tenth of a second pauses it for a tenth
/// more, a reach for up to `movingHoldSeconds` more. A burst shorter than
/// `movingMinBurstSeconds` (a keystroke's knock, a few hundredths of a second above the
/// threshold) pauses nothing: typing does not hold the slouch clock.
struct MovementGate: Sendable {
    private var burstStart: Double?
    private var movingUntil = -1e9

    /// True while the trunk moves quickly, or within the burst's own length after it.
    mutating func update(speedDegreesPerSecond speed: Double, t: Double, settings: PostureSettings) -> Bool {
        if speed > settings.movingDegreesPerSecond {
            let start = burstStart ?? t
            burstStart = start
            // A keystroke's knock is over before it counts: the median angles ignore it anyway.
            let lasted = t - start
            if lasted >= settings.movingMinBurstSeconds {
                movingUntil = t + min(settings.movingHoldSeconds, max(lasted, settings.movingMinHoldSeconds))
            }
        } else {
            burstStart = nil
        }
        return t < movingUntil
    }

    mutating func reset() {
        burstStart = nil
        movingUntil = -1e9
    }
}
