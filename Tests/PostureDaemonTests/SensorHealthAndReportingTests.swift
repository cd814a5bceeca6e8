import PostureControl
import PosturePipeline
import Testing
@testable import PostureDaemon

@Suite("Sensor health tracking")
struct SensorHealthTrackerTests {
    @Test func startsThenOkThenStallsThenRecovers() {
        var t = SensorHealthTracker(startSeconds: 100)
        #expect(t.health == .starting)
        // Silent, but not yet long enough.
        let ok1: Bool = t.noteEmptyRead(now: 101, stallTimeoutSeconds: 2) == nil
        #expect(ok1)
        #expect(t.health == .starting)
        let ok2: Bool = t.noteSamples(now: 101.5) == nil
        #expect(ok2)
        t.delivered(25, now: 101.5)
        #expect(t.health == .ok && t.sampleCount == 25 && t.lastSampleSeconds == 101.5)
        let ok3: Bool = t.noteEmptyRead(now: 103, stallTimeoutSeconds: 2) == nil
        #expect(ok3)
        let silent = t.noteEmptyRead(now: 104, stallTimeoutSeconds: 2)
        #expect(silent == 2.5)
        #expect(t.health == .stalled(since: 104) && t.faultCount == 1)
        // Still stalled: not a second stall.
        let ok4: Bool = t.noteEmptyRead(now: 110, stallTimeoutSeconds: 2) == nil && t.faultCount == 1
        #expect(ok4)
        #expect(t.detail(now: 110) == "no samples for 6.0 s")
        let ok5: Bool = t.noteSamples(now: 114) == 10
        #expect(ok5)
        #expect(t.health == .ok && t.detail(now: 114) == nil)
    }

    @Test func aStallWithoutAnySampleIsMeasuredFromTheStart() {
        var t = SensorHealthTracker(startSeconds: 50)
        let ok6: Bool = t.noteEmptyRead(now: 51.9, stallTimeoutSeconds: 2) == nil
        #expect(ok6)
        let ok7: Bool = t.noteEmptyRead(now: 52, stallTimeoutSeconds: 2) == 2
        #expect(ok7)
    }

    @Test func lostSensorIsAFaultStateOtherFaultsAreOnlyCounted() {
        var t = SensorHealthTracker(startSeconds: 0)
        _ = t.noteSamples(now: 1)
        let ok8: Bool = !t.noteFault(losesSensor: false, detail: "FIFO overflow", now: 2)
        #expect(ok8)
        #expect(t.health == .ok && t.faultCount == 1)
        let ok9: Bool = t.noteFault(losesSensor: true, detail: "unplugged", now: 3)
        #expect(ok9)
        #expect(t.health == .fault(detail: "unplugged", since: 3))
        // Already in fault: counted, the state (and its start) kept.
        let ok10: Bool = !t.noteFault(losesSensor: true, detail: "still gone", now: 4)
        #expect(ok10)
        #expect(t.health == .fault(detail: "unplugged", since: 3) && t.faultCount == 3)
        #expect(t.detail(now: 15) == "unplugged (for 12 s)")
        // A faulty sensor is not also stalled.
        let ok11: Bool = t.noteEmptyRead(now: 20, stallTimeoutSeconds: 2) == nil
        #expect(ok11)
        let ok12: Bool = t.noteSamples(now: 21) == 18
        #expect(ok12)
        #expect(t.health == .ok)
    }

    @Test func missingDataReadyEdgesAreQuestionedOnceAfterEightReads() {
        var t = SensorHealthTracker(startSeconds: 0)
        // Not while starting or faulty: no edges are expected then.
        for _ in 0..<10 { let ok = !t.noteDataReadyRead(edgeSeen: false); #expect(ok) }
        _ = t.noteSamples(now: 1)
        let warnings = (0..<20).map { _ in t.noteDataReadyRead(edgeSeen: false) }
        #expect(warnings.firstIndex(of: true) == SensorHealthTracker.readsWithoutEdgeBeforeWarning - 1)
        #expect(warnings.filter { $0 }.count == 1)
        // An edge resets the count.
        let ok13: Bool = !t.noteDataReadyRead(edgeSeen: true)
        #expect(ok13)
        let again = (0..<8).map { _ in t.noteDataReadyRead(edgeSeen: false) }
        #expect(again.last == true)
    }
}

@Suite("Status and watchdog reporting")
struct ServiceReporterTests {
    @Test func readyOnceWhenSamplesArriveOrAfterThirtySeconds() {
        var r = ServiceReporter(startSeconds: 10, watchdogIntervalSeconds: nil)
        #expect(r.readyDeadline == 40)
        let ok14: Bool = r.readyAnyway(now: 39.9, health: .starting) == nil
        #expect(ok14)
        let ok15: Bool = r.samplesArrived(sensorName: "MPU-6050 at 0x68") == "READY=1\nSTATUS=running: MPU-6050 at 0x68"
        #expect(ok15)
        let ok16: Bool = r.samplesArrived(sensorName: "MPU-6050 at 0x68") == nil
        #expect(ok16)
        let ok17: Bool = r.readyAnyway(now: 50, health: .ok) == nil
        #expect(ok17)
        #expect(r.readyDeadline == nil)

        var waiting = ServiceReporter(startSeconds: 10, watchdogIntervalSeconds: nil)
        let ok18: Bool = waiting.readyAnyway(now: 40, health: .fault(detail: "x", since: 10)) == "READY=1\nSTATUS=waiting for the sensor: fault"
        #expect(ok18)
        let ok19: Bool = waiting.readyAnyway(now: 41, health: .fault(detail: "x", since: 10)) == nil
        #expect(ok19)
        let ok20: Bool = waiting.samplesArrived(sensorName: "chip") == nil
        #expect(ok20)
    }

