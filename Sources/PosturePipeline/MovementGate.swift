/// Quick movement pauses the posture judgement, but never for longer than the movement
/// itself lasted (issue 10): a keystroke jolt of a tenth of a second pauses it for a tenth
/// more, a reach for up to `movingHoldSeconds` more. Typing every few seconds therefore no
/// longer holds the slouch clock most of the time.
struct MovementGate: Sendable {
    private var burstStart: Double?
    private var movingUntil = -1e9

    /// True while the trunk moves quickly, or within the burst's own length after it.
    mutating func update(speedDegreesPerSecond speed: Double, t: Double, settings: PostureSettings) -> Bool {
        if speed > settings.movingDegreesPerSecond {
            let start = burstStart ?? t
            burstStart = start
            movingUntil = t + min(settings.movingHoldSeconds, max(t - start, settings.movingMinHoldSeconds))
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
