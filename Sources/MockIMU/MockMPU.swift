import PostureCore

/// The MPU-6050 family (RM-MPU-6000A, MPU-6500 register map): big-endian data registers
/// 0x3B...0x48, a byte FIFO read through FIFO_R_W with a 13-bit count, FIFO_OFLOW in INT_STATUS.
public final class MockMPU: MockIMUChip {
    public struct Model: Sendable, Equatable {
        public var name: String
        public var whoAmI: UInt8
        public var fifoBytes: Int
        /// MPU-6500 and later: ACCEL_CONFIG2 (0x1D) and CONFIG.FIFO_MODE (stop when full).
        public var hasAccelConfig2: Bool

        public init(name: String, whoAmI: UInt8, fifoBytes: Int, hasAccelConfig2: Bool) {
            self.name = name
            self.whoAmI = whoAmI
            self.fifoBytes = fifoBytes
            self.hasAccelConfig2 = hasAccelConfig2
        }

        public static let mpu6050 = Model(name: "MPU-6050", whoAmI: 0x68, fifoBytes: 1024, hasAccelConfig2: false)
        public static let mpu6500 = Model(name: "MPU-6500", whoAmI: 0x70, fifoBytes: 512, hasAccelConfig2: true)
        public static let mpu9250 = Model(name: "MPU-9250", whoAmI: 0x71, fifoBytes: 512, hasAccelConfig2: true)
        public static let mpu9255 = Model(name: "MPU-9255", whoAmI: 0x73, fifoBytes: 512, hasAccelConfig2: true)
    }

    enum Reg {
        static let smplrtDiv: UInt8 = 0x19, config: UInt8 = 0x1A, gyroConfig: UInt8 = 0x1B, accelConfig: UInt8 = 0x1C
        static let accelConfig2: UInt8 = 0x1D, fifoEnable: UInt8 = 0x23, intPinCfg: UInt8 = 0x37, intEnable: UInt8 = 0x38
        static let intStatus: UInt8 = 0x3A
        static let accelXH: UInt8 = 0x3B, tempH: UInt8 = 0x41, gyroXH: UInt8 = 0x43
        static let userCtrl: UInt8 = 0x6A, pwrMgmt1: UInt8 = 0x6B, pwrMgmt2: UInt8 = 0x6C
        static let fifoCountH: UInt8 = 0x72, fifoCountL: UInt8 = 0x73, fifoRW: UInt8 = 0x74, whoAmI: UInt8 = 0x75
    }

    public let model: Model
    private var registers = [UInt8](repeating: 0, count: 128)
    private var fifo: RingBuffer<UInt8>
    private var lastFIFOByte: UInt8 = 0
    /// Bytes lost to FIFO overflow since power-on (tests).
    public private(set) var fifoBytesOverwritten = 0

    public init(_ model: Model, motion: MotionSource, seed: UInt64 = 1) {
        self.model = model
        fifo = RingBuffer(capacity: model.fifoBytes, filler: 0)
        super.init(chipName: model.name, whoAmI: model.whoAmI, motion: motion, seed: seed)
        powerOnReset()
    }

    public override func powerOnReset() {
        super.powerOnReset()
        for i in registers.indices { registers[i] = 0 }
        registers[Int(Reg.pwrMgmt1)] = 0x40   // SLEEP after power-on
        registers[Int(Reg.whoAmI)] = model.whoAmI
        fifo.removeAll()
        // Temperature about 25 °C so a temperature read is plausible.
        let temp: Int16 = model.hasAccelConfig2 ? 0 : -3920
        registers[Int(Reg.tempH)] = UInt8(truncatingIfNeeded: temp >> 8)
        registers[Int(Reg.tempH) + 1] = UInt8(truncatingIfNeeded: temp)
    }

    /// Register values (tests check what the driver configured).
    public func register(_ r: UInt8) -> UInt8 { registers[Int(r & 0x7F)] }
    public var fifoCount: Int { fifo.count }
    public var isAsleep: Bool { registers[Int(Reg.pwrMgmt1)] & 0x40 != 0 }

    override func currentRateHz() -> Double {
        if isAsleep { return 0 }
        let dlpf = registers[Int(Reg.config)] & 0x07
        let internalHz: Double = (dlpf == 0 || dlpf == 7) ? 8000 : 1000
        return internalHz / (1 + Double(registers[Int(Reg.smplrtDiv)]))
    }

    override func accelCountsPerG() -> Double {
        16384 / Double(1 << Int((registers[Int(Reg.accelConfig)] >> 3) & 3))
    }

    override func gyroCountsPerDegreesPerSecond() -> Double {
        [131.0, 65.5, 32.8, 16.4][Int((registers[Int(Reg.gyroConfig)] >> 3) & 3)]
    }

    private var fifoOn: Bool { registers[Int(Reg.userCtrl)] & 0x40 != 0 }

    private var frameBytes: Int {
        let en = registers[Int(Reg.fifoEnable)]
        var n = 0
        if en & 0x08 != 0 { n += 6 }
        if en & 0x80 != 0 { n += 2 }
        if en & 0x40 != 0 { n += 2 }
        if en & 0x20 != 0 { n += 2 }
        if en & 0x10 != 0 { n += 2 }
        return n
    }

    override func retainedSampleLimit() -> Int { model.fifoBytes / max(1, frameBytes) + 2 }

    override func skipped(count: Int) {
        // Samples written and overwritten while nobody read: the FIFO overflowed.
        if fifoOn && frameBytes > 0 {
            registers[Int(Reg.intStatus)] |= 0x10
            fifoBytesOverwritten += count * frameBytes
        }
    }

