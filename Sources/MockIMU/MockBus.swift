import I2C
import PostureCore
import SystemSupport

/// What goes wrong, and when, on one simulated device. Times are on the bus clock.
public struct MockFaultPlan: Sendable {
    /// Chance that any transfer is not acknowledged (EREMOTEIO), from a seeded generator.
    public var noAcknowledgeProbability = 0.0
    /// Chance of a bus I/O error (EIO) per transfer.
    public var ioErrorProbability = 0.0
    /// Chance that a block read breaks off partway (EIO after some bytes were clocked
    /// out): FIFO bytes already read are gone, as on a real bus.
    public var partialReadProbability = 0.0
    /// The sensor is unplugged during these spans: every transfer fails with `disconnectErrno`.
    public var disconnectWindows: [Range<Double>] = []
    /// EREMOTEIO (121) as the Raspberry Pi's i2c-bcm2835 reports a NACK, or ENXIO (6).
    public var disconnectErrno: Int32 = 121
    /// Plugging back in powers the chip up again: registers return to their reset values.
    public var powerCycleOnReconnect = true
    /// Data registers and FIFO freeze during these spans.
    public var stuckWindows: [Range<Double>] = []
    /// Every sample reads full scale during these spans.
    public var saturationWindows: [Range<Double>] = []
    /// The chip resets itself (brown-out) at these times.
    public var chipResetTimes: [Double] = []
    /// The FIFO is overfilled at these times.
    public var fifoOverflowTimes: [Double] = []
    public var seed: UInt64 = 1

    public init() {}
}

/// A simulated I2C bus holding chips at addresses; time comes from `clock`.
/// Opening a device at an empty address works (as on Linux); its transfers are not acknowledged.
public final class MockI2CBus: I2CBus {
    public let name: String
    public let clock: MonotonicClock
    private var slots: [UInt8: MockSlot] = [:]
    /// Transfers attempted and failed, for tests.
    public private(set) var transferCount = 0
    public private(set) var failedTransferCount = 0

    public init(clock: MonotonicClock, name: String = "mock") {
        self.clock = clock
        self.name = name
    }

    public func attach(_ chip: MockIMUChip, at address: UInt8, faults: MockFaultPlan = MockFaultPlan()) {
        slots[address] = MockSlot(chip: chip, faults: faults, startTime: clock.nowSeconds())
    }

    public func detach(address: UInt8) { slots[address] = nil }

    public func chip(at address: UInt8) -> MockIMUChip? { slots[address]?.chip }

    /// Changes the fault plan of a device already on the bus.
    public func setFaults(_ faults: MockFaultPlan, at address: UInt8) {
        slots[address]?.faults = faults
        slots[address]?.random = SplitMix64(seed: faults.seed)
    }

    public func device(at address: UInt8) throws(I2CError) -> I2CDevice {
        MockI2CDevice(bus: self, address: address)
    }

    /// When the next block read should break off: after how many bytes (nil: it completes).
    func partialReadLength(address: UInt8, count: Int) -> Int? {
        guard let slot = slots[address], slot.faults.partialReadProbability > 0, count > 1 else { return nil }
        guard slot.random.unit() < slot.faults.partialReadProbability else { return nil }
        return 1 + Int(slot.random.next() % UInt64(count - 1))
    }

    /// Brings the chip up to `now`, applies timed faults, then runs `body` unless the
    /// transfer fails.
    func transfer<R>(address: UInt8, register: UInt8, operation: String, _ body: (MockIMUChip) -> R) throws(I2CError) -> R {
        transferCount += 1
        let now = clock.nowSeconds()
        guard let slot = slots[address] else {
            failedTransferCount += 1
            throw I2CError(kind: .noAcknowledge, errno: 121, bus: name, address: address, register: register, operation: operation)
        }
        if let errnoValue = slot.prepare(now: now) {
            failedTransferCount += 1
            throw I2CError(kind: I2CError.kind(forErrno: errnoValue), errno: errnoValue, bus: name, address: address,
                           register: register, operation: operation)
        }
        let result = body(slot.chip)
        slot.chip.updateInterruptPin(at: now)   // reading data or the FIFO may release INT
        return result
    }

    /// Lets every chip run up to the clock's now without a transfer, as real chips do on their
    /// own: their interrupt pins change on time. The fault plan applies (an unplugged chip stays
    /// dark) but draws no random transfer errors.
    public func advanceChips() {
        let now = clock.nowSeconds()
        for slot in slots.values { _ = slot.advance(now: now) }
    }
}

