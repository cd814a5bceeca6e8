import Foundation
import PostureCore
import Testing
@testable import PosturePipeline

/// The up direction (sensor axes, board flat with +x forward) of a trunk flexed `pitch` and
/// bent `roll` from the reference (+z).
private func up(pitch: Double, roll: Double = 0) -> Vector3 {
    let p = pitch * .pi / 180, r = roll * .pi / 180
    return Vector3(-sin(p) * cos(r), sin(r), cos(p) * cos(r))
}

/// Feeds `seconds` of one activity at 10 Hz; returns the suggestions made.
private func feed(_ m: inout SensorShiftMonitor, _ frame: TrunkFrame, from t0: Double, seconds: Double,
                  activity: ActivityState, pitch: (Double) -> Double, roll: Double = 0,
                  settings: SensorShiftSettings = SensorShiftSettings()) -> [RecalibrationSuggestion] {
    var found: [RecalibrationSuggestion] = []
    var t = t0
    while t < t0 + seconds {
        if let s = m.update(up: up(pitch: pitch(t), roll: roll), frame: frame, activity: activity, moving: false,
                            inSession: false, t: t, dt: 0.1, settings: settings) { found.append(s) }
        t += 0.1
    }
    return found
}

@Suite struct SensorShiftTests {
    let frame = TrunkFrame(referenceUp: .unitZ, forwardAxis: SignedAxis(index: 0, sign: 1))!

    @Test func theAnglesOfTheTestHelperAreTheFrames() {
        let a = frame.angles(of: up(pitch: 12, roll: -5))
        #expect(abs(a.pitchDegrees - 12) < 0.01 && abs(a.rollDegrees + 5) < 0.01)
    }

    /// A walk at 4° lean sets the anchor; the board slips 14° forward: two segments later a shift.
    @Test func aWalkAwayFromTheFirstWalkIsAShift() {
        var m = SensorShiftMonitor()
        #expect(feed(&m, frame, from: 0, seconds: 90, activity: .walking, pitch: { 4 + sin($0) }).isEmpty)
        #expect(feed(&m, frame, from: 90, seconds: 600, activity: .sitting, pitch: { _ in 2 }).isEmpty)
        let found = feed(&m, frame, from: 700, seconds: 60, activity: .walking, pitch: { _ in 18 })
        #expect(found.count == 1)
        #expect(found.first?.reason == .sensorShifted)
        #expect(found.first?.evidence == .walking)
        #expect(abs((found.first?.offsetDegrees ?? 0) - 14) < 1)
        #expect(m.holdsSlouchAlerts(SensorShiftSettings()))
    }

    /// Walking 18° reclined from the first step: the wearer calibrated slouched (stale).
    @Test func walkingLeaningBackFromTheStartIsAStaleReference() {
        var m = SensorShiftMonitor()
        let found = feed(&m, frame, from: 0, seconds: 60, activity: .walking, pitch: { _ in -18 })
        #expect(found.map(\.reason) == [.staleReference])
        #expect(abs((found.first?.offsetDegrees ?? 0) - 18) < 1)
    }

    /// Typing read as walking comes in bouts shorter than `walkMinBoutSeconds`: however far they
    /// lean, no cue; one walk of that length leaning the same way is the evidence.
    @Test func shortWalkingBoutsAreNoEvidence() {
        let settings = SensorShiftSettings()
        let bout = settings.walkMinBoutSeconds - 5
        #expect(bout >= 2 * settings.walkSegmentSeconds)  // each bout has whole segments to judge
        var m = SensorShiftMonitor()
        var t = 0.0
        var found: [RecalibrationSuggestion] = []
        for _ in 0..<6 {
            found += feed(&m, frame, from: t, seconds: bout, activity: .walking, pitch: { _ in 22 })
            t += bout
            found += feed(&m, frame, from: t, seconds: 20, activity: .sitting, pitch: { _ in 22 })
            t += 20
        }
        #expect(found.isEmpty)
        found = feed(&m, frame, from: t, seconds: settings.walkMinBoutSeconds + 1, activity: .walking, pitch: { _ in 22 })
        #expect(found.map(\.reason) == [.staleReference])
    }