    override func store(accelRaw a: (Int16, Int16, Int16), gyroRaw g: (Int16, Int16, Int16)) {
        func put(_ reg: UInt8, _ v: Int16) {
            registers[Int(reg)] = UInt8(truncatingIfNeeded: v >> 8)
            registers[Int(reg) + 1] = UInt8(truncatingIfNeeded: v)
        }
        put(Reg.accelXH, a.0); put(Reg.accelXH + 2, a.1); put(Reg.accelXH + 4, a.2)
        put(Reg.gyroXH, g.0); put(Reg.gyroXH + 2, g.1); put(Reg.gyroXH + 4, g.2)
        registers[Int(Reg.intStatus)] |= 0x01   // DATA_RDY
        guard fifoOn else { return }
        // FIFO order follows register order: accel, temperature, gyro x, y, z.
        let en = registers[Int(Reg.fifoEnable)]
        if en & 0x08 != 0 { for r in 0..<6 { pushFIFO(registers[Int(Reg.accelXH) + r]) } }
        if en & 0x80 != 0 { for r in 0..<2 { pushFIFO(registers[Int(Reg.tempH) + r]) } }
        if en & 0x40 != 0 { for r in 0..<2 { pushFIFO(registers[Int(Reg.gyroXH) + r]) } }
        if en & 0x20 != 0 { for r in 2..<4 { pushFIFO(registers[Int(Reg.gyroXH) + r]) } }
        if en & 0x10 != 0 { for r in 4..<6 { pushFIFO(registers[Int(Reg.gyroXH) + r]) } }
    }

    private func pushFIFO(_ byte: UInt8) {
        if fifo.isFull {
            registers[Int(Reg.intStatus)] |= 0x10   // FIFO_OFLOW_INT
            // MPU-6500 CONFIG.FIFO_MODE = 1: further writes are dropped; otherwise the
            // oldest byte is replaced, which shifts frame alignment as on the real chip.
            if model.hasAccelConfig2 && registers[Int(Reg.config)] & 0x40 != 0 { return }
            fifoBytesOverwritten += 1
        }
        fifo.pushOverwriting(byte)
    }

    public override func forceFIFOOverflow() {
        guard fifoOn, frameBytes > 0 else { return }
        let frames = model.fifoBytes / frameBytes + 2
        for _ in 0..<frames { generate(at: lastSyncTime) }
    }

    // INT pin (INT_PIN_CFG 0x37): INT_LEVEL bit 7 = active low, LATCH_INT_EN bit 5 = held until
    // cleared instead of a 50 us pulse, INT_RD_CLEAR bit 4 = any read clears the status.
    // INT_ENABLE 0x38: DATA_RDY_EN bit 0, I2C_MST_INT_EN bit 3, FIFO_OFLOW_EN bit 4.
    static let pulseSeconds = 50e-6

    private var interruptActiveLow: Bool { registers[Int(Reg.intPinCfg)] & 0x80 != 0 }
    private var interruptLatched: Bool { registers[Int(Reg.intPinCfg)] & 0x20 != 0 }

    override func interruptPinLevel() -> Bool {
        guard interruptLatched else { return interruptActiveLow }   // idle between pulses
        let asserted = registers[Int(Reg.intStatus)] & registers[Int(Reg.intEnable)] & 0x19 != 0
        return asserted != interruptActiveLow
    }

    override func interruptPulseSeconds() -> Double? {
        !interruptLatched && registers[Int(Reg.intEnable)] & 0x01 != 0 ? Self.pulseSeconds : nil
    }

    public override func read(register r: UInt8) -> UInt8 {
        let value = readRegister(r, index: Int(r & 0x7F))
        if registers[Int(Reg.intPinCfg)] & 0x10 != 0 { registers[Int(Reg.intStatus)] = 0 }   // INT_RD_CLEAR
        return value
    }

    private func readRegister(_ r: UInt8, index i: Int) -> UInt8 {
        switch r {
        case Reg.intStatus:
            let v = registers[i]
            registers[i] = 0   // cleared on read (INT_RD_CLEAR = 0)
            return v
        case Reg.fifoCountH: return UInt8(truncatingIfNeeded: fifo.count >> 8) & 0x1F
        case Reg.fifoCountL: return UInt8(truncatingIfNeeded: fifo.count)
        case Reg.fifoRW:
            // An empty FIFO repeats the last byte read.
            if let b = fifo.popFirst() { lastFIFOByte = b }
            return lastFIFOByte
        default: return registers[i]
        }
    }

    public override func nextRegister(after r: UInt8) -> UInt8 {
        r == Reg.fifoRW ? r : (r &+ 1) & 0x7F
    }

    public override func write(register r: UInt8, value: UInt8) {
        let i = Int(r & 0x7F)
        switch r {
        case Reg.whoAmI, Reg.intStatus, Reg.fifoCountH, Reg.fifoCountL: return   // read-only
        case 0x3B...0x48: return
        case Reg.pwrMgmt1:
            if value & 0x80 != 0 { powerOnReset(); return }   // DEVICE_RESET
            registers[i] = value
            restartSampling()
        case Reg.userCtrl:
            if value & 0x04 != 0 { fifo.removeAll() }   // FIFO_RESET, self-clearing
            registers[i] = value & ~0x05
        case Reg.fifoRW: return
        case Reg.accelConfig2 where !model.hasAccelConfig2: return
        case Reg.smplrtDiv, Reg.config:
            registers[i] = value
            restartSampling()
        default: registers[i] = value
        }
    }
}
