import PostureCore
import PosturePipeline

// [stretch_targets] and [exercise]: recognised exercises (README "Exercises").
extension PostureConfiguration {
    static var exerciseSectionDocs: [ConfigSectionDoc] {
        [
            ConfigSectionDoc("stretch_targets", "Hold target per recognised exercise, in seconds (unknown holds use stretch.hold_target_s)."),
            ConfigSectionDoc("exercise", "Recognised exercises: the 3-breath rule and the warm-up cue."),
        ]
    }

    static var exerciseKeys: [ConfigKeySpec] {
        let defaults = ExerciseSettings()
        let targets: [ConfigKeySpec] = Exercise.allCases.compactMap { e in
            guard let standard = defaults.targetSeconds[e] else { return nil }
            return targetKey(e, standard: standard)
        }
        return targets + [
            .integer("exercise", "deep_breaths", \.pipeline.exercise.deepBreathsCount, range: 1...10,
                     doc: "This many deep breaths in a hold give a deep_breaths event (the guides' 3-breath rule)."),
            .number("exercise", "deep_breath_swing_deg", \.pipeline.exercise.deepBreathSwingDegrees, range: 0.5...10,
                    doc: "A deep breath moves the trunk at least this much (peak to peak), in degrees."),
            .number("exercise", "deep_breath_min_interval_s", \.pipeline.exercise.deepBreathMinIntervalSeconds, range: 1...20,
                    doc: "... and comes at least this long after the previous breath (slow breathing), in seconds."),
            .number("exercise", "warm_up_after_sitting_s", \.pipeline.exercise.warmUpAfterSittingSeconds, range: 60...14_400,
                    doc: "A deep stretch after sitting this long (without walking since) gets a warm_up_cue, in seconds."),
            .number("exercise", "warm_up_walk_s", \.pipeline.exercise.warmUpWalkSeconds, range: 0...1800,
                    doc: "Walking this long after sitting counts as warming up, in seconds (the guides: about two minutes)."),
        ]
    }

    private static func targetKey(_ e: Exercise, standard: Double) -> ConfigKeySpec {
        let range = 1.0...600
        return .custom("stretch_targets", e.rawValue, allowed: "\(tomlNumber(range.lowerBound)) to \(tomlNumber(range.upperBound))",
                       doc: "\(e.rawValue) holds meet their target after this many seconds (default \(tomlNumber(standard))).",
                       apply: { config, value in
                           let d: Double
                           switch value {
                           case .double(let x): d = x
                           case .integer(let i): d = Double(i)
                           default: return "expected a number, found \(value.typeName)"
                           }
                           guard d.isFinite, range.contains(d) else {
                               return "\(tomlNumber(d)) is out of range (allowed \(tomlNumber(range.lowerBound)) to \(tomlNumber(range.upperBound)))"
                           }
                           config.pipeline.exercise.targetSeconds[e] = d
                           return nil
                       },
                       render: { tomlNumber($0.pipeline.exercise.targetSeconds[e] ?? standard) })
    }
}
