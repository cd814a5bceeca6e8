import I2C
import PostureCore
import SystemSupport

/// MPU-6050 / MPU-6500 / MPU-9250 / MPU-9255 (and close compatibles) over I2C.
/// Register numbers from RM-MPU-6000A and the MPU-6500 register map.
public final class MPUDriver: IMUSensor {
    enum Reg {
        static let smplrtDiv: UInt8 = 0x19, config: UInt8 = 0x1A, gyroConfig: UInt8 = 0x1B, accelConfig: UInt8 = 0x1C
        static let accelConfig2: UInt8 = 0x1D, fifoEnable: UInt8 = 0x23, intPinCfg: UInt8 = 0x37, intEnable: UInt8 = 0x38
        static let intStatus: UInt8 = 0x3A
        static let accelXH: UInt8 = 0x3B, userCtrl: UInt8 = 0x6A, pwrMgmt1: UInt8 = 0x6B, pwrMgmt2: UInt8 = 0x6C
        static let fifoCountH: UInt8 = 0x72, fifoRW: UInt8 = 0x74
    }
    /// Accel x, y, z then gyro x, y, z, big-endian (FIFO_EN = XG | YG | ZG | ACCEL).
    static let frameBytes = 12
    /// Two frames per block transfer: whole frames, at most 32 bytes.
    static let framesPerTransfer = 2
    static let resetWaitSeconds = 0.1
    static let wakeWaitSeconds = 0.05

    public let chip: ChipIdentity
    public var chipName: String { chip.name }
    public var address: UInt8 { device.address }
    public private(set) var appliedSettings: AppliedIMUSettings?

    private let device: I2CDevice
    private let clock: MonotonicClock
    private let sleeper: Sleeper
    private var assembler: SampleAssembler
    private var buffer = [UInt8](repeating: 0, count: i2cBlockMaxBytes)
    private var fifoCapacityBytes: Int
    private var lastReadTime = 0.0
    /// A FIFO transfer failed midway: the read position inside a frame is unknown.
    private var fifoAlignmentLost = false
    /// Register values written by `start`, checked by `verifyConfiguration`.
    private var expected: [(register: UInt8, value: UInt8)] = []

    public init(device: I2CDevice, chip: ChipIdentity, clock: MonotonicClock, sleeper: Sleeper) {
        self.device = device
        self.chip = chip
        self.clock = clock
        self.sleeper = sleeper
        fifoCapacityBytes = chip.family == .mpu6050 ? 1024 : 512
        assembler = SampleAssembler(capacity: 1024 / Self.frameBytes + 2)
    }

    private var isMPU6500Layout: Bool { chip.family == .mpu6500 }

    public func start(settings: IMUSettings) throws {
        appliedSettings = nil
        let registers = ChipRegisterAccess(device: device, chipName: chip.name)
        try registers.reset(register: Reg.pwrMgmt1, bit: 0x80, waitSeconds: Self.resetWaitSeconds, sleeper: sleeper)   // DEVICE_RESET
        // Wake with the X gyro PLL as clock (more stable than the internal oscillator).
        try device.writeByte(register: Reg.pwrMgmt1, value: 0x01)
        try device.writeByte(register: Reg.pwrMgmt2, value: 0x00)
        sleeper.sleep(seconds: Self.wakeWaitSeconds)

        // DLPF_CFG 1...6 keeps the 1 kHz internal rate SMPLRT_DIV divides (0 and 7 mean 8 kHz,
        // and on the MPU-6500 disable the divider).
        let dlpfOptions: [Double] = isMPU6500Layout ? [184, 92, 41, 20, 10, 5] : [184, 94, 44, 21, 10, 5]
        let dlpfIndex = nearest(settings.lowPassHz, in: dlpfOptions)
        let divider = UInt8(max(0, min(255, (1000 / max(settings.sampleRateHz, 3.92)).rounded() - 1)))
        let rateHz = 1000 / (1 + Double(divider))
        let accelRanges = [2, 4, 8, 16]
        let gyroRanges = [250, 500, 1000, 2000]
        let afs = nearest(Double(settings.accelRangeG), in: accelRanges.map(Double.init))
        let fs = nearest(Double(settings.gyroRangeDegreesPerSecond), in: gyroRanges.map(Double.init))
        var lowPassHz = dlpfOptions[dlpfIndex]

        // On the MPU-6500 layout FIFO_MODE = 1 stops writing when full, keeping frames aligned.
        let config = UInt8(dlpfIndex + 1) | (isMPU6500Layout ? 0x40 : 0)
        var writes: [(register: UInt8, value: UInt8)] = [
            (Reg.config, config), (Reg.smplrtDiv, divider),
            (Reg.gyroConfig, UInt8(fs) << 3), (Reg.accelConfig, UInt8(afs) << 3),
        ]
        if isMPU6500Layout {
            let accelOptions: [Double] = [218.1, 99, 44.8, 21.2, 10.2, 5.05]
            let ai = nearest(settings.lowPassHz, in: accelOptions)
            lowPassHz = accelOptions[ai]
            writes.append((Reg.accelConfig2, UInt8(ai + 1)))   // ACCEL_FCHOICE_B = 0
        }
        let useFIFO = settings.useFIFO && chip.fifoSupported
        // INT_PIN_CFG = 0 (its reset value, written so a verify catches a change): INT_LEVEL 0 =
        // active high, INT_OPEN 0 = push-pull, LATCH_INT_EN 0 = a 50 us pulse per event,
        // INT_RD_CLEAR 0. A pulse per sample suits edge detection: libgpiod timestamps the
        // rising edge in the kernel, and nothing has to be acknowledged before the next one.
        writes.append((Reg.intPinCfg, 0x00))
        // FIFO_OFLOW_EN | DATA_RDY_EN: the status bits follow, and INT pulses once per sample.
        writes.append((Reg.intEnable, 0x11))
        writes.append((Reg.fifoEnable, useFIFO ? 0x78 : 0x00))
        try registers.write(writes)
        if useFIFO {
            try device.writeByte(register: Reg.userCtrl, value: 0x04)   // FIFO_RESET
            try device.writeByte(register: Reg.userCtrl, value: 0x40)   // FIFO_EN
        } else {
            try device.writeByte(register: Reg.userCtrl, value: 0x00)
        }
        try registers.verify(writes)
        expected = writes + [(register: Reg.pwrMgmt1, value: 0x01)]
        if useFIFO { expected.append((register: Reg.userCtrl, value: 0x40)) }

        assembler.accelGPerCount = 1 / (16384 / Double(1 << afs))
        assembler.gyroDegreesPerSecondPerCount = 1 / [131.0, 65.5, 32.8, 16.4][fs]
        assembler.sampleIntervalSeconds = 1 / rateHz
        assembler.discard()
        fifoAlignmentLost = false
        _ = try device.readByte(register: Reg.intStatus)   // clear stale flags
        lastReadTime = clock.nowSeconds()
        appliedSettings = AppliedIMUSettings(sampleRateHz: rateHz, accelRangeG: accelRanges[afs],
                                             gyroRangeDegreesPerSecond: gyroRanges[fs], lowPassHz: lowPassHz, usesFIFO: useFIFO)
    }

