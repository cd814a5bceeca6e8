// IMUDrivers: see Package.swift for this module's job.
import PostureCore

/// Output data rate, ranges and filter a driver configures (from `[sensor]` config).
public struct IMUSettings: Equatable, Sendable {
    public var sampleRateHz: Double = 100
    public var accelRangeG: Int = 4
    public var gyroRangeDegreesPerSecond: Int = 500
    /// Digital low-pass filter bandwidth; the driver picks the nearest the chip offers.
    public var lowPassHz: Double = 44
    /// Read through the FIFO (batched) rather than one data-register burst per sample.
    public var useFIFO: Bool = true
    /// How often the reader takes a batch from the FIFO. Sets the FIFO watermark whose
    /// interrupt (ST INT1) wakes a reader waiting on a data-ready line once per batch.
    public var batchIntervalSeconds: Double = 0.25
    public init() {}
}

/// What a driver actually set: the nearest values the chip supports.
public struct AppliedIMUSettings: Equatable, Sendable {
    public var sampleRateHz: Double
    public var accelRangeG: Int
    public var gyroRangeDegreesPerSecond: Int
    /// Accelerometer low-pass bandwidth.
    public var lowPassHz: Double
    /// False when FIFO was not asked for or is not safe on this chip (unverified clones).
    public var usesFIFO: Bool
    /// The chip's interrupt pin (MPU INT, ST INT1) is asserted once per this many samples:
    /// 1 = data-ready, more = the FIFO watermark.
    public var samplesPerInterrupt: Int

    public init(sampleRateHz: Double, accelRangeG: Int, gyroRangeDegreesPerSecond: Int, lowPassHz: Double, usesFIFO: Bool,
                samplesPerInterrupt: Int = 1) {
        self.sampleRateHz = sampleRateHz
        self.accelRangeG = accelRangeG
        self.gyroRangeDegreesPerSecond = gyroRangeDegreesPerSecond
        self.lowPassHz = lowPassHz
        self.usesFIFO = usesFIFO
        self.samplesPerInterrupt = samplesPerInterrupt
    }
}

/// A configured IMU delivering timestamped samples in g and degrees per second.
/// Implemented by the chip drivers; the daemon and `posture record` use only this.
public protocol IMUSensor: AnyObject {
    /// Chip name, e.g. "MPU-6050", and where it was found.
    var chipName: String { get }
    var address: UInt8 { get }
    /// Resets the chip and applies `settings`. Called again to re-initialise after a fault.
    func start(settings: IMUSettings) throws
    /// Reads every sample available now (FIFO batch or one burst) and appends them.
    /// Timestamps are in seconds on the clock the driver was given.
    /// Throws a typed error on bus failure (`I2CError`); FIFO overflow is recovered and
    /// reported in the returned report, not thrown. Samples decoded before a bus error
    /// are still appended.
    func readAvailable(into samples: inout [IMUSample]) throws -> IMUReadReport
    /// What `start` configured; nil before `start`.
    var appliedSettings: AppliedIMUSettings? { get }
    /// Reads the configuration registers back: false when the chip lost its configuration
    /// (it reset itself, a brown-out). Throws on bus failure.
    func verifyConfiguration() throws -> Bool
}

extension IMUSensor {
    public var appliedSettings: AppliedIMUSettings? { nil }
    public func verifyConfiguration() throws -> Bool { true }
}

/// What happened during one read besides the samples.
public struct IMUReadReport: Equatable, Sendable {
    /// The FIFO overflowed and was flushed; samples were lost.
    public var fifoOverflowed = false
    /// Samples dropped (overflow, partial frames).
    public var droppedSamples = 0
    /// Samples with an axis at the end of its range (clipped motion).
    public var saturatedSamples = 0
    public init(fifoOverflowed: Bool = false, droppedSamples: Int = 0, saturatedSamples: Int = 0) {
        self.fifoOverflowed = fifoOverflowed
        self.droppedSamples = droppedSamples
        self.saturatedSamples = saturatedSamples
    }
}
