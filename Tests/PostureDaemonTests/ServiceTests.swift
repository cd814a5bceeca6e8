import Foundation
import GPIO
import MockGPIO
import MockIMU
import PostureCoaching
import PostureConfig
import PostureCore
import PostureControl
import PostureDaemon
import Testing

/// The daemon in-process on the mock bus, mock GPIO and a manual clock.
@Suite("Daemon service")
struct ServiceTests {
    /// Calibrated upright at 3 s, slouched 30 degrees from 10 s to 70 s, upright again.
    static func slouchEpisode() -> [(sample: IMUSample, marker: UserAction?)] {
        Motion.records([(10, 0), (60, 30), (30, 0)], markers: [(3, .calibrate)])
    }

    @Test func slouchEpisodePulsesTheMotorInTheSlouchPattern() throws {
        let h = try DaemonHarness(records: Self.slouchEpisode())
        h.run(until: 100)
        let alerts = h.eventTimes(EventName.slouchAlert)
        try #require(alerts.count == 1)
        // Slouching starts at about 11 s (the ramp crosses 15 deg): the alert comes 30 s later.
        #expect(alerts[0] > 41 && alerts[0] < 48)
        // (Sitting up at 70 s answers the alert: the positive tap follows later.)
        let transitions = h.motorTransitions.filter { $0.0 > 1 && $0.0 < alerts[0] + 5 }
        let pattern = PostureConfiguration().daemon.nudge.slouchPattern.stepsMilliseconds
        try #require(transitions.count == pattern.count + 1)
        // The motor starts within one batch read (250 ms) of the alert's sample.
        #expect(transitions[0].1 && transitions[0].0 >= alerts[0] && transitions[0].0 - alerts[0] <= 0.26)
        for i in 0..<pattern.count {
            #expect(transitions[i].1 == (i % 2 == 0))
            let ms = (transitions[i + 1].0 - transitions[i].0) * 1000
            #expect(abs(ms - Double(pattern[i])) < 0.01, "step \(i): \(ms) ms")
        }
        #expect(transitions.last?.1 == false)
        #expect(h.names().contains(EventName.calibrated))
    }

    @Test func snoozeSuppressesTheSlouchNudge() throws {
        let h = try DaemonHarness(records: Self.slouchEpisode())
        h.run(until: 5)
        let r = h.service.handle(.snooze(seconds: 1800))
        #expect(r.ok)
        #expect(r.status?.snoozeRemainingSeconds == 1800)
        h.run(until: 100)
        #expect(h.eventTimes(EventName.slouchAlert).count == 1)
        #expect(h.motorOnTimes.isEmpty)
        let today = h.service.stats(days: 1)
        #expect(today.first?.counters.nudgesSuppressed == 1)
        #expect(today.first?.counters.nudgesPlayed == 0)
    }

    @Test func longButtonPressCalibrates() throws {
        // No calibrate marker: the wearer presses the button at 5 s for 2 s.
        let h = try DaemonHarness(records: Motion.records([(20, 0)]))
        h.run(until: 4)
        #expect(!h.service.pipeline.state.isCalibrated)
        h.gpio.injectPress(offset: DaemonHarness.buttonLine, atSeconds: h.origin + 5, durationSeconds: 2,
                           chatter: MockGPIOChatter(bounces: 3, intervalSeconds: 0.002))
        h.run(until: 10)
        #expect(h.service.pipeline.state.isCalibrated)
        let calibrated = h.eventTimes(EventName.calibrated)
        try #require(calibrated.count == 1)
        // Long press = 1.5 s held: calibrated at the next sample after 6.5 s.
        #expect(calibrated[0] >= 6.5 && calibrated[0] < 6.8)
    }

    @Test func shortPressAfterAnAlertAcknowledgesItAndOtherwiseSnoozes() throws {
        let h = try DaemonHarness(records: Self.slouchEpisode())
        h.run(until: 20)
        h.gpio.injectPress(offset: DaemonHarness.buttonLine, atSeconds: h.origin + 20, durationSeconds: 0.1)
        h.run(until: 22)
        #expect(h.service.nudger.isSnoozed(wall: h.clock.wallSeconds))
        _ = h.service.handle(.snooze(seconds: 0))
        h.run(until: 47)
        // One slouch pattern: two pulses.
        #expect(h.motorOnTimes.count == 2)
        let ack = h.service.handle(.ack)
        #expect(ack.ok)
        #expect(!h.service.nudger.isSnoozed(wall: h.clock.wallSeconds))
    }

