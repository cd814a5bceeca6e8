import Foundation
import PostureCore
import Testing
@testable import PostureConfig
@testable import PosturePipeline

/// The wearer movements the threshold keys act on. Each runs a fresh pipeline with `settings`.
enum KeyScenario: String, CaseIterable, Sendable {
    case sideBendHold, sideBendWithWobble, bouncingUntilRelease, bouncingWithGap, snapIntoHold, catCow, slowCatCow, breathingHold,
         twistHold, quickTwists, lyingHold, slowSwayBeforeAutoReference

    func events(_ settings: PipelineSettings) -> [PostureEvent] {
        var p = PosturePipeline(settings: settings)
        let session: [(Double, UserAction)] = [(1, .calibrate), (2, .stretch)]
        switch self {
        case .sideBendHold:
            return SyntheticWearer(pose: { t in Pose(roll: excursion(t, 10, 37, angle: 30, move: 2.5)) })
                .run(&p, to: 60, actions: session)
        case .sideBendWithWobble:
            // Reaches the position at 12.5 s, wobbles 10° further at 14 s, is back by 16 s.
            return SyntheticWearer(pose: { t in
                Pose(roll: excursion(t, 10, 37, angle: 30, move: 2.5) + excursion(t, 14, 15.5, angle: 10, move: 0.5))
            }).run(&p, to: 60, actions: session)
        case .bouncingUntilRelease:
            // Bouncing stops 4 s before the position is left.
            return SyntheticWearer(pose: { t in
                var roll = excursion(t, 10, 40, angle: 30, move: 2.5)
                if t > 15 && t < 36 { roll += 5 * sin(2 * .pi * 1.5 * (t - 15)) }
                return Pose(roll: roll)
            }).run(&p, to: 70, actions: session)
        case .bouncingWithGap:
            // The sensor is silent for 1 s in the middle of the bouncing.
            let wearer = SyntheticWearer(pose: { t in
                var roll = excursion(t, 10, 40, angle: 30, move: 2.5)
                if t > 15 && t < 25 { roll += 5 * sin(2 * .pi * 1.5 * (t - 15)) }
                return Pose(roll: roll)
            })
            var events: [PostureEvent] = []
            for i in 0...6000 where i < 1800 || i > 1900 {
                let t = Double(i) / 100
                p.process(wearer.sample(at: t), action: i == 100 ? .calibrate : (i == 200 ? .stretch : nil),
                          events: &events)
            }
            return events
        case .snapIntoHold:
            return SyntheticWearer(pose: { t in Pose(roll: excursion(t, 10, 35, angle: 30, move: 0.25)) })
                .run(&p, to: 50, actions: session)
        case .catCow:
            return SyntheticWearer(pose: { t in
                t > 10 && t < 58 ? Pose(pitch: 5 - 15 * cos(2 * .pi * (t - 10) / 6)) : Pose()
            }).run(&p, to: 70, actions: session)
        case .slowCatCow:
            // Periods just inside repetition.max_period_s: each turning point is confirmed late.
            return SyntheticWearer(pose: { t in
                t > 10 && t < 77 ? Pose(pitch: 5 - 15 * cos(2 * .pi * (t - 10) / 9.5)) : Pose()
            }).run(&p, to: 90, actions: session)
        case .breathingHold:
            return SyntheticWearer(pose: { t in
                let envelope = 1 - ramp(t, 28, 2, 0, 1) + ramp(t, 52, 2, 0, 1)
                let breathing = envelope * 1.5 * sin(2 * .pi * (8.0 / 60) * t)
                return Pose(pitch: breathing, roll: excursion(t, 10, 70, angle: 30, move: 2.5))
            }).run(&p, to: 90, actions: session)
        case .twistHold:
            return SyntheticWearer(pose: { t in Pose(yaw: excursion(t, 10, 37, angle: 35, move: 2.5)) })
                .run(&p, to: 60, actions: session)
        case .quickTwists:
            return SyntheticWearer(pose: { t in
                var yaw = 0.0
                if t > 10 && t < 12 { yaw = excursion(t, 10, 10.7, angle: 40, move: 0.35) }
                if t > 20 && t < 22 { yaw = excursion(t, 20, 20.7, angle: -35, move: 0.4) }
                if t > 30 { yaw = excursion(t, 30, 34, angle: 50, move: 1.0) }
                return Pose(yaw: yaw)
            }).run(&p, to: 45, actions: [(1, .calibrate)])
        case .lyingHold:
            // Lies back at 10 s, settles 3.5° further at 25 s, curls 5° back up from there at 40 s.
            return SyntheticWearer(pose: { t in
                Pose(pitch: ramp(t, 8, 2, 0, -85) + ramp(t, 25, 2, 0, -3.5) + excursion(t, 40, 65, angle: 5, move: 2))
            }).run(&p, to: 80, actions: session)
        case .slowSwayBeforeAutoReference:
            // Never calibrated; a slow ±1° sway (at most about 3 degrees/s).
            return SyntheticWearer(pose: { t in Pose(pitch: sin(2 * .pi * 0.5 * t)) }).run(&p, to: 80)
        }
    }
}

