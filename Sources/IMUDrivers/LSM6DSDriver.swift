import I2C
import PostureCore
import SystemSupport

/// ST LSM6DS3, LSM6DS3TR-C/LSM6DSL and LSM6DSO/LSM6DSOX over I2C (register maps from the
/// datasheets: CTRL1_XL 0x10, CTRL2_G 0x11, CTRL3_C 0x12, outputs at 0x22...0x2D).
public final class LSM6DSDriver: IMUSensor {
    enum Reg {
        static let ctrl1XL: UInt8 = 0x10, ctrl2G: UInt8 = 0x11, ctrl3C: UInt8 = 0x12, ctrl4C: UInt8 = 0x13
        static let ctrl8XL: UInt8 = 0x17, status: UInt8 = 0x1E, outGyro: UInt8 = 0x22
        // LSM6DS3 / LSM6DSL FIFO
        static let fifoCtrl3: UInt8 = 0x08, fifoCtrl5: UInt8 = 0x0A, fifoStatus1: UInt8 = 0x3A, fifoOutL: UInt8 = 0x3E
        // LSM6DSO FIFO
        static let fifoCtrl3DSO: UInt8 = 0x09, fifoCtrl4DSO: UInt8 = 0x0A, fifoTag: UInt8 = 0x78
        /// INT1 routing, the same address on every generation (0x0D).
        static let int1Ctrl: UInt8 = 0x0D
    }
    static let odrHz: [Double] = [12.5, 26, 52, 104, 208, 416, 833, 1660, 3330, 6660]
    /// Untagged FIFO: gyro (3 words) then accel (3 words) per sample: 12 bytes.
    static let untaggedFrameBytes = 12
    /// Tagged FIFO words: tag + 6 data bytes; 4 words (28 bytes) per block transfer.
    static let taggedWordBytes = 7
    static let taggedWordsPerTransfer = 4

    public let chip: ChipIdentity
    public var chipName: String { chip.name }
    public var address: UInt8 { device.address }
    public private(set) var appliedSettings: AppliedIMUSettings?

    private let device: I2CDevice
    private let clock: MonotonicClock
    private let sleeper: Sleeper
    private var assembler: SampleAssembler
    private var buffer = [UInt8](repeating: 0, count: i2cBlockMaxBytes)
    private var lastReadTime = 0.0
    private var expected: [(register: UInt8, value: UInt8)] = []
    /// Tagged FIFO: a gyro or accel word waiting for its partner (same TAG_CNT).
    private var pendingGyro: (Int16, Int16, Int16)?
    private var pendingAccel: (Int16, Int16, Int16)?
    private var pendingTag: UInt8 = 0
    /// The FIFO mode register value written by `start` (continuous mode), restored after a flush.
    private var fifoModeValue: UInt8 = 0x06

    public init(device: I2CDevice, chip: ChipIdentity, clock: MonotonicClock, sleeper: Sleeper) {
        self.device = device
        self.chip = chip
        self.clock = clock
        self.sleeper = sleeper
        assembler = SampleAssembler(capacity: 4096 / 6 + 2)
    }

    private var fifoCapacityWords: Int {
        switch chip.family {
        case .lsm6ds3: return 4096
        case .lsm6dsl: return 2048
        default: return 512
        }
    }

