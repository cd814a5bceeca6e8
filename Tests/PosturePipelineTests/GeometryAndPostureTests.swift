import Foundation
import PostureCore
import Testing
@testable import PosturePipeline

@Suite struct TrunkFrameTests {
    @Test func anglesAreRelativeToACrookedMounting() throws {
        // Sensor tilted 20° about its forward axis and 10° about its side: calibration removes it.
        let mount = Rotation.about(0, degrees: 20) * Rotation.about(1, degrees: -10)
        let upright = SyntheticWearer(mount: mount, pose: { _ in Pose() }).sample(at: 0).accelG
        let frame = try #require(TrunkFrame(referenceUp: upright, forwardAxis: SignedAxis(index: 0, sign: 1)))
        for (pitch, roll) in [(30.0, 0.0), (-20.0, 0.0), (0.0, 25.0), (0.0, -25.0)] {
            let up = SyntheticWearer(mount: mount, pose: { _ in Pose(pitch: pitch, roll: roll) }).sample(at: 0).accelG
            let a = frame.angles(of: up)
            #expect(abs(a.pitchDegrees - pitch) < 0.5, "pitch \(a.pitchDegrees) for \(pitch)")
            #expect(abs(a.rollDegrees - roll) < 0.5, "roll \(a.rollDegrees) for \(roll)")
            #expect(abs(a.tiltDegrees - max(abs(pitch), abs(roll))) < 0.5)
        }
    }

    @Test func forwardAxisAlongUpIsRefused() {
        #expect(TrunkFrame(referenceUp: .unitX, forwardAxis: SignedAxis(index: 0, sign: 1)) == nil)
        #expect(TrunkFrame(referenceUp: .zero, forwardAxis: SignedAxis(index: 0, sign: 1)) == nil)
    }

    @Test func otherForwardAxes() throws {
        // Sensor mounted with -y forward: a flexion must still read as positive pitch.
        let mount = Rotation.about(2, degrees: 90)  // body x → sensor y; so body forward = sensor +y
        let frame = try #require(TrunkFrame(referenceUp: .unitZ, forwardAxis: SignedAxis(index: 1, sign: 1)))
        let up = SyntheticWearer(mount: mount, pose: { _ in Pose(pitch: 25) }).sample(at: 0).accelG
        #expect(abs(frame.angles(of: up).pitchDegrees - 25) < 0.5)
    }
}

@Suite struct CalibrationAndPostureTests {
    @Test func beforeCalibrationPostureIsUnknown() {
        var p = PosturePipeline()
        let events = SyntheticWearer(pose: { _ in Pose(pitch: 30) }).run(&p, to: 20)
        #expect(p.state.posture == .unknown)
        #expect(p.state.tiltDegrees == 0)
        #expect(!p.state.isCalibrated)
        #expect(events.named(EventName.slouchAlert).isEmpty && events.named(EventName.posture).isEmpty)
    }

    @Test func calibrationGivesEventAndUpright() {
        var p = PosturePipeline()
        let events = SyntheticWearer(pose: { _ in Pose() }).run(&p, to: 5, actions: [(2, .calibrate)])
        #expect(events.named(EventName.calibrated).count == 1)
        #expect(events.named(EventName.posture).first?["state"]?.stringValue == "upright")
        #expect(p.state.isCalibrated && p.uprightReference != nil)
    }

    @Test func autoReferenceIsOptional() {
        var settings = PipelineSettings()
        var p = PosturePipeline(settings: settings)
        _ = SyntheticWearer(pose: { _ in Pose() }).run(&p, to: 90)
        #expect(!p.state.isCalibrated)
        settings.calibration.autoReference = true
        p = PosturePipeline(settings: settings)
        let events = SyntheticWearer(pose: { _ in Pose() }).run(&p, to: 90)
        let calibrated = events.named(EventName.calibrated)
        #expect(calibrated.count == 1)
        #expect(calibrated.first?["source"]?.stringValue == "auto")
    }

