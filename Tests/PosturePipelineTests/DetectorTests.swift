import Foundation
import PostureCore
import Testing
@testable import PosturePipeline

/// Vertical acceleration of steps at `hz` (g), between `start` and `end`.
func steps(_ t: Double, hz: Double, from start: Double, to end: Double, amplitude: Double = 0.2) -> Double {
    t > start && t < end ? amplitude * sin(2 * .pi * hz * (t - start)) : 0
}

@Suite struct ActivityTests {
    @Test func walkingFromStepCadenceThenStanding() {
        var p = PosturePipeline()
        var wearer = SyntheticWearer(pose: { _ in Pose() })
        wearer.verticalG = { steps($0, hz: 1.8, from: 20, to: 60) }
        let events = wearer.run(&p, to: 80, actions: [(1, .calibrate)])
        let states = events.named(EventName.activity).compactMap { $0["state"]?.stringValue }
        #expect(states == ["sitting", "walking", "standing"])
        let walking = events.named(EventName.activity).first { $0["state"]?.stringValue == "walking" }
        // Seated with no stand-up seen, walking needs activity.walking_steps_seated (8) even steps:
        // 4.4 s at 1.8 steps/s.
        #expect((walking?.timeSeconds ?? 0) < 25)
    }

    @Test func slowSwayIsNotWalking() {
        var p = PosturePipeline()
        var wearer = SyntheticWearer(pose: { _ in Pose() })
        wearer.verticalG = { steps($0, hz: 0.5, from: 10, to: 60) }  // far below cadence
        let events = wearer.run(&p, to: 70, actions: [(1, .calibrate)])
        #expect(events.named(EventName.activity).compactMap { $0["state"]?.stringValue } == ["sitting"])
    }

    @Test func lyingFromTrunkInclination() {
        var p = PosturePipeline()
        let wearer = SyntheticWearer(pose: { t in Pose(pitch: excursion(t, 10, 40, angle: -85, move: 3)) })
        let events = wearer.run(&p, to: 60, actions: [(1, .calibrate)])
        let states = events.named(EventName.activity).compactMap { $0["state"]?.stringValue }
        #expect(states == ["sitting", "lying", "unknown"])
    }

    @Test func standUpAndSitDownTransitions() {
        var p = PosturePipeline()
        // Lean 30° while the trunk rises 0.45 m over 1.2 s (sit-to-stand), later sinks (stand-to-sit).
        var wearer = SyntheticWearer(pose: { t in
            Pose(pitch: excursion(t, 10, 11, angle: 30, move: 0.8) + excursion(t, 40, 41, angle: 30, move: 0.8))
        })
        wearer.verticalG = { Self.riseG($0, 10.6, 1) + Self.riseG($0, 40.3, -1) }
        let events = wearer.run(&p, to: 60, actions: [(1, .calibrate)])
        let states = events.named(EventName.activity).compactMap { $0["state"]?.stringValue }
        #expect(states == ["sitting", "standing", "sitting"])
    }

    /// Vertical acceleration (g) at time t of a minimum-jerk 0.45 m move over 1.2 s from t0,
    /// up (sign 1: standing up) or down (-1: sitting down).
    static func riseG(_ t: Double, _ t0: Double, _ sign: Double) -> Double {
        guard t > t0, t < t0 + 1.2 else { return 0 }
        let s = (t - t0) / 1.2
        return sign * 0.45 * (60 * s - 180 * s * s + 120 * s * s * s) / (1.2 * 1.2) / 9.80665
    }

    /// Vertical acceleration (g) of a point `radiusMetres` up the trunk from the hips as the
    /// trunk pitches: its height is -r(1 - cos pitch).
    static func leanSinkG(_ pitchDegrees: @escaping (Double) -> Double, radiusMetres: Double) -> (Double) -> Double {
        { t in
            let d = 0.005
            func h(_ t: Double) -> Double { -radiusMetres * (1 - cos(pitchDegrees(t) * .pi / 180)) }
            return (h(t + d) - 2 * h(t) + h(t - d)) / (d * d) / 9.80665
        }
    }

    @Test func briskSeatedReachIsNotStandingUp() {
        // Seated reaches: lean 40° in 0.6 s from the hips, hold, back. The upper back sinks and
        // comes back to the same height; it is already sinking when the lean crosses the
        // detector's start angle.
        let pitch: (Double) -> Double = { t in
            excursion(t, 10, 12, angle: 40, move: 0.6) + excursion(t, 30, 31.5, angle: 45, move: 0.5)
        }
        var p = PosturePipeline()
        var wearer = SyntheticWearer(pose: { t in Pose(pitch: pitch(t)) })
        wearer.verticalG = Self.leanSinkG(pitch, radiusMetres: 0.55)
        let events = wearer.run(&p, to: 50, actions: [(1, .calibrate)])
        #expect(events.named(EventName.activity).compactMap { $0["state"]?.stringValue } == ["sitting"])
    }

