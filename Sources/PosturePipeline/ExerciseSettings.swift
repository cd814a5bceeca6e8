import PostureCore

/// Recognised exercises: their hold targets (from the guides' table), the 3-breath rule and the
/// warm-up cue. Set by the `[stretch_targets]` and `[exercise]` sections.
public struct ExerciseSettings: Equatable, Sendable {
    /// Hold target per exercise, seconds; an exercise without one (and `unknown`) uses
    /// `stretch.hold_target_s`. The guides: back extension 5-10 s (repeated), side bend 15-20 s,
    /// forward fold 15-60 s, seated twist 20-30 s, child's pose 30 s-2 min, knee-to-chest 20-30 s,
    /// sphinx 30-60 s, pelvic tilt 5 s each way, thread the needle 20-30 s, partner lift 20-30 s.
    public var targetSeconds: [Exercise: Double] = [
        .backExtension: 5, .sideBend: 15, .forwardFold: 15, .seatedTwist: 20, .childsPose: 30,
        .kneeToChest: 20, .sphinx: 30, .pelvicTilt: 5, .threadTheNeedle: 20, .partnerLift: 20,
    ]
    /// Deep breaths in a hold that give `deep_breaths` (the 3-breath rule).
    public var deepBreathsCount = 3
    /// A deep breath: a breathing swing (peak to peak) at least this large...
    public var deepBreathSwingDegrees = 1.5
    /// ... at least this long after the previous breath (or the hold's start): slow breathing.
    public var deepBreathMinIntervalSeconds = 4.5
    /// A sitting bout at least this long, then a deep stretch without walking: `warm_up_cue`.
    public var warmUpAfterSittingSeconds = 1200.0
    /// Walking this long after the bout counts as warming up (the guides: about two minutes).
    public var warmUpWalkSeconds = 120.0
    public init() {}

    /// The hold target of a (recognised) exercise.
    public func target(for exercise: Exercise, generic: Double) -> Double {
        exercise == .unknown ? generic : (targetSeconds[exercise] ?? generic)
    }
}

extension PipelineSettings {
    /// The hold target of `exercise` (the generic `stretch.hold_target_s` for `unknown`).
    public func holdTarget(for exercise: Exercise) -> Double {
        self.exercise.target(for: exercise, generic: stretch.holdTargetSeconds)
    }
}