    @Test func slouchAlertAfterDelayThenRepeatsAndStops() throws {
        var p = PosturePipeline()
        // Slouch from 10 s to 300 s.
        let wearer = SyntheticWearer(pose: { t in Pose(pitch: excursion(t, 10, 300, angle: 25)) })
        let events = wearer.run(&p, to: 330, actions: [(1, .calibrate)])
        let alerts = events.named(EventName.slouchAlert)
        #expect(alerts.count == 3)  // 30 s, +120 s, +120 s (max 3 per episode)
        let first = try #require(alerts.first)
        // Onset ≈ 11 s (half-way through the 2 s move), alert ≈ 30 s later.
        #expect(abs(first.timeSeconds - 41) < 2.5, "first alert at \(first.timeSeconds)")
        #expect(abs((first["slouched_s"]?.doubleValue ?? 0) - 30) < 0.1)
        #expect(abs(alerts[1].timeSeconds - first.timeSeconds - 120) < 1)
        let postures = events.named(EventName.posture).compactMap { $0["state"]?.stringValue }
        #expect(postures == ["upright", "slouched", "upright"])
    }

    @Test func briefReachCoughTurnAreNotSlouching() {
        var p = PosturePipeline()
        // Reaches (3 s at 35°) every 20 s, a cough jolt, a turn.
        let wearer = SyntheticWearer(pose: { t in
            var pose = Pose()
            let cycle = t.truncatingRemainder(dividingBy: 20)
            if t > 5 { pose.pitch = excursion(cycle, 5, 8, angle: 35, move: 0.8) }
            if t > 100 && t < 101 { pose.pitch += excursion(t, 100, 100.15, angle: 8, move: 0.12) }
            if t > 120 { pose.yaw = excursion(t, 120, 123, angle: 50, move: 1) }
            return pose
        })
        let events = wearer.run(&p, to: 200, actions: [(1, .calibrate)])
        #expect(events.named(EventName.slouchAlert).isEmpty)
        #expect(events.named(EventName.posture).count == 1)  // the first "upright" only
    }

    @Test func hoveringAtTheThresholdDoesNotFlicker() {
        var p = PosturePipeline()
        // 16° ± 2° swaying slowly around the 15° threshold.
        let wearer = SyntheticWearer(pose: { t in
            Pose(pitch: t < 10 ? 0 : ramp(t, 10, 3, 0, 16) + (t > 15 ? 2 * sin(t * 0.7) : 0))
        })
        let events = wearer.run(&p, to: 200, actions: [(1, .calibrate)])
        let postures = events.named(EventName.posture).compactMap { $0["state"]?.stringValue }
        #expect(postures == ["upright", "slouched"])
    }

    @Test func quickMovementPausesTheSlouchClock() throws {
        var p = PosturePipeline()
        // Slouched from 10 s; a quick 1.5 s upright-and-back movement at 25 s does not reset the clock.
        let wearer = SyntheticWearer(pose: { t in
            var pitch = ramp(t, 10, 2, 0, 25)
            if t > 25 && t < 27 { pitch = 25 - excursion(t, 25, 25.8, angle: 20, move: 0.5) }
            return Pose(pitch: pitch)
        })
        let events = wearer.run(&p, to: 60, actions: [(1, .calibrate)])
        let first = try #require(events.named(EventName.slouchAlert).first)
        #expect(first.timeSeconds < 46, "alert at \(first.timeSeconds): the clock was reset")
    }

    @Test func recliningAndLeaning() {
        var p = PosturePipeline()
        let wearer = SyntheticWearer(pose: { t in
            Pose(pitch: excursion(t, 5, 30, angle: -20), roll: excursion(t, 40, 70, angle: 20))
        })
        let events = wearer.run(&p, to: 90, actions: [(1, .calibrate)])
        let postures = events.named(EventName.posture).compactMap { $0["state"]?.stringValue }
        #expect(postures == ["upright", "reclined", "upright", "leaning", "upright"])
    }

    @Test func newEpisodeAlertsAgainAfterSittingUp() {
        var p = PosturePipeline()
        let wearer = SyntheticWearer(pose: { t in
            Pose(pitch: t < 100 ? excursion(t, 5, 60, angle: 25) : excursion(t, 100, 160, angle: 25))
        })
        let events = wearer.run(&p, to: 180, actions: [(1, .calibrate)])
        let alerts = events.named(EventName.slouchAlert)
        #expect(alerts.count == 2)
        #expect(alerts.allSatisfy { ($0["slouched_s"]?.doubleValue ?? 0) < 31 })
    }

    @Test func stretchSessionSuppressesSlouchAlerts() {
        var p = PosturePipeline()
        let wearer = SyntheticWearer(pose: { t in Pose(pitch: excursion(t, 10, 80, angle: 30)) })
        let events = wearer.run(&p, to: 100, actions: [(1, .calibrate), (5, .stretch)])
        #expect(events.named(EventName.slouchAlert).isEmpty)
        #expect(events.named(PipelineEventName.stretchStart).count == 1)
    }
}
