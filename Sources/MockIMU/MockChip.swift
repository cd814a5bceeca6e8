import PostureCore

/// A register-level simulation of one chip. The bus calls `sync(to:)` with the current
/// time before every transfer, so data accumulates exactly as time passes on the clock.
public class MockIMUChip {
    /// "MPU-6050", "LSM6DSO", ...
    public let chipName: String
    /// The value the chip's ID register holds.
    public let whoAmI: UInt8
    public let motion: MotionSource
    /// White noise added to every sample, like a real sensor (also keeps "stuck data"
    /// detection meaningful: real chips never repeat a sample bit for bit).
    public var accelNoiseG = 0.002
    public var gyroNoiseDegreesPerSecond = 0.05
    /// Data registers and FIFO stop updating (a hung chip); set by the fault plan.
    public internal(set) var frozen = false
    /// Motion is replaced by values far beyond full scale; set by the fault plan.
    public internal(set) var saturating = false
    /// Samples generated since power-on (tests check accumulation).
    public internal(set) var samplesGenerated = 0

    /// The chip's interrupt output (MPU INT, ST INT1) as electrical level changes, stamped with
    /// the bus-clock time they happened. Wire it to a GPIO input (`MockGPIOChip.injectLevel`) to
    /// model the INT wire. The chip runs when the bus advances it (every transfer, and
    /// `MockI2CBus.advanceChips()`), so levels are reported then, with their own earlier times.
    public var onInterruptLevel: ((_ timeSeconds: Double, _ high: Bool) -> Void)?
    /// The interrupt pin's electrical level now.
    public private(set) var interruptPinHigh = false
    /// False while unplugged: no supply, no samples, the pin is not driven (reads low).
    var powered = true

    var random: SplitMix64
    var nextSampleTime: Double?
    var lastSyncTime: Double = 0

    init(chipName: String, whoAmI: UInt8, motion: MotionSource, seed: UInt64) {
        self.chipName = chipName
        self.whoAmI = whoAmI
        self.motion = motion
        random = SplitMix64(seed: seed ^ 0x5EED)
    }

    // MARK: subclass hooks

    /// The output data rate now (0 when asleep or powered down).
    func currentRateHz() -> Double { 0 }
    /// Stores one sample in the data registers (and FIFO). Values are raw counts.
    func store(accelRaw: (Int16, Int16, Int16), gyroRaw: (Int16, Int16, Int16)) {}
    /// LSB per g and per deg/s at the current full scale.
    func accelCountsPerG() -> Double { 1 }
    func gyroCountsPerDegreesPerSecond() -> Double { 1 }
    /// How many samples the FIFO can hold: older ones are overwritten anyway, so a long
    /// gap only needs this many generated (plus `skipped(count:)` for the rest).
    func retainedSampleLimit() -> Int { 4096 }
    func skipped(count: Int) {}
    /// Restores the power-on register values (a reset or a power cycle).
    public func powerOnReset() { nextSampleTime = nil }
    /// Fills the FIFO past its capacity now (fault injection).
    public func forceFIFOOverflow() {}

    public func read(register: UInt8) -> UInt8 { 0 }
    public func write(register: UInt8, value: UInt8) {}
    /// The register a burst read continues with after `register`.
    public func nextRegister(after register: UInt8) -> UInt8 { register &+ 1 }
    /// The level the registers hold the interrupt pin at now (latched or level signals).
    func interruptPinLevel() -> Bool { false }
    /// For the sample just stored: the width of a pulse the pin gives (a pulsed data-ready), or nil.
    func interruptPulseSeconds() -> Double? { nil }

    // MARK: interrupt pin

    /// Re-evaluates the pin after anything that may change it (a sample, a transfer, a reset).
    func updateInterruptPin(at t: Double) {
        setInterruptPin(powered && interruptPinLevel(), at: t)
    }

    /// Power lost (unplugged) or back: the pin goes undriven while off.
    func setPowered(_ on: Bool, at t: Double) {
        powered = on
        updateInterruptPin(at: t)
    }

    private func setInterruptPin(_ high: Bool, at t: Double) {
        guard high != interruptPinHigh else { return }
        interruptPinHigh = high
        onInterruptLevel?(t, high)
    }

    // MARK: time

    /// Call after a configuration change that starts, stops or re-times sampling.
    func restartSampling() { nextSampleTime = nil }

    public func sync(to t: Double) {
        defer { if t > lastSyncTime { lastSyncTime = t } }
        let rate = currentRateHz()
        guard rate > 0 else { nextSampleTime = nil; return }
        let period = 1 / rate
        var next = nextSampleTime ?? (lastSyncTime + period)
        guard next <= t else { nextSampleTime = next; return }
        // The small epsilon keeps a sample due exactly at `t` from slipping to the next access.
        let due = Int(saturating: ((t - next) / period + 1e-9).rounded(.down)).addingReportingOverflow(1).partialValue
        let limit = retainedSampleLimit()
        if due > limit {
            if !frozen { skipped(count: due - limit) }
            next += Double(due - limit) * period
        }
        for _ in 0..<min(due, limit) {
            if !frozen { generate(at: next) }
            next += period
        }
        nextSampleTime = next
    }

    func generate(at t: Double) {
        var (a, g) = motion.motion(atSeconds: t)
        if saturating {
            a = Vector3(40, -40, 40)
            g = Vector3(-5000, 5000, -5000)
        }
        a += Vector3(random.gaussian(), random.gaussian(), random.gaussian()) * accelNoiseG
        g += Vector3(random.gaussian(), random.gaussian(), random.gaussian()) * gyroNoiseDegreesPerSecond
        let ka = accelCountsPerG()
        let kg = gyroCountsPerDegreesPerSecond()
        store(accelRaw: (Self.counts(a.x * ka), Self.counts(a.y * ka), Self.counts(a.z * ka)),
              gyroRaw: (Self.counts(g.x * kg), Self.counts(g.y * kg), Self.counts(g.z * kg)))
        samplesGenerated += 1
        if let width = interruptPulseSeconds() {
            let idle = interruptPinHigh
            setInterruptPin(!idle, at: t)
            setInterruptPin(idle, at: t + width)
        }
        updateInterruptPin(at: t)
    }

    /// Rounds and clamps like the ADC does at full scale.
    static func counts(_ v: Double) -> Int16 {
        Int16(saturating: v.rounded())  // NaN (inf - inf from a huge trace value) reads as 0
    }
}

/// A byte or word FIFO with a fixed capacity (a ring, so pushing never allocates).
struct RingBuffer<Element> {
    private var storage: [Element]
    private var head = 0
    private(set) var count = 0
    var capacity: Int { storage.count }

    init(capacity: Int, filler: Element) { storage = Array(repeating: filler, count: max(1, capacity)) }

    var isFull: Bool { count == storage.count }
    var first: Element? { count > 0 ? storage[head] : nil }

    /// Appends; when full, the oldest element is dropped (returns true then).
    @discardableResult mutating func pushOverwriting(_ e: Element) -> Bool {
        if count == storage.count {
            storage[head] = e
            head = (head + 1) % storage.count
            return true
        }
        storage[(head + count) % storage.count] = e
        count += 1
        return false
    }

    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let e = storage[head]
        head = (head + 1) % storage.count
        count -= 1
        return e
    }

    mutating func removeAll() { head = 0; count = 0 }
}