/// A chip on the bus plus its fault state.
final class MockSlot {
    let chip: MockIMUChip
    var faults: MockFaultPlan
    var random: SplitMix64
    var lastTime: Double
    var wasDisconnected = false

    init(chip: MockIMUChip, faults: MockFaultPlan, startTime: Double) {
        self.chip = chip
        self.faults = faults
        random = SplitMix64(seed: faults.seed)
        lastTime = startTime
        chip.lastSyncTime = startTime
    }

    /// Advances the chip to `now`; returns an errno when this transfer fails.
    func prepare(now: Double) -> Int32? {
        if let errnoValue = advance(now: now) { return errnoValue }
        if faults.noAcknowledgeProbability > 0, random.unit() < faults.noAcknowledgeProbability { return 121 }
        if faults.ioErrorProbability > 0, random.unit() < faults.ioErrorProbability { return 5 }
        return nil
    }

    /// Applies the timed faults due by `now` and runs the chip up to it; returns the
    /// disconnect errno while unplugged.
    func advance(now: Double) -> Int32? {
        let previous = lastTime
        if now > lastTime { lastTime = now }
        // Self-resets and forced overflows that fell due since the last transfer, in order.
        for t in faults.chipResetTimes where t > previous && t <= now {
            chip.sync(to: t)
            chip.powerOnReset()
            chip.updateInterruptPin(at: t)
        }
        for t in faults.fifoOverflowTimes where t > previous && t <= now {
            chip.sync(to: t)
            chip.forceFIFOOverflow()
        }
        chip.frozen = faults.stuckWindows.contains { $0.contains(now) }
        chip.saturating = faults.saturationWindows.contains { $0.contains(now) }
        if let window = faults.disconnectWindows.first(where: { $0.contains(now) }) {
            // Unplugged: nothing answers; the chip has no power.
            if !wasDisconnected {
                chip.sync(to: window.lowerBound)
                chip.setPowered(false, at: window.lowerBound)
            }
            wasDisconnected = true
            return faults.disconnectErrno
        }
        if wasDisconnected {
            wasDisconnected = false
            if faults.powerCycleOnReconnect { chip.powerOnReset() }
            chip.lastSyncTime = now
            chip.setPowered(true, at: now)
        }
        chip.sync(to: now)
        return nil
    }
}

/// The `I2CDevice` handle for one address on a mock bus.
public final class MockI2CDevice: I2CDevice {
    public let bus: MockI2CBus
    public let address: UInt8
    public var busName: String { bus.name }

    init(bus: MockI2CBus, address: UInt8) {
        self.bus = bus
        self.address = address
    }

    public func readByte(register: UInt8) throws(I2CError) -> UInt8 {
        try bus.transfer(address: address, register: register, operation: "read byte") { $0.read(register: register) }
    }

    public func writeByte(register: UInt8, value: UInt8) throws(I2CError) {
        try bus.transfer(address: address, register: register, operation: "write byte") { $0.write(register: register, value: value) }
    }

    public func readWord(register: UInt8) throws(I2CError) -> UInt16 {
        try bus.transfer(address: address, register: register, operation: "read word") { chip in
            let low = chip.read(register: register)
            let high = chip.read(register: chip.nextRegister(after: register))
            return UInt16(high) << 8 | UInt16(low)
        }
    }

    public func readBlock(register: UInt8, count: Int, into buffer: inout [UInt8], offset: Int) throws(I2CError) {
        guard count >= 1, count <= i2cBlockMaxBytes, offset >= 0, offset + count <= buffer.count else {
            throw I2CError(kind: .invalidArgument, errno: 22, bus: bus.name, address: address, register: register,
                           operation: "block read of \(count) bytes (1...32, within the buffer)")
        }
        let cutAfter = bus.partialReadLength(address: address, count: count)
        try bus.transfer(address: address, register: register, operation: "block read of \(count) bytes") { chip in
            var r = register
            for i in 0..<(cutAfter ?? count) {
                buffer[offset + i] = chip.read(register: r)
                r = chip.nextRegister(after: r)
            }
        }
        if cutAfter != nil {
            throw I2CError(kind: .ioError, errno: 5, bus: bus.name, address: address, register: register,
                           operation: "block read of \(count) bytes")
        }
    }
}
