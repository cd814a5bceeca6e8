import Foundation
import MockIMU
import PostureCoaching
import PostureConfig
import PostureCore
import PostureDaemon
import Testing

/// The positive tap and the alert budget in the daemon: mock bus, mock GPIO, manual clock.
@Suite("Daemon smarter nudges")
struct SmarterNudgeServiceTests {
    /// Calibrated upright at 3 s, slouched 30 degrees from 10 s to 55 s (the alert at about 42 s),
    /// then upright again: the alert is answered about 15 s after it.
    static func answeredSlouch() -> [(sample: IMUSample, marker: UserAction?)] {
        Motion.records([(10, 0), (45, 30), (35, 0)], markers: [(3, .calibrate)])
    }

    static func corrections(_ h: DaemonHarness) -> [SlouchCorrection] {
        h.events.compactMap { if case .slouchCorrected(let c) = $0.payload { c } else { nil } }
    }

    @Test func aCorrectedSlouchGetsTheShortPositiveTapOnTheMotorLine() throws {
        let h = try DaemonHarness(records: Self.answeredSlouch())
        h.run(until: 90)
        let alerts = h.eventTimes(EventName.slouchAlert)
        try #require(alerts.count == 1)
        let corrected = h.eventTimes(EventName.slouchCorrected)
        try #require(corrected.count == 1)
        let c = try #require(Self.corrections(h).first)
        #expect(c.tap == "played")
        #expect(c.afterAlertSeconds > 3 && c.afterAlertSeconds < 30)
        // The slouch pattern after the alert, then one short tap after the correction.
        let nudge = PostureConfiguration().daemon.nudge
        let alertSteps = h.motorTransitions.filter { $0.0 >= alerts[0] && $0.0 < corrected[0] - 0.5 }
        #expect(alertSteps.count == nudge.slouchPattern.stepsMilliseconds.count + 1)
        let tap = h.motorTransitions.filter { $0.0 >= corrected[0] - 0.5 }
        try #require(tap.count == 2)
        #expect(tap[0].1 && !tap[1].1)
        #expect(abs(tap[0].0 - corrected[0]) <= 0.26)
        #expect(abs((tap[1].0 - tap[0].0) * 1000 - Double(nudge.positivePattern.totalMilliseconds)) < 0.01)
        let today = try #require(h.service.stats(days: 1).first?.counters)
        #expect(today.correctedAfterAlert == 1)
        #expect(today.nudgesPlayed == 2)
        #expect(h.service.status().alertsIgnoredInARow == 0)
    }

    @Test func withPositiveFeedbackOffTheCorrectionIsCountedButNoTapPlays() throws {
        var config = PostureConfiguration()
        config.daemon.nudge.positiveFeedback = false
        let h = try DaemonHarness(records: Self.answeredSlouch(), config: config)
        h.run(until: 90)
        let corrected = h.eventTimes(EventName.slouchCorrected)
        try #require(corrected.count == 1)
        #expect(Self.corrections(h).first?.tap == "off")
        #expect(h.motorTransitions.filter { $0.0 >= corrected[0] - 0.5 }.isEmpty)
        #expect(h.service.stats(days: 1).first?.counters.correctedAfterAlert == 1)
    }

    /// An hour of a wearer who ignores every alert: slouched 330 s, upright 30 s, ten times.
    /// Sitting up 300 s after the alert is no answer. Returns buzzes (motor bursts) and the harness.
    static func ignoringHour(backoffAfter: Int) throws -> (bursts: Int, harness: DaemonHarness) {
        var config = PostureConfiguration()
        config.daemon.nudge.backoffAfter = backoffAfter
        // Slouch alerts alone: no sitting nudge in the hour (30 s upright is no break), and
        // 25 Hz keeps the two simulated hours quick.
        config.pipeline.sitting.nudgeAfterSeconds = 7200
        config.daemon.sensor.rateHz = 25
        var segments: [(seconds: Double, pitchDegrees: Double)] = [(10, 0)]
        for _ in 0..<10 { segments += [(330, 30), (30, 0)] }
        let h = try DaemonHarness(records: Motion.records(segments, rateHz: 25, markers: [(3, .calibrate)]), config: config)
        h.run(until: 3620)
        var bursts = 0
        var last = -100.0
        for t in h.motorOnTimes where t > 1 {
            if t - last > 3 { bursts += 1 }
            last = t
        }
        return (bursts, h)
    }

    @Test func anIgnoringWearerGetsFewerBuzzesOverAnHourAndSeesWhy() throws {
        let (plain, p) = try Self.ignoringHour(backoffAfter: 0)
        let (budget, h) = try Self.ignoringHour(backoffAfter: NudgeSettings().backoffAfter)
        // The pipeline asks the same in both: an alert 30 s into each slouch (and its repeats).
        #expect(p.eventTimes(EventName.slouchAlert).count == h.eventTimes(EventName.slouchAlert).count)
        #expect(h.eventTimes(EventName.slouchAlert).count >= 10)
        #expect(Self.corrections(h).isEmpty)  // never answered in time
        // Sitting up for 30 s after each alert shows the reference is right: no shift suggestion.
        #expect(h.eventTimes(EventName.recalibrationSuggested).isEmpty)
        print("ignoring wearer, one hour: \(plain) buzzes without the alert budget, \(budget) with it")
        #expect(plain >= 9)
        #expect(budget >= 3 && budget <= 5, "\(budget) buzzes with the budget, \(plain) without")
        let withheld = h.events.compactMap { if case .alertWithheld(let w) = $0.payload { w } else { nil } }
        let byBudget = withheld.filter { $0.reason == "budget" }
        #expect(byBudget.count >= 4)
        #expect(byBudget.allSatisfy { $0.alert == EventName.slouchAlert && $0.backoffFactor > 1 && $0.ignoredInARow >= 2 })
        let today = try #require(h.service.stats(days: 1).first?.counters)
        #expect(today.alertsBackedOff == byBudget.count)
        let status = h.service.status()
        #expect(status.alertBackoffFactor == 4)
        #expect((status.alertsIgnoredInARow ?? 0) >= 3)
        #expect(p.service.status().alertBackoffFactor == 1)
    }
}
