/// Plays vibration patterns on the motor (and buzzer) lines and remembers when the motor
/// ran, so samples it shook can be marked as disturbed. One pattern at a time; a pattern
/// requested while another plays waits for it (at most `maxQueued`).
public struct VibrationScheduler: Sendable {
    public struct Playing: Equatable, Sendable {
        public var pattern: VibrationPattern
        public var kind: NudgeKind
        public var startSeconds: Double
        public var endSeconds: Double { startSeconds + Double(pattern.totalMilliseconds) / 1000 }
    }

    public var settleSeconds: Double
    public private(set) var playing: Playing?
    private var queue: [(VibrationPattern, NudgeKind)] = []
    static let maxQueued = 2
    static let gapSeconds = 0.3
    /// Motor-on intervals (start, end + settle), newest last, a few kept: samples are read in
    /// batches after the fact, so the check looks back.
    private var disturbedIntervals: [(Double, Double)] = []

    public init(settleSeconds: Double) {
        self.settleSeconds = settleSeconds
        disturbedIntervals.reserveCapacity(8)
    }

    public mutating func enqueue(_ pattern: VibrationPattern, kind: NudgeKind, at now: Double) {
        if playing == nil {
            start(pattern, kind: kind, at: now)
        } else if queue.count < Self.maxQueued {
            queue.append((pattern, kind))
        }
    }

    /// Stops the pattern (an acknowledged alert) and drops the queue.
    public mutating func cancel(at now: Double) {
        if let p = playing, let last = disturbedIntervals.indices.last {
            disturbedIntervals[last].1 = max(min(p.endSeconds, now), p.startSeconds) + settleSeconds
        }
        playing = nil
        queue.removeAll()
    }

    /// The logical motor level at `now` (advancing to queued patterns).
    public mutating func level(at now: Double) -> Bool {
        guard var p = playing else { return false }
        if now >= p.endSeconds {
            playing = nil
            if !queue.isEmpty {
                let (pattern, kind) = queue.removeFirst()
                start(pattern, kind: kind, at: max(now, p.endSeconds + Self.gapSeconds))
                guard let next = playing else { return false }
                p = next
            } else {
                return false
            }
        }
        var offset = (now - p.startSeconds) * 1000
        if offset < 0 { return false }
        for (i, ms) in p.pattern.stepsMilliseconds.enumerated() {
            if offset < Double(ms) { return i % 2 == 0 }
            offset -= Double(ms)
        }
        return false
    }

    /// When the level next changes (nil when idle).
    public func nextTransition(after now: Double) -> Double? {
        guard let p = playing else { return nil }
        var t = p.startSeconds
        if now < t { return t }
        for ms in p.pattern.stepsMilliseconds {
            t += Double(ms) / 1000
            if t > now { return t }
        }
        return max(t, now)
    }

    /// True if the motor ran (or was ringing down) at sample time `t`.
    public func isDisturbed(at t: Double) -> Bool {
        for (a, b) in disturbedIntervals where t >= a && t < b { return true }
        return false
    }

    /// Marks samples in `from..<to` as disturbed for another reason (a sensor gap).
    public mutating func markDisturbed(from: Double, to: Double) {
        if disturbedIntervals.count >= 8 { disturbedIntervals.removeFirst() }
        disturbedIntervals.append((from, to))
    }

    private mutating func start(_ pattern: VibrationPattern, kind: NudgeKind, at now: Double) {
        let p = Playing(pattern: pattern, kind: kind, startSeconds: now)
        playing = p
        if disturbedIntervals.count >= 8 { disturbedIntervals.removeFirst() }
        disturbedIntervals.append((p.startSeconds, p.endSeconds + settleSeconds))
    }
}
