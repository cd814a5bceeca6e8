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
    public init() {}
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
    /// Throws a typed error on bus failure; FIFO overflow is recovered and reported
    /// in the returned report, not thrown.
    func readAvailable(into samples: inout [IMUSample]) throws -> IMUReadReport
}

/// What happened during one read besides the samples.
public struct IMUReadReport: Equatable, Sendable {
    /// The FIFO overflowed and was flushed; samples were lost.
    public var fifoOverflowed = false
    /// Samples dropped (overflow, partial frames).
    public var droppedSamples = 0
    public init(fifoOverflowed: Bool = false, droppedSamples: Int = 0) {
        self.fifoOverflowed = fifoOverflowed
        self.droppedSamples = droppedSamples
    }
}
