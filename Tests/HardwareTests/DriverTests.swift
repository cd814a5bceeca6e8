import I2C
import IMUDrivers
import MockIMU
import PostureCore
import Testing

@Suite struct ConfigurationTests {
    @Test func mpu6050RegistersHoldTheSettings() throws {
        let rig = try Rig(.mpu6050)
        try rig.sensor.start(settings: settings(rateHz: 100, accelG: 4, gyroDPS: 500, lowPassHz: 44))
        let chip = try #require(rig.chip as? MockMPU)
        #expect(chip.register(0x6B) == 0x01)   // awake, PLL clock
        #expect(chip.register(0x19) == 9)      // 1 kHz / (1 + 9) = 100 Hz
        #expect(chip.register(0x1A) == 3)      // DLPF 44 Hz
        #expect(chip.register(0x1B) == 0x08)   // ±500 °/s
        #expect(chip.register(0x1C) == 0x08)   // ±4 g
        #expect(chip.register(0x23) == 0x78)   // gyro xyz + accel into the FIFO
        #expect(chip.register(0x6A) == 0x40)   // FIFO enabled
        #expect(rig.sensor.appliedSettings == AppliedIMUSettings(sampleRateHz: 100, accelRangeG: 4, gyroRangeDegreesPerSecond: 500, lowPassHz: 44, usesFIFO: true))
        #expect(try rig.sensor.verifyConfiguration())
    }

    @Test func mpu6500UsesAccelConfig2AndStopWhenFull() throws {
        let rig = try Rig(.mpu6500)
        try rig.sensor.start(settings: settings(rateHz: 200, accelG: 16, gyroDPS: 2000, lowPassHz: 20))
        let chip = try #require(rig.chip as? MockMPU)
        #expect(chip.register(0x19) == 4)      // 200 Hz
        #expect(chip.register(0x1A) == 0x44)   // FIFO_MODE | DLPF 20 Hz
        #expect(chip.register(0x1B) == 0x18)
        #expect(chip.register(0x1C) == 0x18)
        #expect(chip.register(0x1D) == 4)      // A_DLPF 21.2 Hz
        #expect(rig.sensor.appliedSettings?.lowPassHz == 21.2)
    }

    @Test func nearestSupportedValuesAreChosen() throws {
        let rig = try Rig(.mpu6050)
        try rig.sensor.start(settings: settings(rateHz: 333, accelG: 5, gyroDPS: 900, lowPassHz: 70))
        let applied = try #require(rig.sensor.appliedSettings)
        #expect(applied.sampleRateHz == 1000.0 / 3)
        #expect(applied.accelRangeG == 4)
        #expect(applied.gyroRangeDegreesPerSecond == 1000)
        #expect(applied.lowPassHz == 94)
    }

    @Test func lsm6ds3Registers() throws {
        let rig = try Rig(.lsm6ds3)
        try rig.sensor.start(settings: settings(rateHz: 100, accelG: 4, gyroDPS: 500, lowPassHz: 44))
        let chip = try #require(rig.chip as? MockLSM6DS)
        #expect(chip.register(0x10) == 0x4B)   // 104 Hz, ±4 g, BW_XL 50 Hz
        #expect(chip.register(0x11) == 0x44)   // 104 Hz, ±500 °/s
        #expect(chip.register(0x12) == 0x44)   // BDU, IF_INC
        #expect(chip.register(0x13) == 0x80)   // XL_BW_SCAL_ODR
        #expect(chip.register(0x08) == 0x09)   // no decimation
        #expect(chip.register(0x0A) == 0x26)   // FIFO ODR 104 Hz, continuous
        #expect(rig.sensor.appliedSettings?.sampleRateHz == 104)
    }

    @Test func lsm6dsoRegisters() throws {
        let rig = try Rig(.lsm6dso)
        try rig.sensor.start(settings: settings(rateHz: 52, accelG: 8, gyroDPS: 250, lowPassHz: 5))
        let chip = try #require(rig.chip as? MockLSM6DS)
        #expect(chip.register(0x10) == 0x3E)   // 52 Hz, ±8 g, LPF2 on
        #expect(chip.register(0x17) == 0x20)   // HPCF_XL 001: ODR/10
        #expect(chip.register(0x11) == 0x30)   // 52 Hz, ±250 °/s
        #expect(chip.register(0x09) == 0x33)   // BDR gyro and accel 52 Hz
        #expect(chip.register(0x0A) == 0x06)   // continuous
        #expect(rig.sensor.appliedSettings?.lowPassHz == 5.2)
    }