@Suite struct ThresholdKeyTests {
    /// Each key added when the pipeline's constants became keys, a value that must change what
    /// the pipeline reports, and the movement that shows it. `base`: other keys of the same
    /// section, set in both runs.
    static let cases: [(key: String, value: String, scenario: KeyScenario, base: String)] = [
        ("sensor.max_gap_s", "5.0", .bouncingWithGap, ""),
        ("calibration.auto_still_deg_s", "0.5", .slowSwayBeforeAutoReference, "auto_reference = true"),
        ("stretch.lying_neutral_follow_fraction", "1.0", .lyingHold, ""),
        ("stretch.hold_end_wait_s", "0.5", .snapIntoHold, ""),
        ("stretch.hold_history_smoothing_s", "1.0", .sideBendHold, ""),
        ("stretch.hold_band_fraction", "1.0", .sideBendHold, ""),
        ("stretch.hold_drift_fraction", "1.0", .sideBendHold, ""),
        ("stretch.hold_movement_tail_s", "0.0", .sideBendHold, ""),
        ("stretch.hold_arrival_lookback_s", "0.0", .sideBendWithWobble, ""),
        ("stretch.twist_still_deg_s", "1.0", .twistHold, "twist_bias_deviation_deg_s = 20.0"),
        ("stretch.twist_bias_deviation_deg_s", "20.0", .twistHold, ""),
        ("stretch.twist_bias_rest_s", "0.5", .twistHold, ""),
        ("stretch.twist_bias_still_s", "0.5", .twistHold, ""),
        ("stretch.twist_neutral_s", "1.0", .twistHold, ""),
        ("bounce.smoothing_s", "0.5", .bouncingUntilRelease, ""),
        ("bounce.trend_s", "5.0", .bouncingUntilRelease, ""),
        ("bounce.swing_fraction", "1.0", .bouncingUntilRelease, ""),
        ("bounce.rhythm_gap_half_periods", "10.0", .bouncingUntilRelease, ""),
        ("jerk.stroke_deg_s", "60.0", .bouncingUntilRelease, "short_peak_deg_s = 80.0"),
        ("jerk.before_hold_s", "0.0", .snapIntoHold, ""),
        ("repetition.smoothing_s", "3.0", .catCow, ""),
        ("repetition.series_end_periods", "1.0", .slowCatCow, ""),
        ("breathing.smoothing_s", "3.0", .breathingHold, ""),
        ("breathing.trend_s", "1.0", .breathingHold, ""),
        ("breathing.min_interval_s", "9.0", .breathingHold, ""),
        ("twist.leak_s", "1.0", .quickTwists, ""),
        ("twist.baseline_s", "30.0", .quickTwists, ""),
        ("twist.return_fraction", "0.05", .quickTwists, ""),
    ]

    @Test func everyNewKeyHasACase() {
        let covered = Set(Self.cases.map(\.key))
        #expect(covered.count == Self.cases.count)
        let paths = Set(PostureConfiguration.pipelineKeys.map(\.path))
        #expect(!covered.isEmpty)
        for key in covered { #expect(paths.contains(key), "\(key) is not a pipeline key") }
    }

    @Test(arguments: cases.indices)
    func newKeyChangesBehaviour(_ index: Int) throws {
        let c = Self.cases[index]
        let parts = c.key.split(separator: ".")
        let section = "[\(parts[0])]\n\(c.base)\n"
        let base = try PostureConfiguration.parse(section).pipeline
        let changed = try PostureConfiguration.parse(section + "\(parts[1]) = \(c.value)\n").pipeline
        #expect(changed != base, "\(c.key) = \(c.value) set nothing")
        let before = c.scenario.events(base)
        // The scenario must show something for the key to act on.
        #expect(!before.isEmpty)
        #expect(before.contains { $0.name != EventName.calibrated && $0.name != PipelineEventName.stretchStart },
                "\(c.scenario) shows nothing")
        #expect(c.scenario.events(changed) != before, "\(c.key) = \(c.value) changed nothing in \(c.scenario)")
    }

    /// Every pipeline key read from a file sets its value (not only the keys above).
    @Test func everyPipelineKeyRoundTrips() throws {
        let keys = PostureConfiguration.pipelineKeys
        #expect(keys.count >= 80)
        let defaults = PostureConfiguration()
        for key in keys {
            let before = key.render(defaults)
            var candidates = Self.otherValues(key, default: before)
            #expect(!candidates.isEmpty, "\(key.path): no other value to try")
            var roundTripped = false
            while !roundTripped, let value = candidates.first {
                candidates.removeFirst()
                // A value may break a cross-check with another key's default; the next one may not.
                guard let config = try? PostureConfiguration.parse("[\(key.section)]\n\(key.name) = \(value)\n") else {
                    continue
                }
                #expect(key.render(config) == value, "\(key.path) = \(value) reads back as \(key.render(config))")
                #expect(config != defaults, "\(key.path) = \(value) changed nothing")
                roundTripped = true
            }
            #expect(roundTripped, "\(key.path): no value other than \(before) was accepted")
        }
    }

    /// Values other than the default for a key, as TOML: the ends of its range and its middle,
    /// or the other booleans and strings it allows.
    static func otherValues(_ key: ConfigKeySpec, default current: String) -> [String] {
        var values: [String]
        if current == "true" || current == "false" {
            values = ["true", "false"]
        } else if current.hasPrefix("\"") {
            values = key.allowed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            let bounds = key.allowed.components(separatedBy: " to ")
            guard bounds.count == 2, let low = Double(bounds[0]), let high = Double(bounds[1]) else { return [] }
            let isInteger = !bounds[0].contains(".")
            let middle = isInteger ? String(Int((low + high) / 2)) : tomlNumber(((low + high) / 2 * 100).rounded() / 100)
            values = [bounds[0], bounds[1], middle]
        }
        return values.filter { $0 != current }
    }
}
