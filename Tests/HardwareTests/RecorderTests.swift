import I2C
import IMUDrivers
import MockIMU
import PostureCore
import PostureTrace
import SystemSupport
import Testing
import TraceRecording

#if canImport(Glibc)
import Glibc
#endif

struct RecorderRig {
    let clock = ManualClock(startSeconds: 50)
    let bus: MockI2CBus
    let output = MemoryTraceOutput()
    let recorder: TraceRecorder

    init(_ kind: ChipKind = .mpu6050, faults: MockFaultPlan = MockFaultPlan(), motion: MotionSource? = nil) {
        bus = MockI2CBus(clock: clock)
        let m = motion ?? ConstantMotion(accel: SupervisedRig.accel, gyro: SupervisedRig.gyro)
        bus.attach(kind.make(motion: m, noise: true), at: kind.defaultAddress, faults: faults)
        let bus = self.bus, clock = self.clock
        let supervisor = SensorSupervisor(settings: settings(), clock: clock, sleeper: clock) {
            try IMUProbe().openSensor(bus: bus, clock: clock, sleeper: clock)
        }
        recorder = TraceRecorder(supervisor: supervisor, output: output,
                                 metadata: [("rate_hz", "100"), ("sensor", kind.rawValue), ("mounting", "upper back"), ("source", "mock")],
                                 clock: clock)
    }
}

@Suite struct RecorderTests {
    @Test(arguments: ChipKind.allCases)
    func recordsAReadableTraceFasterThanRealTime(kind: ChipKind) throws {
        let rig = RecorderRig(kind)
        var polls = 0
        let summary = try rig.recorder.run(durationSeconds: 10, pollIntervalSeconds: 0.05, sleeper: rig.clock,
                                           markers: { polls += 1; return polls == 40 ? [.calibrate] : polls == 100 ? [.stretch, .ack] : [] },
                                           shouldStop: { false })
        #expect(!summary.stoppedBySignal)
        let trace = try TraceReader.parse(rig.output.text, file: "memory")
        #expect(trace.metadataValue("sensor") == kind.rawValue)
        #expect(trace.rateHz == 100)
        #expect(trace.records.count == summary.samples)
        #expect(trace.records.count > 950 && trace.records.count < 1060)
        #expect(trace.records.first?.sample.timeSeconds == 0)
        #expect(zip(trace.records, trace.records.dropFirst()).allSatisfy { $0.sample.timeSeconds <= $1.sample.timeSeconds })
        #expect(trace.records.allSatisfy { close($0.sample.accelG, SupervisedRig.accel, tolerance: 0.02) })
        let markers = trace.records.compactMap(\.marker)
        #expect(markers == [.calibrate, .stretch, .ack])
        #expect(summary.markers == 3)
        // The calibrate marker sits on a sample from about the 40th poll (2 s in).
        let calibrateTime = trace.records.first { $0.marker == .calibrate }?.sample.timeSeconds ?? 0
        #expect(calibrateTime > 1.5 && calibrateTime < 2.2)
    }

    @Test func textReachesTheOutputPeriodicallyNotOnlyAtTheEnd() throws {
        let rig = RecorderRig()
        try rig.recorder.begin()
        for _ in 0..<60 {   // 3 s
            try rig.recorder.step()
            rig.clock.advance(by: 0.05)
        }
        #expect(rig.output.writes >= 3)
        let partial = try TraceReader.parse(rig.output.text, file: "partial")
        #expect(partial.records.count > 150)   // all but the last second is already out
        try rig.recorder.finish()
        #expect(rig.output.syncs >= 1)
        let whole = try TraceReader.parse(rig.output.text, file: "whole")
        #expect(whole.records.count == rig.recorder.summary.samples)
    }

    @Test func stopRequestEndsTheRecordingWithEverythingWritten() throws {
        let rig = RecorderRig()
        var polls = 0
        let summary = try rig.recorder.run(durationSeconds: nil, pollIntervalSeconds: 0.05, sleeper: rig.clock,
                                           markers: { [] }, shouldStop: { polls += 1; return polls > 30 })
        #expect(summary.stoppedBySignal)
        let trace = try TraceReader.parse(rig.output.text, file: "stopped")
        #expect(trace.records.count == summary.samples)
        #expect(summary.samples > 100)
    }

    @Test func faultsBecomeCommentsAndTheTraceStaysValid() throws {
        var plan = MockFaultPlan()
        plan.disconnectWindows = [52..<54]
        let rig = RecorderRig(faults: plan)
        var faults: [SensorFault] = []
        rig.recorder.onFault = { faults.append($0) }
        let summary = try rig.recorder.run(durationSeconds: 8, pollIntervalSeconds: 0.05, sleeper: rig.clock, markers: { [] }, shouldStop: { false })
        #expect(summary.faults == faults.count)
        #expect(faults.map(\.kind).contains(.disconnected))
        #expect(rig.output.text.contains("# fault at t="))
        #expect(rig.output.text.contains(" disconnected: "))
        let trace = try TraceReader.parse(rig.output.text, file: "faulty")
        #expect(trace.records.count == summary.samples)
        // A gap where the sensor was unplugged.
        let gaps = zip(trace.records, trace.records.dropFirst()).map { $1.sample.timeSeconds - $0.sample.timeSeconds }
        #expect((gaps.max() ?? 0) > 1.5)
    }