    @Test func resetRestoresDefaultsAndSleepStopsData() throws {
        let rig = try Rig(.mpu6050)
        try rig.sensor.start(settings: settings())
        let chip = try #require(rig.chip as? MockMPU)
        let device = try rig.bus.device(at: 0x68)
        try device.writeByte(register: 0x6B, value: 0x80)
        #expect(chip.register(0x1B) == 0 && chip.register(0x6B) == 0x40)
        #expect(try rig.sensor.verifyConfiguration() == false)
        let before = chip.samplesGenerated
        rig.clock.advance(by: 1)
        _ = try device.readByte(register: 0x75)
        #expect(chip.samplesGenerated == before)   // asleep: no data
    }
}

@Suite struct ReadingTests {
    static let accelIn = Vector3(0.5, -0.25, 0.8)
    static let gyroIn = Vector3(12.5, -30, 100)

    /// LSB size at a range, so the tolerance is one count.
    static func accelLSB(_ kind: ChipKind, rangeG: Int) -> Double {
        kind.isST ? 0.061e-3 * Double(rangeG) / 2 : Double(rangeG) / 32768
    }
    static func gyroLSB(_ kind: ChipKind, rangeDPS: Int) -> Double {
        kind.isST ? [250: 8.75e-3, 500: 17.5e-3, 1000: 35e-3, 2000: 70e-3][rangeDPS] ?? 1 : 1 / ([250: 131.0, 500: 65.5, 1000: 32.8, 2000: 16.4][rangeDPS] ?? 1)
    }

    @Test(arguments: ChipKind.allCases, [(2, 250, 50.0), (4, 500, 100.0), (8, 1000, 200.0), (16, 2000, 400.0)])
    func knownMotionComesOutInUnits(kind: ChipKind, config: (Int, Int, Double)) throws {
        let (rangeG, rangeDPS, rate) = config
        for fifo in [true, false] {
            let rig = try Rig(kind)
            try rig.sensor.start(settings: settings(rateHz: rate, accelG: rangeG, gyroDPS: rangeDPS, fifo: fifo))
            let applied = try #require(rig.sensor.appliedSettings)
            // Burst reads need polling faster than the data rate.
            let (samples, reports) = try rig.run(seconds: 2, pollSeconds: fifo ? 0.05 : 0.5 / applied.sampleRateHz)
            let expected = 2 * applied.sampleRateHz
            #expect(Double(samples.count) > expected * 0.95 && Double(samples.count) < expected * 1.05,
                    "\(kind) \(fifo ? "FIFO" : "burst") \(rate) Hz: \(samples.count) samples, expected about \(expected)")
            #expect(reports.allSatisfy { !$0.fifoOverflowed && $0.droppedSamples == 0 })
            let accelTol = Self.accelLSB(kind, rangeG: rangeG) * 1.01
            let gyroTol = Self.gyroLSB(kind, rangeDPS: rangeDPS) * 1.01 + 1e-9
            let bad = samples.filter { !close($0.accelG, Self.accelIn, tolerance: accelTol) || !close($0.gyroDegreesPerSecond, Self.gyroIn, tolerance: gyroTol) }
            #expect(bad.isEmpty, "\(kind) \(fifo ? "FIFO" : "burst"): \(bad.first.map { "\($0.accelG) \($0.gyroDegreesPerSecond)" } ?? "")")
            #expect(isNonDecreasing(samples))
            if fifo, samples.count > 2 {
                // Batches are spaced at the sample interval.
                let dt = samples[1].timeSeconds - samples[0].timeSeconds
                #expect(abs(dt - 1 / applied.sampleRateHz) < 1e-9)
            }
        }
    }

    @Test(arguments: ChipKind.allCases)
    func traceDrivenMotionIsReproduced(kind: ChipKind) throws {
        // A 1 Hz pitch sweep recorded at 100 Hz, replayed through the chip.
        let source = GeneratedMotion(.pitchSweep(amplitudeDegrees: 40, periodSeconds: 1))
        let recorded = (0..<100).map { i -> IMUSample in
            let t = Double(i) / 100
            let m = source.motion(atSeconds: t)
            return IMUSample(timeSeconds: t, accelG: m.accelG, gyroDegreesPerSecond: m.gyroDegreesPerSecond)
        }
        let trace = try #require(TraceMotionSource(samples: recorded, loops: true))
        let rig = try Rig(kind, motion: trace)
        try rig.sensor.start(settings: settings(rateHz: 100, accelG: 2, gyroDPS: 250))
        let (samples, _) = try rig.run(seconds: 3)
        #expect(samples.count > 280)
        // Each sample matches the trace at its timestamp, within the one-sample latency
        // between the chip taking it and the driver reading it.
        let worst = samples.map { s in (s.accelG - trace.motion(atSeconds: s.timeSeconds).accelG).norm }.max() ?? 1
        #expect(worst < 0.03)
        let pitchRates = samples.map(\.gyroDegreesPerSecond.y)
        #expect((pitchRates.max() ?? 0) > 55 && (pitchRates.min() ?? 0) < -55)   // 40° at 1 Hz peaks at 62.8 °/s
    }

    @Test(arguments: ChipKind.allCases)
    func slowBurstPollingCountsMissedSamples(kind: ChipKind) throws {
        let rig = try Rig(kind)
        try rig.sensor.start(settings: settings(rateHz: 100, fifo: false))
        let (samples, reports) = try rig.run(seconds: 1, pollSeconds: 0.05)
        #expect(samples.count == 20)
        let missed = reports.reduce(0) { $0 + $1.droppedSamples }
        #expect(missed > 70 && missed < 90, "\(missed)")
    }

    @Test(arguments: ChipKind.allCases)
    func saturationIsReported(kind: ChipKind) throws {
        var faults = MockFaultPlan()
        faults.saturationWindows = [100.5..<101]
        let rig = try Rig(kind, faults: faults)
        try rig.sensor.start(settings: settings(rateHz: 100, accelG: 2, gyroDPS: 250))
        let (samples, reports) = try rig.run(seconds: 1.5)
        #expect(reports.reduce(0) { $0 + $1.saturatedSamples } > 20)
        let peak = samples.map { abs($0.accelG.x) }.max() ?? 0
        #expect(peak > 1.99 && peak < 2.01)   // clipped at full scale, not wrapped
    }
}

