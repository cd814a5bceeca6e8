import I2C
import IMUDrivers
import MockIMU
import PostureCore
import Testing

/// The chip's INT pin as the mock reports it: level changes in bus-clock seconds.
final class InterruptPin {
    private(set) var changes: [(timeSeconds: Double, high: Bool)] = []
    private(set) var risingTimes: [Double] = []

    func attach(to chip: MockIMUChip) {
        chip.onInterruptLevel = { [unowned self] t, high in
            if high && !(changes.last?.high ?? false) { risingTimes.append(t) }
            changes.append((t, high))
        }
    }
}

extension Rig {
    /// Lets `seconds` pass in `stepSeconds` steps with no transfer but the chip running, as a
    /// reader blocked on the INT line would; `onRise` runs after each step in which INT rose.
    func waitOnInterrupt(_ pin: InterruptPin, seconds: Double, stepSeconds: Double = 0.001,
                         onRise: () throws -> Void = {}) rethrows {
        let end = clock.now + seconds
        while clock.now < end - 1e-9 {
            let before = pin.risingTimes.count
            clock.advance(by: stepSeconds)
            bus.advanceChips()
            if pin.risingTimes.count > before { try onRise() }
        }
    }
}

@Suite struct InterruptConfigurationTests {
    static func startST(_ kind: ChipKind, rateHz: Double, batchSeconds: Double) throws -> (Rig, MockLSM6DS) {
        let rig = try Rig(kind)
        var s = settings(rateHz: rateHz)
        s.batchIntervalSeconds = batchSeconds
        try rig.sensor.start(settings: s)
        return (rig, try #require(rig.chip as? MockLSM6DS))
    }

    /// At 104 Hz a 0.25 s batch is 26 samples: 156 untagged words, 52 tagged words.
    @Test(arguments: [(ChipKind.lsm6ds3, 0x06 as UInt8, 156), (.lsm6dsl, 0x06, 156), (.lsm6dso, 0x07, 52)])
    func stFIFOGetsTheBatchAsWatermarkOnINT1(kind: ChipKind, watermarkRegister: UInt8, words: Int) throws {
        let (rig, chip) = try Self.startST(kind, rateHz: 104, batchSeconds: 0.25)
        #expect(chip.register(0x0D) == 0x08)   // INT1_FTH / INT1_FIFO_TH only
        #expect(chip.register(watermarkRegister) == UInt8(words))
        #expect(chip.register(watermarkRegister + 1) == 0)
        #expect(chip.register(0x12) == 0x44)   // BDU | IF_INC; H_LACTIVE and PP_OD stay 0
        #expect(rig.sensor.appliedSettings?.samplesPerInterrupt == 26)
        #expect(try rig.sensor.verifyConfiguration())
    }

    /// A long batch at a high rate is clamped to half the FIFO, in whole samples, and the high
    /// watermark bits land in FIFO_CTRL2 within their field.
    @Test(arguments: [(ChipKind.lsm6ds3, 0x06 as UInt8, 341), (.lsm6dsl, 0x06, 170), (.lsm6dso, 0x07, 128)])
    func watermarkIsClampedToHalfTheFIFO(kind: ChipKind, watermarkRegister: UInt8, samples: Int) throws {
        let (rig, chip) = try Self.startST(kind, rateHz: 833, batchSeconds: 1)
        let words = samples * (kind == .lsm6dso ? 2 : 6)
        let written = Int(chip.register(watermarkRegister)) | Int(chip.register(watermarkRegister + 1)) << 8
        #expect(written == words)
        #expect(rig.sensor.appliedSettings?.samplesPerInterrupt == samples)
    }

    /// Out-of-range intervals still give a watermark between one sample and half the FIFO.
    @Test(arguments: [(0.0, 1), (-5, 1), (.nan, 1), (.infinity, 128), (1e300, 128), (0.001, 1)])
    func anyBatchIntervalGivesAValidWatermark(batchSeconds: Double, samples: Int) throws {
        let (rig, chip) = try Self.startST(.lsm6dso, rateHz: 833, batchSeconds: batchSeconds)
        #expect(rig.sensor.appliedSettings?.samplesPerInterrupt == samples)
        #expect(Int(chip.register(0x07)) | Int(chip.register(0x08)) << 8 == samples * 2)
    }

    @Test(arguments: [ChipKind.lsm6ds3, .lsm6dsl, .lsm6dso])
    func stWithoutFIFORoutesDataReady(kind: ChipKind) throws {
        let rig = try Rig(kind)
        try rig.sensor.start(settings: settings(rateHz: 104, fifo: false))
        let chip = try #require(rig.chip as? MockLSM6DS)
        #expect(chip.register(0x0D) == 0x03)   // INT1_DRDY_XL | INT1_DRDY_G
        #expect(rig.sensor.appliedSettings?.samplesPerInterrupt == 1)
    }

    @Test(arguments: [ChipKind.mpu6050, .mpu6500, .mpu9250, .mpu9255])
    func mpuPulsesActiveHighPushPullOnDataReady(kind: ChipKind) throws {
        let rig = try Rig(kind)
        try rig.sensor.start(settings: settings())
        let chip = try #require(rig.chip as? MockMPU)
        #expect(chip.register(0x37) == 0x00)   // active high, push-pull, 50 us pulse
        #expect(chip.register(0x38) == 0x11)   // DATA_RDY_EN | FIFO_OFLOW_EN
        #expect(rig.sensor.appliedSettings?.samplesPerInterrupt == 1)
    }

    @Test(arguments: [(ChipKind.lsm6dso, 0x0D as UInt8), (.mpu6050, 0x38)])
    func losingTheInterruptRoutingFailsVerification(kind: ChipKind, register: UInt8) throws {
        let rig = try Rig(kind)
        try rig.sensor.start(settings: settings())
        try rig.bus.device(at: kind.defaultAddress).writeByte(register: register, value: 0)
        #expect(try rig.sensor.verifyConfiguration() == false)
    }
}

@Suite struct MockInterruptTests {
    /// Reading on every rising edge: one edge per batch, each batch exactly the watermark.
    @Test(arguments: [ChipKind.lsm6ds3, .lsm6dsl, .lsm6dso])
    func stWatermarkRaisesOneEdgePerBatch(kind: ChipKind) throws {
        let rig = try Rig(kind)
        let pin = InterruptPin()
        pin.attach(to: rig.chip)
        try rig.sensor.start(settings: settings(rateHz: 104))
        var batches: [Int] = []
        try rig.waitOnInterrupt(pin, seconds: 3) {
            var samples: [IMUSample] = []
            _ = try rig.sensor.readAvailable(into: &samples)
            batches.append(samples.count)
        }
        // 3 s at 104 Hz = 312 samples = 12 batches of 26.
        #expect(pin.risingTimes.count == 12)
        #expect(batches.count == 12 && batches.allSatisfy { $0 == 26 }, "\(batches)")
        let gaps = zip(pin.risingTimes, pin.risingTimes.dropFirst()).map { $1 - $0 }
        #expect(gaps.allSatisfy { abs($0 - 26 / 104.0) < 1e-6 }, "\(gaps)")
        // The read released INT each time: the pin fell right after every rise.
        #expect(pin.changes.count == 24 && !rig.chip.interruptPinHigh)
    }