    @Test func mockFedByATraceRecordsThatTrace() throws {
        let source = GeneratedMotion(.pitchSweep(amplitudeDegrees: 30, periodSeconds: 2))
        let records = (0..<400).map { i -> TraceRecord in
            let m = source.motion(atSeconds: Double(i) / 100)
            return TraceRecord(sample: IMUSample(timeSeconds: Double(i) / 100, accelG: m.accelG, gyroDegreesPerSecond: m.gyroDegreesPerSecond))
        }
        let input = Trace(metadata: [("rate_hz", "100")], records: records)
        let motion = try #require(TraceMotionSource(trace: input))
        let rig = RecorderRig(.lsm6dso, motion: motion)
        _ = try rig.recorder.run(durationSeconds: 4, pollIntervalSeconds: 0.05, sleeper: rig.clock, markers: { [] }, shouldStop: { false })
        let out = try TraceReader.parse(rig.output.text, file: "out")
        let pitchRates = out.records.map(\.sample.gyroDegreesPerSecond.y)
        #expect((pitchRates.max() ?? 0) > 40)   // 30° over 2 s peaks at 47 °/s
        #expect((pitchRates.min() ?? 0) < -40)
    }

    @Test func typedMarkerLines() {
        #expect(UserAction(typed: "c") == .calibrate)
        #expect(UserAction(typed: " s\n") == .stretch)
        #expect(UserAction(typed: "Z") == .snooze)
        #expect(UserAction(typed: "ack") == .ack)
        #expect(UserAction(typed: "x") == nil)
        #expect(UserAction(typed: "") == nil)
    }

    @Test func fileOutputRefusesToReplaceARecording() throws {
        let path = "/tmp/posture-record-test-\(getpid()).csv"
        defer { unlink(path) }
        let out = try FileTraceOutput(path: path)
        try out.write("# posture-trace v1\nt,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n")
        try out.sync()
        #expect(throws: TraceError.self) { try FileTraceOutput(path: path) }
        let trace = try TraceReader.read(path: path)
        #expect(trace.records.count == 1)
        _ = try FileTraceOutput(path: path, overwrite: true)
        #expect(throws: TraceError.self) { try TraceReader.read(path: path) }   // now empty
    }
}

@Suite struct GeneratedMotionTests {
    @Test func patternsParseAndBehave() throws {
        #expect(GeneratedMotion.parse("wobble") == nil)
        #expect(GeneratedMotion.parse("still:abc") == nil)
        let still = try #require(GeneratedMotion.parse("still:30"))
        let a = still.motion(atSeconds: 5).accelG
        #expect(abs(a.norm - 1) < 1e-12)
        #expect(abs(Vector3.unitZ.angleDegrees(to: a) - 30) < 1e-9)
        // Rotating about x at 90 °/s: after 1 s gravity has turned a quarter turn in y-z.
        let rotate = try #require(GeneratedMotion.parse("rotate:90"))
        let m = rotate.motion(atSeconds: 1)
        #expect(close(m.gyroDegreesPerSecond, Vector3(90, 0, 0), tolerance: 1e-12))
        #expect(abs(m.accelG.z) < 1e-9 && abs(abs(m.accelG.y) - 1) < 1e-9)
        // The sweep's gyro is the derivative of its pitch.
        let sweep = try #require(GeneratedMotion.parse("sweep:40:4"))
        let p0 = Vector3.unitZ.angleDegrees(to: sweep.motion(atSeconds: 0.999).accelG)
        let p1 = Vector3.unitZ.angleDegrees(to: sweep.motion(atSeconds: 1.001).accelG)
        #expect(abs((p1 - p0) / 0.002 - sweep.motion(atSeconds: 1).gyroDegreesPerSecond.y) < 0.01)
    }

    @Test func traceSourceInterpolatesAndLoops() throws {
        let samples = [0.0, 0.1, 0.2].map { IMUSample(timeSeconds: 10 + $0, accelG: Vector3($0, 0, 1), gyroDegreesPerSecond: .zero) }
        // Samples are kept in single precision (memory): compare to 1e-6.
        let looped = try #require(TraceMotionSource(samples: samples, loops: true))
        #expect(abs(looped.motion(atSeconds: 0.05).accelG.x - 0.05) < 1e-6)
        #expect(abs(looped.durationSeconds - 0.3) < 1e-12)
        #expect(abs(looped.motion(atSeconds: 0.35).accelG.x - 0.05) < 1e-6)
        let once = try #require(TraceMotionSource(samples: samples, loops: false))
        #expect(abs(once.motion(atSeconds: 5).accelG.x - 0.2) < 1e-6)
        #expect(TraceMotionSource(samples: []) == nil)
    }
}