@Suite struct FIFOOverflowTests {
    @Test(arguments: ChipKind.allCases)
    func overflowIsDetectedFlushedReportedAndReadingResumes(kind: ChipKind) throws {
        let rig = try Rig(kind)
        try rig.sensor.start(settings: settings(rateHz: 100))
        var samples: [IMUSample] = []
        rig.clock.advance(by: 60)   // nobody reads for a minute: every FIFO overflows
        let report = try rig.sensor.readAvailable(into: &samples)
        #expect(report.fifoOverflowed)
        #expect(report.droppedSamples > 1000)
        #expect(samples.isEmpty)
        let (after, reports) = try rig.run(seconds: 1)
        #expect(reports.allSatisfy { !$0.fifoOverflowed })
        #expect(after.count > 95 && after.count < 110)
        #expect(after.allSatisfy { close($0.accelG, ReadingTests.accelIn, tolerance: 0.002) })
    }

    @Test(arguments: ChipKind.allCases)
    func injectedOverflowIsRecovered(kind: ChipKind) throws {
        var faults = MockFaultPlan()
        faults.fifoOverflowTimes = [100.52]
        let rig = try Rig(kind, faults: faults)
        try rig.sensor.start(settings: settings())
        let (samples, reports) = try rig.run(seconds: 2)
        #expect(reports.filter(\.fifoOverflowed).count == 1)
        #expect(samples.count > 140)
        #expect(samples.allSatisfy { close($0.accelG, ReadingTests.accelIn, tolerance: 0.002) && close($0.gyroDegreesPerSecond, ReadingTests.gyroIn, tolerance: 0.1) })
    }

    @Test(arguments: ChipKind.allCases, [false, true])
    func brokenTransfersNeverMixSamples(kind: ChipKind, partial: Bool) throws {
        var faults = MockFaultPlan()
        if partial { faults.partialReadProbability = 0.2 } else { faults.noAcknowledgeProbability = 0.15 }
        faults.seed = 7
        let rig = try Rig(kind, faults: faults)
        var started = false
        for _ in 0..<20 where !started {
            do { try rig.sensor.start(settings: settings()); started = true } catch {}
        }
        try #require(started)
        var samples: [IMUSample] = []
        var errors = 0
        var realigned = 0
        for _ in 0..<400 {
            rig.clock.advance(by: 0.02)
            do {
                let r = try rig.sensor.readAvailable(into: &samples)
                if r.droppedSamples > 0 { realigned += 1 }
            } catch let e as I2CError {
                #expect(e.kind == (partial ? .ioError : .noAcknowledge))
                errors += 1
            }
        }
        #expect(errors > 10)
        if partial && kind != .lsm6dso {
            // Untagged FIFOs lose frame alignment when a transfer breaks: it was noticed.
            #expect(realigned > 0)
        }
        #expect(samples.count > 400)
        // Every delivered sample is whole: a misaligned frame would scramble the axes.
        #expect(samples.allSatisfy { close($0.accelG, ReadingTests.accelIn, tolerance: 0.002) && close($0.gyroDegreesPerSecond, ReadingTests.gyroIn, tolerance: 0.1) })
        #expect(isNonDecreasing(samples))
    }
}