    /// Nobody reads: the level stays up after the first crossing, so no more edges.
    @Test(arguments: [ChipKind.lsm6ds3, .lsm6dso])
    func stWatermarkIsALevelUntilTheFIFOIsDrained(kind: ChipKind) throws {
        let rig = try Rig(kind)
        let pin = InterruptPin()
        pin.attach(to: rig.chip)
        try rig.sensor.start(settings: settings(rateHz: 104))
        let start = rig.clock.now
        try rig.waitOnInterrupt(pin, seconds: 1)
        #expect(pin.risingTimes.count == 1)
        let first = try #require(pin.risingTimes.first)
        #expect(abs(first - start - 26 / 104.0) < 0.011)
        #expect(rig.chip.interruptPinHigh)
        var samples: [IMUSample] = []
        _ = try rig.sensor.readAvailable(into: &samples)
        #expect(samples.count >= 100 && !rig.chip.interruptPinHigh)
    }

    @Test(arguments: [ChipKind.lsm6ds3, .lsm6dsl, .lsm6dso])
    func stDataReadyRaisesOneEdgePerSample(kind: ChipKind) throws {
        let rig = try Rig(kind)
        let pin = InterruptPin()
        pin.attach(to: rig.chip)
        try rig.sensor.start(settings: settings(rateHz: 104, fifo: false))
        var reads = 0, samples: [IMUSample] = []
        try rig.waitOnInterrupt(pin, seconds: 1) {
            let before = samples.count
            _ = try rig.sensor.readAvailable(into: &samples)
            if samples.count == before + 1 { reads += 1 }
        }
        #expect(pin.risingTimes.count == 104)
        #expect(reads == 104 && samples.count == 104)
    }

