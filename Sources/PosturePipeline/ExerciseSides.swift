import PostureCore

/// Both sides of one-sided stretches in a session: holds, held time and the largest angle per
/// side, to say when the other side is still to do and to compare them at the session's end.
struct SideTally: Sendable {
    /// In the order first held (a few exercises at most).
    private(set) var balances: [SideBalance] = []

    mutating func reset() { balances.removeAll(keepingCapacity: true) }

    /// Records a hold; returns the side still to do when this side is now ahead.
    mutating func add(_ r: ExerciseRecognition, seconds: Double, degrees: Double) -> ExerciseSide? {
        guard r.exercise.isOneSided, r.side != .none else { return nil }
        let i: Int
        if let found = balances.firstIndex(where: { $0.exercise == r.exercise }) {
            i = found
        } else {
            balances.append(SideBalance(exercise: r.exercise))
            i = balances.count - 1
        }
        var b = balances[i]
        if r.side == .left {
            b.leftHolds += 1
            b.leftSeconds += seconds
            b.leftDegrees = max(b.leftDegrees, degrees)
        } else {
            b.rightHolds += 1
            b.rightSeconds += seconds
            b.rightDegrees = max(b.rightDegrees, degrees)
        }
        balances[i] = b
        let (done, other) = r.side == .left ? (b.leftHolds, b.rightHolds) : (b.rightHolds, b.leftHolds)
        return done > other ? r.side.opposite : nil
    }
}

/// Cold muscles: sitting time since the wearer last walked long enough to warm up, for the
/// warm-up cue before a deep stretch. Standing still or lying neither warms up nor cools down.
struct WarmUpTracker: Sendable {
    private(set) var sittingSeconds = 0.0
    /// Walking since the last sitting.
    private(set) var walkedSeconds = 0.0

    mutating func update(activity: ActivityState, dt: Double, settings: ExerciseSettings) {
        switch activity {
        case .sitting:
            sittingSeconds += dt
            walkedSeconds = 0
        case .walking:
            walkedSeconds += dt
            if walkedSeconds >= settings.warmUpWalkSeconds { sittingSeconds = 0 }
        case .standing, .lying, .unknown:
            break
        }
    }

    /// (sitting, walked) seconds when a deep stretch now would be cold.
    func coldStart(settings: ExerciseSettings) -> (sittingSeconds: Double, walkedSeconds: Double)? {
        sittingSeconds >= settings.warmUpAfterSittingSeconds ? (sittingSeconds, walkedSeconds) : nil
    }
}