    @Test func disconnectGivesAFaultThenRecoveryAndNoFalseNudges() throws {
        var faults = MockFaultPlan()
        faults.disconnectWindows = [30..<36]
        // Upright all along: any nudge would be false.
        let h = try DaemonHarness(records: Motion.records([(80, 0)], markers: [(3, .calibrate)]), faults: faults)
        h.run(until: 32)
        #expect(h.service.health.isFault)
        #expect(h.service.status().sensor.state == "fault")
        h.run(until: 80)
        let faultKinds = h.events.filter { $0.name == EventName.fault }.compactMap { $0["kind"]?.stringValue }
        try #require(!faultKinds.isEmpty)
        #expect(faultKinds.first == "bus_error")
        #expect(faultKinds.contains("disconnected") && faultKinds.contains("reconnected"))
        let recovered = h.eventTimes("sensor_recovered")
        try #require(recovered.count == 1)
        #expect(recovered[0] >= 36 && recovered[0] < 45)
        #expect(h.service.health == .ok)
        #expect(h.motorOnTimes.isEmpty)
        #expect(!h.names().contains(EventName.slouchAlert))
        #expect(!h.names().contains(EventName.jerk) && !h.names().contains(EventName.bounce))
        // Samples keep arriving after recovery.
        #expect((h.service.status().sensor.lastSampleAgeSeconds ?? 99) < 0.5)
    }

    @Test func holdTargetIsSignalledWhileStillHolding() throws {
        // A stretch session from 8 s; a forward bend held from about 12 s to 45 s.
        let records = Motion.records([(10, 0), (35, 40), (15, 0)], markers: [(3, .calibrate), (8, .stretch)])
        let h = try DaemonHarness(records: records)
        h.run(until: 60)
        let starts = h.eventTimes(EventName.holdStart)
        let ends = h.eventTimes(EventName.holdEnd)
        try #require(starts.count == 1 && ends.count == 1)
        let target = PostureConfiguration().pipeline.stretch.holdTargetSeconds
        let pattern = PostureConfiguration().daemon.nudge.holdTargetPattern.stepsMilliseconds
        let pulses = h.motorOnTimes
        // Three short ticks once the target is reached, before the release; none after it.
        #expect(pulses.count == (pattern.count + 1) / 2)
        let first = try #require(pulses.first)
        #expect(first >= starts[0] + target && first < starts[0] + target + 0.3)
        #expect(first < ends[0])
        #expect(h.events.first { $0.name == EventName.holdEnd }?["target_met"]?.boolValue == true)
    }

    @Test func motorVibrationMarksSamplesDisturbed() throws {
        let h = try DaemonHarness(records: Self.slouchEpisode())
        h.run(until: 100)
        let on = try #require(h.motorOnTimes.first)
        let settle = Double(PostureConfiguration().daemon.nudge.settleMilliseconds) / 1000
        let total = Double(PostureConfiguration().daemon.nudge.slouchPattern.totalMilliseconds) / 1000
        let start = on + h.origin
        #expect(h.service.vibration.isDisturbed(at: start + 0.01))
        #expect(h.service.vibration.isDisturbed(at: start + total + settle - 0.01))
        #expect(!h.service.vibration.isDisturbed(at: start + total + settle + 0.01))
    }
}

@Suite("Data-ready line")
struct DataReadyTests {
    @Test func readsFollowTheInterruptLineAndFallBackToTheTimer() throws {
        var config = PostureConfiguration()
        config.daemon.sensor.dataReadyLine = 4
        let h = try DaemonHarness(records: Motion.records([(30, 0)]), config: config, dataReadyLine: 4)
        // The chip raises INT every 0.5 s for 10 s (FIFO watermark), then never again.
        for i in 0..<20 {
            let t = h.origin + 0.5 * Double(i) + 0.01
            h.gpio.injectLevel(offset: 4, high: true, atSeconds: t)
            h.gpio.injectLevel(offset: 4, high: false, atSeconds: t + 0.001)
        }
        h.run(until: 10)
        let withEdges = h.service.sampleCount
        #expect(withEdges > 900)
        #expect(!h.sink.lines.contains { $0.contains("sensor.data_ready") })
        h.run(until: 20)
        // Without edges the timer keeps samples coming (late by one interval) and the wearer is told why.
        #expect(h.service.sampleCount > withEdges + 900)
        #expect(h.service.health == .ok)
        #expect(h.sink.lines.contains { $0.hasPrefix("<4>sensor.data_ready: no edges on line 4") })
    }
}

extension SensorHealth {
    var isFault: Bool { if case .fault = self { return true }; return false }
}
