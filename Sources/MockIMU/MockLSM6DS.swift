import PostureCore

/// ST LSM6DS3 / LSM6DS3TR-C / LSM6DSL (untagged FIFO of 16-bit words in a gyro-then-accel
/// pattern) and LSM6DSO / LSM6DSOX (tagged FIFO of 7-byte words). Little-endian data,
/// gyro at 0x22...0x27, accel at 0x28...0x2D.
public final class MockLSM6DS: MockIMUChip {
    public struct Model: Sendable, Equatable {
        public var name: String
        public var whoAmI: UInt8
        /// FIFO capacity in words (16-bit for untagged, 7-byte for tagged).
        public var fifoWords: Int
        public var taggedFIFO: Bool

        public init(name: String, whoAmI: UInt8, fifoWords: Int, taggedFIFO: Bool) {
            self.name = name
            self.whoAmI = whoAmI
            self.fifoWords = fifoWords
            self.taggedFIFO = taggedFIFO
        }

        public static let lsm6ds3 = Model(name: "LSM6DS3", whoAmI: 0x69, fifoWords: 4096, taggedFIFO: false)
        public static let lsm6dsl = Model(name: "LSM6DS3TR-C/LSM6DSL", whoAmI: 0x6A, fifoWords: 2048, taggedFIFO: false)
        public static let lsm6dso = Model(name: "LSM6DSO/LSM6DSOX", whoAmI: 0x6C, fifoWords: 512, taggedFIFO: true)
    }

    enum Reg {
        static let fifoCtrl1DS3: UInt8 = 0x06, fifoCtrl2DS3: UInt8 = 0x07, fifoCtrl3DS3: UInt8 = 0x08, fifoCtrl5DS3: UInt8 = 0x0A
        static let fifoCtrl1DSO: UInt8 = 0x07, fifoCtrl2DSO: UInt8 = 0x08, int1Ctrl: UInt8 = 0x0D
        static let fifoCtrl3DSO: UInt8 = 0x09, fifoCtrl4DSO: UInt8 = 0x0A
        static let whoAmI: UInt8 = 0x0F, ctrl1XL: UInt8 = 0x10, ctrl2G: UInt8 = 0x11, ctrl3C: UInt8 = 0x12
        static let status: UInt8 = 0x1E, outGyro: UInt8 = 0x22, outAccel: UInt8 = 0x28
        static let fifoStatus1: UInt8 = 0x3A, fifoStatus2: UInt8 = 0x3B, fifoStatus3: UInt8 = 0x3C, fifoStatus4: UInt8 = 0x3D
        static let fifoOutL: UInt8 = 0x3E, fifoOutH: UInt8 = 0x3F
        static let fifoTag: UInt8 = 0x78, fifoDataLast: UInt8 = 0x7E
    }

    /// ODR codes 1...10 of CTRL1_XL/CTRL2_G/FIFO (Hz).
    static let odrHz: [Double] = [0, 12.5, 26, 52, 104, 208, 416, 833, 1660, 3330, 6660]

    public let model: Model
    private var registers = [UInt8](repeating: 0, count: 128)
    /// Untagged FIFO: 16-bit words.
    private var words: RingBuffer<UInt16>
    /// Tagged FIFO: (tag, six data bytes) packed in a UInt64 (tag in the low byte).
    private var tagged: RingBuffer<UInt64>
    private var overrun = false
    /// Words ever removed (read or overwritten) since the last flush: gives FIFO_PATTERN.
    private var wordsConsumed = 0
    private var tagCounter: UInt8 = 0

    public init(_ model: Model, motion: MotionSource, seed: UInt64 = 1) {
        self.model = model
        words = RingBuffer(capacity: model.taggedFIFO ? 1 : model.fifoWords, filler: 0)
        tagged = RingBuffer(capacity: model.taggedFIFO ? model.fifoWords : 1, filler: 0)
        super.init(chipName: model.name, whoAmI: model.whoAmI, motion: motion, seed: seed)
        powerOnReset()
    }

    public override func powerOnReset() {
        super.powerOnReset()
        for i in registers.indices { registers[i] = 0 }
        registers[Int(Reg.whoAmI)] = model.whoAmI
        registers[Int(Reg.ctrl3C)] = 0x04   // IF_INC
        flushFIFO()
    }

    private func flushFIFO() {
        words.removeAll()
        tagged.removeAll()
        overrun = false
        wordsConsumed = 0
    }

    public func register(_ r: UInt8) -> UInt8 { registers[Int(r & 0x7F)] }
    public var fifoWordCount: Int { model.taggedFIFO ? tagged.count : words.count }

    private var accelODRCode: Int { Int(registers[Int(Reg.ctrl1XL)] >> 4) }
    private var gyroODRCode: Int { Int(registers[Int(Reg.ctrl2G)] >> 4) }