    public func start(settings: IMUSettings) throws {
        appliedSettings = nil
        let registers = ChipRegisterAccess(device: device, chipName: chip.name)
        try registers.reset(register: Reg.ctrl3C, bit: 0x01, waitSeconds: 0.05, sleeper: sleeper)   // SW_RESET

        let odrIndex = nearest(settings.sampleRateHz, in: Self.odrHz)
        let odrCode = UInt8(odrIndex + 1)
        let rateHz = Self.odrHz[odrIndex]
        // FS_XL codes: 00 = 2 g, 10 = 4 g, 11 = 8 g, 01 = 16 g.
        let accelRanges = [2, 4, 8, 16]
        let accelCodes: [UInt8] = [0b00, 0b10, 0b11, 0b01]
        let accelMilliGPerCount = [0.061, 0.122, 0.244, 0.488]
        let ai = nearest(Double(settings.accelRangeG), in: accelRanges.map(Double.init))
        // FS_G: 125 via FS_125, then 245/250, 500, 1000, 2000.
        let gyroRanges = [125, chip.family == .lsm6dso ? 250 : 245, 500, 1000, 2000]
        let gyroMilliDPSPerCount = [4.375, 8.75, 17.5, 35, 70]
        let gi = nearest(Double(settings.gyroRangeDegreesPerSecond), in: gyroRanges.map(Double.init))
        let gyroBits: UInt8 = gi == 0 ? 0x02 : UInt8(gi - 1) << 2

        var ctrl1 = odrCode << 4 | accelCodes[ai] << 2
        var writes: [(register: UInt8, value: UInt8)] = [(Reg.ctrl3C, 0x44)]   // BDU | IF_INC
        let lowPassHz: Double
        switch chip.family {
        case .lsm6ds3:
            // Anti-aliasing bandwidth BW_XL (00 = 400, 01 = 200, 10 = 100, 11 = 50 Hz), used
            // when CTRL4_C.XL_BW_SCAL_ODR = 1.
            let options: [Double] = [400, 200, 100, 50]
            let i = nearest(settings.lowPassHz, in: options)
            ctrl1 |= UInt8(i)
            lowPassHz = options[i]
            writes.append((Reg.ctrl4C, 0x80))
        case .lsm6dsl:
            // LPF2 (CTRL8_XL.LPF2_XL_EN) with HPCF_XL: ODR/50, ODR/100, ODR/9, ODR/400.
            let divisors: [Double] = [50, 100, 9, 400]
            let i = nearest(settings.lowPassHz, in: divisors.map { rateHz / $0 })
            lowPassHz = rateHz / divisors[i]
            writes.append((Reg.ctrl8XL, 0x80 | UInt8(i) << 5))
        default:
            // LPF1 only (ODR/2), or LPF2 (CTRL1_XL.LP2_XL_EN) with HPCF_XL: ODR/4 ... ODR/800.
            let divisors: [Double] = [2, 4, 10, 20, 45, 100, 200, 400, 800]
            let i = nearest(settings.lowPassHz, in: divisors.map { rateHz / $0 })
            lowPassHz = rateHz / divisors[i]
            if i > 0 {
                ctrl1 |= 0x02
                writes.append((Reg.ctrl8XL, UInt8(i - 1) << 5))
            } else {
                writes.append((Reg.ctrl8XL, 0x00))
            }
        }
        writes.insert((Reg.ctrl1XL, ctrl1), at: 1)
        writes.insert((Reg.ctrl2G, odrCode << 4 | gyroBits), at: 2)
        let useFIFO = settings.useFIFO && chip.fifoSupported
        try registers.write(writes)
        let interrupt = STInterruptRouting(family: chip.family, useFIFO: useFIFO, rateHz: rateHz,
                                           batchIntervalSeconds: settings.batchIntervalSeconds, fifoCapacityWords: fifoCapacityWords)
        // The watermark goes in before the FIFO mode starts it; INT1 is routed last.
        var fifoWrites = interrupt.watermarkWrites
        if chip.family == .lsm6dso {
            try device.writeByte(register: Reg.fifoCtrl4DSO, value: 0x00)   // bypass: empties the FIFO
            if useFIFO {
                fifoModeValue = 0x06   // continuous
                fifoWrites += [(Reg.fifoCtrl3DSO, odrCode << 4 | odrCode), (Reg.fifoCtrl4DSO, fifoModeValue)]   // BDR_GY, BDR_XL
            }
        } else {
            try device.writeByte(register: Reg.fifoCtrl5, value: 0x00)
            if useFIFO {
                // No decimation for either sensor; FIFO ODR = sensor ODR; continuous mode.
                fifoModeValue = odrCode << 3 | 0x06
                fifoWrites += [(Reg.fifoCtrl3, 0x09), (Reg.fifoCtrl5, fifoModeValue)]
            }
        }
        fifoWrites.append((Reg.int1Ctrl, interrupt.int1Ctrl))
        try registers.write(fifoWrites)
        writes += fifoWrites
        try registers.verify(writes)
        expected = writes

        assembler.accelGPerCount = accelMilliGPerCount[ai] / 1000
        assembler.gyroDegreesPerSecondPerCount = gyroMilliDPSPerCount[gi] / 1000
        assembler.sampleIntervalSeconds = 1 / rateHz
        assembler.discard()
        pendingGyro = nil
        pendingAccel = nil
        lastReadTime = clock.nowSeconds()
        appliedSettings = AppliedIMUSettings(sampleRateHz: rateHz, accelRangeG: accelRanges[ai],
                                             gyroRangeDegreesPerSecond: gyroRanges[gi], lowPassHz: lowPassHz, usesFIFO: useFIFO,
                                             samplesPerInterrupt: interrupt.samplesPerInterrupt)
    }

    public func verifyConfiguration() throws -> Bool {
        try ChipRegisterAccess(device: device, chipName: chip.name).holds(expected)
    }