    public func verifyConfiguration() throws -> Bool {
        try ChipRegisterAccess(device: device, chipName: chip.name).holds(expected)
    }

    public func readAvailable(into samples: inout [IMUSample]) throws -> IMUReadReport {
        guard let applied = appliedSettings else { return IMUReadReport() }
        return applied.usesFIFO ? try readFIFO(into: &samples, rateHz: applied.sampleRateHz) : try readBurst(into: &samples)
    }

    /// One burst of the 14 data registers (accel, temperature, gyro): one sample, never mixed.
    private func readBurst(into samples: inout [IMUSample]) throws -> IMUReadReport {
        let status = try device.readByte(register: Reg.intStatus)
        guard status & 0x01 != 0 else { return IMUReadReport() }   // no new sample since the last read
        lastReadTime = clock.nowSeconds()
        return try assembler.readBurst(register: Reg.accelXH, count: 14, device: device, buffer: &buffer, into: &samples, clock: clock) { b in
            ((bigEndian(b, 0), bigEndian(b, 2), bigEndian(b, 4)), (bigEndian(b, 8), bigEndian(b, 10), bigEndian(b, 12)))
        }
    }

    private func resetFIFO() throws {
        try device.writeByte(register: Reg.userCtrl, value: 0x44)   // FIFO_EN | FIFO_RESET
        // An overflow flagged between our status read and the reset is stale now.
        _ = try device.readByte(register: Reg.intStatus)
        fifoAlignmentLost = false
    }

    private func readFIFO(into samples: inout [IMUSample], rateHz: Double) throws -> IMUReadReport {
        var report = IMUReadReport()
        let status = try device.readByte(register: Reg.intStatus)
        try device.readBlock(register: Reg.fifoCountH, count: 2, into: &buffer, offset: 0)
        let countBytes = Int(UInt16(buffer[0] & 0x1F) << 8 | UInt16(buffer[1]))
        let now = clock.nowSeconds()
        if status & 0x10 != 0 || countBytes >= fifoCapacityBytes || fifoAlignmentLost {
            // Overflowed (the MPU-6050 overwrote bytes, so frames are misaligned) or a
            // transfer broke mid-frame: flush and start clean.
            let wasAlignment = fifoAlignmentLost && status & 0x10 == 0 && countBytes < fifoCapacityBytes
            try resetFIFO()
            report.fifoOverflowed = !wasAlignment
            report.droppedSamples = max(countBytes / Self.frameBytes, Int(((now - lastReadTime) * rateHz).rounded()))
            lastReadTime = now
            return report
        }
        let frames = countBytes / Self.frameBytes   // a partial frame stays for the next read
        lastReadTime = now
        do {
            report.saturatedSamples = try assembler.readFIFOFrames(
                frames, frameBytes: Self.frameBytes, framesPerTransfer: Self.framesPerTransfer, port: Reg.fifoRW,
                device: device, buffer: &buffer, into: &samples, readTime: now, rateHz: rateHz
            ) { b, o in
                ((bigEndian(b, o), bigEndian(b, o + 2), bigEndian(b, o + 4)), (bigEndian(b, o + 6), bigEndian(b, o + 8), bigEndian(b, o + 10)))
            }
        } catch {
            // A NACK means nothing was clocked out; anything else may have stopped mid-frame.
            if error.kind != .noAcknowledge { fifoAlignmentLost = true }
            throw error
        }
        return report
    }
}