    override func currentRateHz() -> Double {
        let code = accelODRCode > 0 ? accelODRCode : gyroODRCode
        return code > 0 && code < Self.odrHz.count ? Self.odrHz[code] : 0
    }

    override func accelCountsPerG() -> Double {
        // FS_XL: 00 = ±2 g, 01 = ±16 g, 10 = ±4 g, 11 = ±8 g; 0.061 mg/LSB at ±2 g.
        let rangeG = [2.0, 16, 4, 8][Int((registers[Int(Reg.ctrl1XL)] >> 2) & 3)]
        return 1000 / (0.061 * rangeG / 2)
    }

    override func gyroCountsPerDegreesPerSecond() -> Double {
        let g = registers[Int(Reg.ctrl2G)]
        if g & 0x02 != 0 { return 1000 / 4.375 }   // FS_125
        return 1000 / [8.75, 17.5, 35, 70][Int((g >> 2) & 3)]
    }

    private var fifoMode: UInt8 { registers[Int(model.taggedFIFO ? Reg.fifoCtrl4DSO : Reg.fifoCtrl5DS3)] & 0x07 }

    private var fifoGyro: Bool {
        model.taggedFIFO ? registers[Int(Reg.fifoCtrl3DSO)] >> 4 != 0 : (registers[Int(Reg.fifoCtrl3DS3)] >> 3) & 7 != 0
    }

    private var fifoAccel: Bool {
        model.taggedFIFO ? registers[Int(Reg.fifoCtrl3DSO)] & 0x0F != 0 : registers[Int(Reg.fifoCtrl3DS3)] & 7 != 0
    }

    private var fifoActive: Bool {
        guard fifoMode != 0, fifoGyro || fifoAccel else { return false }
        // The DS3 generation also needs a FIFO ODR.
        return model.taggedFIFO || (registers[Int(Reg.fifoCtrl5DS3)] >> 3) & 0x0F != 0
    }

    private var wordsPerSample: Int { (fifoGyro ? 1 : 0) + (fifoAccel ? 1 : 0) }

    /// The FIFO threshold in words: FTH[11:0] (DS3), FTH[10:0] (DSL), WTM[8:0] (DSO); 0 = none.
    private var watermarkWords: Int {
        if model.taggedFIFO {
            return Int(registers[Int(Reg.fifoCtrl1DSO)]) | Int(registers[Int(Reg.fifoCtrl2DSO)] & 0x01) << 8
        }
        let highMask: UInt8 = model.fifoWords > 2048 ? 0x0F : 0x07
        return Int(registers[Int(Reg.fifoCtrl1DS3)]) | Int(registers[Int(Reg.fifoCtrl2DS3)] & highMask) << 8
    }

    /// FIFO_STATUS2 FTH / FIFO_WTM_IA: the FIFO holds at least the threshold.
    private var watermarkReached: Bool {
        let threshold = watermarkWords
        return threshold > 0 && fifoWordCount >= threshold
    }

    /// INT1 (INT1_CTRL 0x0D): data-ready bits 0 (XL) and 1 (G) follow STATUS_REG's XLDA and GDA
    /// (latched until the outputs are read); bit 3 follows the FIFO threshold flag. CTRL3_C
    /// H_LACTIVE (bit 5) inverts the pin.
    override func interruptPinLevel() -> Bool {
        let routed = registers[Int(Reg.int1Ctrl)]
        let status = registers[Int(Reg.status)]
        let asserted = (routed & 0x01 != 0 && status & 0x01 != 0) || (routed & 0x02 != 0 && status & 0x02 != 0)
            || (routed & 0x08 != 0 && watermarkReached)
        return asserted != (registers[Int(Reg.ctrl3C)] & 0x20 != 0)
    }

    override func retainedSampleLimit() -> Int {
        let perSample = model.taggedFIFO ? wordsPerSample : 3 * wordsPerSample
        return model.fifoWords / max(1, perSample) + 2
    }

    override func skipped(count: Int) {
        guard fifoActive else { return }
        overrun = true
        if !model.taggedFIFO { wordsConsumed += count * 3 * wordsPerSample }
    }

    override func store(accelRaw a: (Int16, Int16, Int16), gyroRaw g: (Int16, Int16, Int16)) {
        func put(_ reg: UInt8, _ v: Int16) {
            registers[Int(reg)] = UInt8(truncatingIfNeeded: v)
            registers[Int(reg) + 1] = UInt8(truncatingIfNeeded: v >> 8)
        }
        let gyroOn = gyroODRCode > 0
        if accelODRCode > 0 {
            put(Reg.outAccel, a.0); put(Reg.outAccel + 2, a.1); put(Reg.outAccel + 4, a.2)
            registers[Int(Reg.status)] |= 0x01   // XLDA
        }
        if gyroOn {
            put(Reg.outGyro, g.0); put(Reg.outGyro + 2, g.1); put(Reg.outGyro + 4, g.2)
            registers[Int(Reg.status)] |= 0x02   // GDA
        }
        guard fifoActive else { return }
        if model.taggedFIFO {
            tagCounter = (tagCounter + 1) & 3
            if fifoGyro { pushTagged(sensor: 0x01, g) }
            if fifoAccel { pushTagged(sensor: 0x02, a) }
        } else {
            // The pattern: gyro data set first, then accel.
            if fifoGyro { pushWord(g.0); pushWord(g.1); pushWord(g.2) }
            if fifoAccel { pushWord(a.0); pushWord(a.1); pushWord(a.2) }
        }
    }