    @Test func sittingDownEndsWalking() {
        // Walk 20-40 s, then sit straight down (lean 30°, sink 0.45 m over 1.2 s).
        var p = PosturePipeline()
        var wearer = SyntheticWearer(pose: { t in Pose(pitch: excursion(t, 40.5, 41.5, angle: 30, move: 0.8)) })
        wearer.verticalG = { steps($0, hz: 1.8, from: 20, to: 41) + Self.riseG($0, 40.8, -1) }
        let events = wearer.run(&p, to: 50, actions: [(1, .calibrate)])
        let states = events.named(EventName.activity).compactMap { $0["state"]?.stringValue }
        #expect(states == ["sitting", "walking", "sitting"])
        let sat = events.named(EventName.activity).last
        #expect((sat?.timeSeconds ?? 0) < 44)
    }
}

@Suite struct SittingNudgeTests {
    @Test func nudgeAfterLimitAndBreakRestartsTheClock() throws {
        var settings = PipelineSettings()
        settings.sitting.nudgeAfterSeconds = 120
        settings.sitting.repeatEverySeconds = 60
        var p = PosturePipeline(settings: settings)
        var wearer = SyntheticWearer(pose: { _ in Pose() })
        // Sit from calibration (1 s); walk 200-290 s (a break), sit after. Sitting down is
        // not detectable without a transition here, so the second bout is not checked.
        wearer.verticalG = { steps($0, hz: 1.8, from: 200, to: 290) }
        let events = wearer.run(&p, to: 295, actions: [(1, .calibrate)])
        let nudges = events.named(EventName.sittingNudge)
        #expect(nudges.count == 2)  // at 121 s and 181 s
        let first = try #require(nudges.first)
        #expect(abs(first.timeSeconds - 121) < 0.5)
        #expect(abs((first["sitting_s"]?.doubleValue ?? 0) - 120) < 0.5)
    }

    @Test func standingUpAfterANudgeStartsAStretchSession() {
        var settings = PipelineSettings()
        settings.sitting.nudgeAfterSeconds = 60
        var p = PosturePipeline(settings: settings)
        var wearer = SyntheticWearer(pose: { _ in Pose() })
        wearer.verticalG = { steps($0, hz: 1.8, from: 80, to: 100) }
        let events = wearer.run(&p, to: 110, actions: [(1, .calibrate)])
        let starts = events.named(PipelineEventName.stretchStart)
        #expect(starts.count == 1)
        #expect(starts.first?["reason"]?.stringValue == "after_nudge")
    }
}

@Suite struct StretchTests {
    /// Runs a stretch session (button at 2 s) with the trunk following `pose`.
    func session(to end: Double, settings: PipelineSettings = PipelineSettings(),
                 _ pose: @escaping (Double) -> Pose) -> [PostureEvent] {
        var p = PosturePipeline(settings: settings)
        return SyntheticWearer(pose: pose).run(&p, to: end, actions: [(1, .calibrate), (2, .stretch)])
    }

    @Test func smoothHoldHasStartEndAndDuration() throws {
        // Side bend 30° reached at 12 s, left at 37 s: 25 s.
        let events = session(to: 60) { t in Pose(roll: excursion(t, 10, 37, angle: 30, move: 2.5)) }
        let start = try #require(events.named(EventName.holdStart).first)
        #expect(abs((start["roll_deg"]?.doubleValue ?? 0) - 30) < 1.5)
        let end = try #require(events.named(EventName.holdEnd).first)
        let duration = try #require(end["duration_s"]?.doubleValue)
        #expect(abs(duration - 24.5) < 1.2, "duration \(duration)")
        #expect(end["target_met"]?.boolValue == true)
        #expect(end["bounces"]?.intValue == 0)
        #expect(end["jerks"]?.intValue == 0)
        #expect(events.named(EventName.bounce).isEmpty && events.named(EventName.jerk).isEmpty)
    }

    @Test func shortHoldMissesTheTarget() throws {
        let events = session(to: 40) { t in Pose(pitch: excursion(t, 10, 20, angle: -25, move: 2.5)) }
        let end = try #require(events.named(EventName.holdEnd).first)
        #expect(end["target_met"]?.boolValue == false)
    }