    @Test func watchdogPingsNeedProgressAndStopWhenStalled() {
        var none = ServiceReporter(startSeconds: 0, watchdogIntervalSeconds: nil)
        none.progressed()
        let ok21: Bool = none.watchdogPing(now: 5, health: .ok) == nil
        #expect(ok21)

        var r = ServiceReporter(startSeconds: 0, watchdogIntervalSeconds: 1)
        #expect(r.watchdogPing(now: 1, health: .ok) == nil)  // no progress yet
        r.progressed()
        let ok22: Bool = r.watchdogPing(now: 1, health: .ok) == "WATCHDOG=1"
        #expect(ok22)
        r.progressed()
        #expect(r.watchdogPing(now: 1.5, health: .ok) == nil)  // within the interval
        let ok23: Bool = r.watchdogPing(now: 2, health: .ok) == "WATCHDOG=1"
        #expect(ok23)
        r.progressed()
        let ok24: Bool = r.watchdogPing(now: 5, health: .stalled(since: 3)) == nil
        #expect(ok24)
        #expect(r.watchdogPing(now: 6, health: .ok) == "WATCHDOG=1")  // the progress is still owed
    }

    @Test func statusLineOnlyWhenItChanges() {
        var r = ServiceReporter(startSeconds: 0, watchdogIntervalSeconds: nil)
        var s = SampleState()
        let ok25: Bool = r.statusLine(s, snoozed: false) == "STATUS=unknown, unknown (not calibrated)"
        #expect(ok25)
        let ok26: Bool = r.statusLine(s, snoozed: false) == nil
        #expect(ok26)
        s.isCalibrated = true
        s.posture = .slouched
        s.activity = .sitting
        let ok27: Bool = r.statusLine(s, snoozed: true) == "STATUS=slouched, sitting, snoozed"
        #expect(ok27)
        let ok28: Bool = r.statusLine(s, snoozed: true) == nil
        #expect(ok28)
    }

    @Test func statusReportFromThePartsItIsMadeOf() {
        var sensor = SensorHealthTracker(startSeconds: 100)
        _ = sensor.noteSamples(now: 101)
        sensor.delivered(300, now: 101)
        _ = sensor.noteFault(losesSensor: true, detail: "bus error", now: 102)
        let snapshot = PosturePipeline(settings: PipelineSettings()).snapshot
        let report = ServiceReporter.statusReport(
            snapshot: snapshot, sensor: sensor, sensorName: "LSM6DSO at 0x6a", now: 105.04, wall: 1000,
            startSeconds: 100, snoozeUntilWall: 1090, quietHoursNow: true, simulated: true)
        #expect(report.calibrated == false && report.posture == "unknown")
        #expect(report.snoozeUntil == 1090 && report.snoozeRemainingSeconds == 90)
        #expect(report.quietHoursNow && report.mock)
        #expect(report.uptimeSeconds == 5)
        #expect(report.sensor == SensorReport(chip: "LSM6DSO at 0x6a", state: "fault", detail: "bus error (for 3.0 s)",
                                              samples: 300, lastSampleAgeSeconds: 4, faults: 1))
        // A snooze that has ended is not reported.
        let later = ServiceReporter.statusReport(
            snapshot: snapshot, sensor: sensor, sensorName: "x", now: 105, wall: 1090, startSeconds: 100,
            snoozeUntilWall: 1090, quietHoursNow: false, simulated: false)
        #expect(later.snoozeUntil == nil && later.snoozeRemainingSeconds == nil && !later.mock)
    }
}
