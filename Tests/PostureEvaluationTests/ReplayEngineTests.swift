import PostureConfig
import PostureCore
import PostureTrace
import Testing
import PostureEvaluation

@Suite struct ReplayEngineTests {
    static func syntheticTrace() -> Trace {
        var records: [TraceRecord] = []
        for i in 0..<500 {
            let t = Double(i) * 0.01
            // Tilting slowly forward about the y axis after 2 s.
            let angle = t > 2 ? min(0.5, (t - 2) * 0.2) : 0
            let accel = Vector3(_sin(angle), 0, _cos(angle))
            let gyro = Vector3(0, t > 2 && angle < 0.5 ? 0.2 * 180 / .pi : 0, 0)
            records.append(TraceRecord(sample: IMUSample(timeSeconds: t, accelG: accel, gyroDegreesPerSecond: gyro),
                                       marker: i == 100 ? .calibrate : nil))
        }
        return Trace(metadata: [("rate_hz", "100")], records: records)
    }

    @Test func replayIsByteIdenticalAcrossRuns() {
        let trace = Self.syntheticTrace()
        for emit in ReplayEmit.allCases {
            var a = StringReplayOutput(), b = StringReplayOutput()
            ReplayEngine.run(trace: trace, settings: PostureConfiguration().pipeline, emit: emit, into: &a)
            ReplayEngine.run(trace: trace, settings: PostureConfiguration().pipeline, emit: emit, into: &b)
            #expect(!a.text.isEmpty)
            #expect(a.text == b.text)
        }
    }

    @Test func samplesHaveTheSpecHeaderAndOneRowPerSample() {
        var out = StringReplayOutput()
        ReplayEngine.run(trace: Self.syntheticTrace(), settings: PostureConfiguration().pipeline, emit: .samples, into: &out)
        let lines = out.text.split(separator: "\n")
        #expect(lines.first == "t,up_x,up_y,up_z,tilt_deg,pitch_deg,roll_deg,posture,activity")
        #expect(lines.count == 501)
        // Up is a unit vector on every row.
        for line in lines.dropFirst() {
            let f = line.split(separator: ",")
            let x = Double(f[1]) ?? 9, y = Double(f[2]) ?? 9, z = Double(f[3]) ?? 9
            #expect(abs((x * x + y * y + z * z).squareRoot() - 1) < 1e-3)
        }
    }

    @Test func markerAndPressBothCalibrate() {
        var out = StringReplayOutput()
        let presses = [TimedAction(timeSeconds: 4.0, action: .calibrate)]
        ReplayEngine.run(trace: Self.syntheticTrace(), settings: PostureConfiguration().pipeline, presses: presses,
                         emit: .events, into: &out)
        let calibrations = out.text.split(separator: "\n").filter { $0.contains("\"event\":\"calibrated\"") }
        #expect(calibrations.count == 2)
        #expect(calibrations.first?.hasPrefix("{\"t\":1.000,") == true)
        #expect(calibrations.last?.hasPrefix("{\"t\":4.000,") == true)
    }

    @Test func pressArgumentsParse() {
        #expect(TimedAction(argument: "3.5:calibrate") == TimedAction(timeSeconds: 3.5, action: .calibrate))
        #expect(TimedAction(argument: "0:stretch") == TimedAction(timeSeconds: 0, action: .stretch))
        #expect(TimedAction(argument: "x:calibrate") == nil)
        #expect(TimedAction(argument: "-1:calibrate") == nil)
        #expect(TimedAction(argument: "3:dance") == nil)
        #expect(TimedAction(argument: "3") == nil)
    }
}

#if canImport(Glibc)
import Glibc
private func _sin(_ x: Double) -> Double { Glibc.sin(x) }
private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#endif