    public func readAvailable(into samples: inout [IMUSample]) throws -> IMUReadReport {
        guard let applied = appliedSettings else { return IMUReadReport() }
        if !applied.usesFIFO { return try readBurst(into: &samples) }
        return chip.family == .lsm6dso
            ? try readTaggedFIFO(into: &samples, rateHz: applied.sampleRateHz)
            : try readPatternFIFO(into: &samples, rateHz: applied.sampleRateHz)
    }

    /// One 12-byte burst of gyro and accel outputs (BDU keeps the halves together).
    private func readBurst(into samples: inout [IMUSample]) throws -> IMUReadReport {
        let status = try device.readByte(register: Reg.status)
        guard status & 0x03 == 0x03 else { return IMUReadReport() }   // XLDA and GDA
        lastReadTime = clock.nowSeconds()
        return try assembler.readBurst(register: Reg.outGyro, count: 12, device: device, buffer: &buffer, into: &samples, clock: clock) { b in
            ((littleEndian(b, 6), littleEndian(b, 8), littleEndian(b, 10)), (littleEndian(b, 0), littleEndian(b, 2), littleEndian(b, 4)))
        }
    }

    /// Bypass then continuous again: the documented way to empty the FIFO.
    private func flushFIFO(modeRegister: UInt8, continuous: UInt8) throws {
        try device.writeByte(register: modeRegister, value: continuous & ~0x07)
        try device.writeByte(register: modeRegister, value: continuous)
        pendingGyro = nil
        pendingAccel = nil
    }

    private func overflowReport(now: Double, rateHz: Double, queuedSamples: Int) -> IMUReadReport {
        let lost = max(queuedSamples, Int(((now - lastReadTime) * rateHz).rounded()))
        lastReadTime = now
        return IMUReadReport(fifoOverflowed: true, droppedSamples: lost)
    }

    /// LSM6DS3/LSM6DSL: FIFO_STATUS1...4 give the unread word count and the pattern index
    /// of the next word (0 = first gyro word of a sample).
    private func readPatternFIFO(into samples: inout [IMUSample], rateHz: Double) throws -> IMUReadReport {
        var report = IMUReadReport()
        try device.readBlock(register: Reg.fifoStatus1, count: 4, into: &buffer, offset: 0)
        let highMask: UInt8 = chip.family == .lsm6ds3 ? 0x0F : 0x07
        var words = Int(buffer[0]) | Int(buffer[1] & highMask) << 8
        let overrun = buffer[1] & 0x40 != 0
        let pattern = Int(buffer[2]) | Int(buffer[3] & 0x03) << 8
        let now = clock.nowSeconds()
        if overrun || words >= fifoCapacityWords {
            try flushFIFO(modeRegister: Reg.fifoCtrl5, continuous: fifoModeValue)
            return overflowReport(now: now, rateHz: rateHz, queuedSamples: words / 6)
        }
        if pattern != 0 && words > 0 {
            // Not at a sample boundary (a broken transfer earlier): skip to the next one.
            let skip = min(words, 6 - pattern % 6)
            try device.readBlocks(register: Reg.fifoOutL, count: skip * 2, into: &buffer, autoIncrement: false)
            words -= skip
            report.droppedSamples += 1
        }
        let frames = words / 6
        lastReadTime = now
        report.saturatedSamples = try assembler.readFIFOFrames(
            frames, frameBytes: Self.untaggedFrameBytes, framesPerTransfer: 2, port: Reg.fifoOutL,
            device: device, buffer: &buffer, into: &samples, readTime: now, rateHz: rateHz
        ) { b, o in
            ((littleEndian(b, o + 6), littleEndian(b, o + 8), littleEndian(b, o + 10)), (littleEndian(b, o), littleEndian(b, o + 2), littleEndian(b, o + 4)))
        }
        return report
    }