    @Test(arguments: [ChipKind.mpu6050, .mpu6500, .mpu9250, .mpu9255])
    func mpuPulsesOncePerSampleWhetherOrNotItIsRead(kind: ChipKind) throws {
        let rig = try Rig(kind)
        let pin = InterruptPin()
        pin.attach(to: rig.chip)
        try rig.sensor.start(settings: settings(rateHz: 100))
        var samples: [IMUSample] = []
        // A batch reader's pace: the FIFO is read every 0.25 s, the pulses come in between.
        try rig.waitOnInterrupt(pin, seconds: 1, stepSeconds: 0.25) {
            _ = try rig.sensor.readAvailable(into: &samples)
        }
        #expect(pin.risingTimes.count == 100 && samples.count == 100)
        // 50 us pulses: each rise is followed by a fall 50 us later.
        let widths = stride(from: 0, to: pin.changes.count - 1, by: 2).map { pin.changes[$0 + 1].timeSeconds - pin.changes[$0].timeSeconds }
        #expect(widths.count == 100 && widths.allSatisfy { abs($0 - 50e-6) < 1e-9 })
    }

    @Test func mpuLatchedInterruptHoldsUntilStatusIsRead() throws {
        let rig = try Rig(.mpu6050)
        let pin = InterruptPin()
        pin.attach(to: rig.chip)
        try rig.sensor.start(settings: settings(rateHz: 100, fifo: false))
        let device = try rig.bus.device(at: 0x68)
        try device.writeByte(register: 0x37, value: 0x20)   // LATCH_INT_EN
        try rig.waitOnInterrupt(pin, seconds: 0.5)
        #expect(pin.risingTimes.count == 1 && rig.chip.interruptPinHigh)
        _ = try device.readByte(register: 0x3A)   // INT_STATUS read clears it
        #expect(!rig.chip.interruptPinHigh)
        try rig.waitOnInterrupt(pin, seconds: 0.011)
        #expect(pin.risingTimes.count == 2)
    }

    /// INT1_CTRL or INT_ENABLE cleared: samples keep coming, the pin stays quiet.
    @Test(arguments: [(ChipKind.lsm6ds3, 0x0D as UInt8), (.lsm6dso, 0x0D), (.mpu6050, 0x38), (.mpu6500, 0x38)])
    func noInterruptWhenRoutingIsOff(kind: ChipKind, register: UInt8) throws {
        for fifo in [true, false] {
            let rig = try Rig(kind)
            let pin = InterruptPin()
            pin.attach(to: rig.chip)
            try rig.sensor.start(settings: settings(rateHz: 104, fifo: fifo))
            try rig.bus.device(at: kind.defaultAddress).writeByte(register: register, value: 0)
            let before = rig.chip.samplesGenerated
            try rig.waitOnInterrupt(pin, seconds: 1, stepSeconds: 0.01)
            #expect(rig.chip.samplesGenerated - before > 90)
            #expect(pin.changes.isEmpty, "\(kind) \(fifo ? "FIFO" : "burst"): \(pin.changes.count) level changes")
        }
    }

    /// Unplugged: no supply, no interrupts; back in, the re-started chip interrupts again.
    @Test(arguments: [ChipKind.lsm6dsl, .lsm6dso, .mpu6050])
    func unpluggedChipRaisesNoInterrupts(kind: ChipKind) throws {
        var faults = MockFaultPlan()
        faults.disconnectWindows = [101..<103]
        let rig = try Rig(kind, faults: faults)
        let pin = InterruptPin()
        pin.attach(to: rig.chip)
        try rig.sensor.start(settings: settings(rateHz: 104))
        try rig.waitOnInterrupt(pin, seconds: 0.9)   // to 100.9 s: the watermark is reached, nobody read
        #expect(!pin.risingTimes.isEmpty)
        try rig.waitOnInterrupt(pin, seconds: 2.2)   // through the window, to 103.1 s
        #expect(pin.risingTimes.allSatisfy { $0 < 101 })
        #expect(!rig.chip.interruptPinHigh)
        #expect(pin.changes.last.map { !$0.high && $0.timeSeconds <= 103 } == true)
        // Power-cycled: nothing is routed until the driver configures the chip again.
        try rig.waitOnInterrupt(pin, seconds: 1)
        #expect(pin.risingTimes.allSatisfy { $0 < 101 })
        try rig.sensor.start(settings: settings(rateHz: 104))
        let restarted = rig.clock.now
        try rig.waitOnInterrupt(pin, seconds: 1)
        #expect(pin.risingTimes.contains { $0 > restarted })
    }
}