    private func pushWord(_ v: Int16) {
        if words.isFull {
            overrun = true
            if fifoMode == 1 { return }   // FIFO mode: stops when full
            wordsConsumed += 1            // continuous: the oldest word is overwritten
        }
        words.pushOverwriting(UInt16(bitPattern: v))
    }

    private func pushTagged(sensor: UInt8, _ v: (Int16, Int16, Int16)) {
        if tagged.isFull {
            overrun = true
            if fifoMode == 1 { return }
        }
        let packed = UInt64(sensor << 3 | tagCounter << 1)
            | UInt64(UInt16(bitPattern: v.0)) << 8
            | UInt64(UInt16(bitPattern: v.1)) << 24
            | UInt64(UInt16(bitPattern: v.2)) << 40
        tagged.pushOverwriting(packed)
    }

    public override func forceFIFOOverflow() {
        guard fifoActive else { return }
        for _ in 0..<retainedSampleLimit() { generate(at: lastSyncTime) }
    }

    public override func read(register r: UInt8) -> UInt8 {
        let i = Int(r & 0x7F)
        let count = fifoWordCount
        switch r {
        case Reg.fifoStatus1: return UInt8(truncatingIfNeeded: count)
        case Reg.fifoStatus2:
            let full: UInt8 = count >= model.fifoWords ? 0x20 : 0
            let over: UInt8 = overrun ? 0x40 : 0
            let threshold: UInt8 = watermarkReached ? 0x80 : 0
            if model.taggedFIFO { return threshold | over | full | UInt8((count >> 8) & 0x03) }
            let empty: UInt8 = count == 0 ? 0x10 : 0
            return threshold | over | full | empty | UInt8((count >> 8) & 0x0F)
        case Reg.fifoStatus3 where !model.taggedFIFO:
            return UInt8(truncatingIfNeeded: wordsConsumed % max(1, 3 * wordsPerSample))
        case Reg.fifoStatus4 where !model.taggedFIFO:
            return UInt8(truncatingIfNeeded: (wordsConsumed % max(1, 3 * wordsPerSample)) >> 8)
        case Reg.fifoOutL where !model.taggedFIFO:
            return UInt8(truncatingIfNeeded: words.first ?? 0)
        case Reg.fifoOutH where !model.taggedFIFO:
            guard let w = words.popFirst() else { return 0 }
            wordsConsumed += 1
            return UInt8(truncatingIfNeeded: w >> 8)
        case Reg.fifoTag...Reg.fifoDataLast where model.taggedFIFO:
            guard let w = tagged.first else { return 0 }
            let byte = UInt8(truncatingIfNeeded: w >> (UInt64(r - Reg.fifoTag) * 8))
            if r == Reg.fifoDataLast { _ = tagged.popFirst() }
            return byte
        case Reg.outAccel...(Reg.outAccel + 5):
            registers[Int(Reg.status)] &= ~0x01
            return registers[i]
        case Reg.outGyro...(Reg.outGyro + 5):
            registers[Int(Reg.status)] &= ~0x02
            return registers[i]
        default: return registers[i]
        }
    }

    public override func nextRegister(after r: UInt8) -> UInt8 {
        if registers[Int(Reg.ctrl3C)] & 0x04 == 0 { return r }   // IF_INC off
        // Burst reads of the FIFO output roll back to its first register.
        if !model.taggedFIFO && r == Reg.fifoOutH { return Reg.fifoOutL }
        if model.taggedFIFO && r == Reg.fifoDataLast { return Reg.fifoTag }
        return (r &+ 1) & 0x7F
    }

    public override func write(register r: UInt8, value: UInt8) {
        let i = Int(r & 0x7F)
        switch r {
        case Reg.whoAmI, Reg.status, 0x20...0x2D, Reg.fifoStatus1...Reg.fifoOutH: return
        case Reg.ctrl3C:
            if value & 0x81 != 0 { powerOnReset(); return }   // SW_RESET or BOOT
            registers[i] = value
        case Reg.ctrl1XL, Reg.ctrl2G:
            registers[i] = value
            restartSampling()
        case 0x0A:
            registers[i] = value
            if value & 0x07 == 0 { flushFIFO() }   // bypass mode empties the FIFO
        default: registers[i] = value
        }
    }
}