    /// LSM6DSO: tagged words; a gyro and an accel word with the same TAG_CNT make a sample.
    private func readTaggedFIFO(into samples: inout [IMUSample], rateHz: Double) throws -> IMUReadReport {
        var report = IMUReadReport()
        try device.readBlock(register: Reg.fifoStatus1, count: 2, into: &buffer, offset: 0)
        let words = Int(buffer[0]) | Int(buffer[1] & 0x03) << 8
        let now = clock.nowSeconds()
        if buffer[1] & 0x40 != 0 || words >= fifoCapacityWords {   // FIFO_OVR_IA
            try flushFIFO(modeRegister: Reg.fifoCtrl4DSO, continuous: fifoModeValue)
            return overflowReport(now: now, rateHz: rateHz, queuedSamples: words / 2)
        }
        lastReadTime = now
        var done = 0
        while done < words {
            let n = min(Self.taggedWordsPerTransfer, words - done)
            do {
                try device.readBlock(register: Reg.fifoTag, count: n * Self.taggedWordBytes, into: &buffer, offset: 0)
            } catch {
                assembler.emit(into: &samples, readTime: now - Double(words - done) / 2 / rateHz)
                throw error
            }
            for w in 0..<n {
                let o = w * Self.taggedWordBytes
                let tag = buffer[o]
                let sensor = tag >> 3, count = (tag >> 1) & 0x03
                let v = (littleEndian(buffer, o + 1), littleEndian(buffer, o + 3), littleEndian(buffer, o + 5))
                if (pendingGyro != nil || pendingAccel != nil) && count != pendingTag {
                    // The partner of the waiting word never came: drop it.
                    pendingGyro = nil
                    pendingAccel = nil
                    report.droppedSamples += 1
                }
                pendingTag = count
                switch sensor {
                case 0x01: pendingGyro = v
                case 0x02: pendingAccel = v
                default: continue   // temperature, timestamp, external sensors: not used
                }
                if let g = pendingGyro, let a = pendingAccel {
                    if assembler.add(accel: a, gyro: g) { report.saturatedSamples += 1 }
                    pendingGyro = nil
                    pendingAccel = nil
                }
            }
            done += n
        }
        assembler.emit(into: &samples, readTime: now)
        return report
    }
}

/// What the ST chips signal on INT1, and the FIFO watermark behind it.
///
/// With the FIFO: the watermark interrupt, once a batch (the reader's batch interval at the
/// output rate) is queued. Without it: accelerometer and gyroscope data-ready, once per sample
/// (same ODR, so both flags rise together; the burst read of both outputs clears them).
/// CTRL3_C keeps its reset H_LACTIVE = 0 and PP_OD = 0: INT1 is push-pull, active high. Both
/// signals are levels, not pulses: high while the condition holds, low once the reader drained
/// the FIFO below the watermark or read the outputs, so each batch or sample is one rising edge.
///
/// Registers (the datasheets' register descriptions, matching ST's lsm6ds3/lsm6dsl/lsm6dso_reg.h):
/// - INT1_CTRL 0x0D: INT1_DRDY_XL bit 0, INT1_DRDY_G bit 1, INT1_FTH (DSO: INT1_FIFO_TH) bit 3.
/// - LSM6DS3/DSL: FIFO_CTRL1 0x06 FTH[7:0], FIFO_CTRL2 0x07 FTH[11:8] (DSL: FTH[10:8], bit 3 is
///   FIFO_TEMP_EN), in 16-bit words: one gyro + accel sample is 6 words.
/// - LSM6DSO/DSOX: FIFO_CTRL1 0x07 WTM[7:0], FIFO_CTRL2 0x08 bit 0 WTM8, in tagged words: one
///   gyro + accel sample is 2 words.
struct STInterruptRouting {
    static let int1DataReadyXL: UInt8 = 0x01, int1DataReadyG: UInt8 = 0x02, int1FIFOThreshold: UInt8 = 0x08

    /// Value for INT1_CTRL.
    let int1Ctrl: UInt8
    /// FIFO_CTRL1/FIFO_CTRL2 watermark (empty without the FIFO).
    let watermarkWrites: [(register: UInt8, value: UInt8)]
    let samplesPerInterrupt: Int

    init(family: IMUFamily, useFIFO: Bool, rateHz: Double, batchIntervalSeconds: Double, fifoCapacityWords: Int) {
        guard useFIFO else {
            int1Ctrl = Self.int1DataReadyXL | Self.int1DataReadyG
            watermarkWrites = []
            samplesPerInterrupt = 1
            return
        }
        let tagged = family == .lsm6dso
        let wordsPerSample = tagged ? 2 : 6
        let (ctrl1, ctrl2): (UInt8, UInt8) = tagged ? (0x07, 0x08) : (0x06, 0x07)
        let highMask: UInt8 = family == .lsm6ds3 ? 0x0F : family == .lsm6dsl ? 0x07 : 0x01
        let registerMaxWords = Int(highMask) << 8 | 0xFF
        // At most half the FIFO: a late reader still has half a FIFO of slack before it overruns.
        let maxSamples = max(1, min(registerMaxWords, fifoCapacityWords / 2) / wordsPerSample)
        // Clamped as a Double first: any interval, even a nonsensical one, gives a valid watermark.
        let wanted = batchIntervalSeconds * rateHz
        let samples = wanted.isNaN ? 1 : Int(min(max(wanted.rounded(), 1), Double(maxSamples)))
        let words = samples * wordsPerSample
        int1Ctrl = Self.int1FIFOThreshold
        watermarkWrites = [(ctrl1, UInt8(truncatingIfNeeded: words)), (ctrl2, UInt8(truncatingIfNeeded: words >> 8) & highMask)]
        samplesPerInterrupt = samples
    }
}