    /// Walks at 1-6° lean, bent 4° sideways, and sitting slouched 16 minutes at a time: no cue.
    @Test func ordinaryWalksAndLongSlouchesGiveNoCue() {
        var m = SensorShiftMonitor()
        var t = 0.0
        var found: [RecalibrationSuggestion] = []
        for lean in [1.0, 6, 3, 5, 2] {
            found += feed(&m, frame, from: t, seconds: 120, activity: .walking, pitch: { _ in lean }, roll: 4)
            t += 120
            found += feed(&m, frame, from: t, seconds: 16 * 60, activity: .sitting, pitch: { _ in 22 })
            t += 16 * 60
            found += feed(&m, frame, from: t, seconds: 180, activity: .sitting, pitch: { _ in 1 })
            t += 180
        }
        #expect(found.isEmpty)
    }

    /// 20 still minutes all 12° off: the sitting evidence; stale without an upright minute
    /// since the reference, shifted with one.
    @Test func twentyTiltedStillMinutesSuggestARecalibration() {
        var stale = SensorShiftMonitor()
        let a = feed(&stale, frame, from: 0, seconds: 20 * 60 + 1, activity: .sitting, pitch: { _ in 12 })
        #expect(a.map(\.reason) == [.staleReference])
        #expect(a.first?.evidence == .sitting)
        #expect(abs((a.first?.offsetDegrees ?? 0) - 12) < 0.5)

        var shifted = SensorShiftMonitor()
        #expect(feed(&shifted, frame, from: 0, seconds: 300, activity: .sitting, pitch: { _ in 2 }).isEmpty)
        let b = feed(&shifted, frame, from: 300, seconds: 20 * 60 + 1, activity: .sitting, pitch: { _ in 12 })
        #expect(b.map(\.reason) == [.sensorShifted])
    }

    /// At most one suggestion per repeat_min; a new reference starts afresh.
    @Test func suggestionsRepeatOnlyAfterTheRepeatTimeOrANewReference() {
        var m = SensorShiftMonitor()
        var s = SensorShiftSettings()
        s.stillWindowMinutes = 5
        s.repeatMinutes = 30
        let first = feed(&m, frame, from: 0, seconds: 25 * 60, activity: .sitting, pitch: { _ in 15 }, settings: s)
        #expect(first.count == 1)
        // Windows close every 5 minutes; the next suggestion comes at the first one 30 minutes on.
        let later = feed(&m, frame, from: 25 * 60, seconds: 16 * 60, activity: .sitting, pitch: { _ in 15 }, settings: s)
        #expect(later.count == 1)
        m.reset(settings: s)
        #expect(!m.holdsSlouchAlerts(s))
        #expect(feed(&m, frame, from: 41 * 60, seconds: 5 * 60 + 1, activity: .sitting, pitch: { _ in 15 }, settings: s).count == 1)
        s.enabled = false
        #expect(!m.holdsSlouchAlerts(s))
    }

    /// Through the pipeline: sitting 20° off for 21 minutes gives slouch alerts, then the
    /// suggestion, then no more alerts; a calibration clears it.
    @Test func thePipelineHoldsSlouchAlertsBackUntilTheNextCalibration() {
        var settings = PipelineSettings()
        settings.calibration.shift.stillWindowMinutes = 8
        var p = PosturePipeline(settings: settings)
        let wearer = SyntheticWearer(rateHz: 25, pose: { t in Pose(pitch: t < 30 ? 0 : 20) })
        let events = wearer.run(&p, to: 40 * 60, actions: [(5, .calibrate), (35 * 60, .calibrate)])
        let suggested = events.filter { $0.name == EventName.recalibrationSuggested }.map(\.timeSeconds)
        #expect(suggested.count == 1)
        let at = suggested.first ?? 0
        #expect(at > 8 * 60 && at < 10 * 60)
        let alerts = events.named(EventName.slouchAlert).map(\.timeSeconds)
        #expect(alerts.contains { $0 < at })
        #expect(!alerts.contains { $0 > at && $0 < 35 * 60 })
        #expect(p.snapshot.recalibration == nil)
    }
}
