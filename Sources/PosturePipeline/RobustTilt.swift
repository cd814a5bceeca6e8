/// The angles the posture judgement sees: the median pitch and roll of the last
/// `robustTiltSeconds`, taken every 0.1 s (issue 10). A keystroke jolt or a cough moves a
/// few of the values, never the median, so typing neither stops the slouch clock nor
/// restarts the confirmation; a held position shows after half the window.
struct RobustTilt: Sendable {
    static let stepSeconds = 0.1
    static let capacity = 51
    private var pitch = RingBuffer(capacity: capacity, filler: 0.0)
    private var roll = RingBuffer(capacity: capacity, filler: 0.0)
    /// Sorting space, preallocated: taking a median never allocates.
    private var scratch = ContiguousArray<Double>(repeating: 0, count: capacity)
    private var nextTime = -Double.infinity
    private var median = (pitch: 0.0, roll: 0.0)

    /// `angles` with pitch and roll replaced by their medians (unchanged when `windowSeconds` is 0).
    mutating func update(_ angles: TrunkAngles, t: Double, windowSeconds: Double) -> TrunkAngles {
        guard windowSeconds > 0 else { return angles }
        if t >= nextTime {
            nextTime = t - nextTime > Self.stepSeconds ? t + Self.stepSeconds : nextTime + Self.stepSeconds
            let n = min(Self.capacity, max(1, Int((windowSeconds / Self.stepSeconds).rounded())))
            pitch.push(angles.pitchDegrees)
            roll.push(angles.rollDegrees)
            while pitch.count > n { pitch.removeFirst() }
            while roll.count > n { roll.removeFirst() }
            median = (Self.median(of: pitch, scratch: &scratch), Self.median(of: roll, scratch: &scratch))
        }
        return TrunkAngles(tiltDegrees: angles.tiltDegrees, pitchDegrees: median.pitch, rollDegrees: median.roll)
    }

    mutating func reset() {
        pitch.removeAll()
        roll.removeAll()
        nextTime = -Double.infinity
    }

    private static func median(of ring: RingBuffer<Double>, scratch: inout ContiguousArray<Double>) -> Double {
        let n = ring.count
        guard n > 0 else { return 0 }
        // Insertion sort: at most 51 values, ten times a second.
        for i in 0..<n {
            let x = ring[i]
            var j = i
            while j > 0 && scratch[j - 1] > x {
                scratch[j] = scratch[j - 1]
                j -= 1
            }
            scratch[j] = x
        }
        return n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2
    }
}