    @Test func bouncingIsReportedWithFrequencyAndAmplitude() throws {
        let events = session(to: 60) { t in
            var roll = excursion(t, 10, 40, angle: 30, move: 2.5)
            if t > 15 && t < 25 { roll += 5 * sin(2 * .pi * 1.5 * (t - 15)) }
            return Pose(roll: roll)
        }
        let bounce = try #require(events.named(EventName.bounce).first)
        #expect(abs((bounce["frequency_hz"]?.doubleValue ?? 0) - 1.5) < 0.2)
        #expect(abs((bounce["amplitude_deg"]?.doubleValue ?? 0) - 5) < 1.5)
        let end = try #require(events.named(EventName.holdEnd).first)
        #expect((end["bounces"]?.intValue ?? 0) >= 12)
    }

    @Test func breathingIsNotBouncing() {
        let events = session(to: 60) { t in
            Pose(pitch: 1.5 * sin(2 * .pi * 0.25 * t), roll: excursion(t, 10, 40, angle: 30, move: 2.5))
        }
        #expect(events.named(EventName.bounce).isEmpty)
        #expect(events.named(EventName.jerk).isEmpty)
    }

    @Test func snappingIntoAPositionIsAJerkSmoothEntryIsNot() throws {
        let events = session(to: 50) { t in Pose(roll: excursion(t, 10, 35, angle: 30, move: 0.25)) }
        let jerks = events.named(EventName.jerk)
        #expect(jerks.count == 2)  // in and out
        #expect((jerks.first?["peak_deg_s"]?.doubleValue ?? 0) > 150)
        let end = try #require(events.named(EventName.holdEnd).first)
        #expect(end["jerks"]?.intValue == 2)
        let smooth = session(to: 50) { t in Pose(roll: excursion(t, 10, 35, angle: 30, move: 3)) }
        #expect(smooth.named(EventName.jerk).isEmpty)
    }

    @Test func repetitionsAreCounted() throws {
        // Cat-cow: 8 cycles between +20° and -10°, 6 s each.
        let events = session(to: 70) { t in
            guard t > 10, t < 58 else { return Pose() }
            return Pose(pitch: 5 - 15 * cos(2 * .pi * (t - 10) / 6))
        }
        let reps = events.named(PipelineEventName.repetition)
        let last = try #require(reps.last)
        #expect(abs((last["count"]?.intValue ?? 0) - 8) <= 1)
        #expect(last["exercise"]?.stringValue == "cat_cow")
    }

    @Test func breathingRateAndHeldBreath() throws {
        // Hold 60 s with 8 breaths a minute (±1.5°), breath held from 30 s to 52 s.
        let events = session(to: 90) { t in
            // The breath fades out over 2 s and back in (no step in the trunk angle).
            let envelope = 1 - ramp(t, 28, 2, 0, 1) + ramp(t, 52, 2, 0, 1)
            let breathing = envelope * 1.5 * sin(2 * .pi * (8.0 / 60) * t)
            return Pose(pitch: breathing, roll: excursion(t, 10, 70, angle: 30, move: 2.5))
        }
        #expect(events.named(PipelineEventName.breathHeld).count == 1)
        let end = try #require(events.named(EventName.holdEnd).first)
        let rate = try #require(end["breaths_per_min"]?.doubleValue)
        #expect(rate > 4 && rate < 10, "rate \(rate)")
    }

    @Test func sessionEndsWhenIdle() {
        let events = session(to: 100) { _ in Pose() }
        let ends = events.named(PipelineEventName.stretchEnd)
        #expect(ends.count == 1)
        #expect(abs((ends.first?.timeSeconds ?? 0) - 62) < 1)
    }
}

@Suite struct TwistTests {
    @Test func quickTwistsAreCountedTurnsAreNot() {
        var p = PosturePipeline()
        let wearer = SyntheticWearer(pose: { t in
            var yaw = 0.0
            if t > 10 && t < 12 { yaw = excursion(t, 10, 10.7, angle: 40, move: 0.35) }
            if t > 20 && t < 22 { yaw = excursion(t, 20, 20.7, angle: -35, move: 0.4) }
            if t > 30 { yaw = excursion(t, 30, 34, angle: 50, move: 1.0) }  // a turn to someone
            return Pose(yaw: yaw)
        })
        let events = wearer.run(&p, to: 45, actions: [(1, .calibrate)])
        let twists = events.named(PipelineEventName.twist)
        #expect(twists.compactMap { $0["count_today"]?.intValue } == [1, 2])
    }
}
