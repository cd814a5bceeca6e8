import I2C
import PostureCore
import SystemSupport

typealias RawAxes = (Int16, Int16, Int16)

/// Collects raw frames of one read, then converts and timestamps them. FIFO batches are
/// timestamped backwards from the read time at the configured sample interval; times
/// never go backwards across reads. Storage is reserved once, so reads do not allocate.
struct SampleAssembler {
    private var accel: [(Int16, Int16, Int16)] = []
    private var gyro: [(Int16, Int16, Int16)] = []
    var accelGPerCount = 1.0
    var gyroDegreesPerSecondPerCount = 1.0
    var sampleIntervalSeconds = 0.01
    /// The newest timestamp handed out.
    private(set) var lastTimestamp = -Double.infinity

    init(capacity: Int) {
        accel.reserveCapacity(capacity)
        gyro.reserveCapacity(capacity)
    }

    var count: Int { accel.count }

    /// Adds one frame; returns true when an axis sits at the end of its range.
    @discardableResult
    mutating func add(accel a: (Int16, Int16, Int16), gyro g: (Int16, Int16, Int16)) -> Bool {
        accel.append(a)
        gyro.append(g)
        return Self.clipped(a.0) || Self.clipped(a.1) || Self.clipped(a.2)
            || Self.clipped(g.0) || Self.clipped(g.1) || Self.clipped(g.2)
    }

    static func clipped(_ v: Int16) -> Bool { v == .max || v == .min }

    /// Appends the collected frames as samples, the last one at `readTime`.
    mutating func emit(into samples: inout [IMUSample], readTime: Double) {
        let n = accel.count
        for i in 0..<n {
            var t = readTime - Double(n - 1 - i) * sampleIntervalSeconds
            if t <= lastTimestamp { t = lastTimestamp + 1e-6 }
            lastTimestamp = t
            let a = accel[i], g = gyro[i]
            samples.append(IMUSample(
                timeSeconds: t,
                accelG: Vector3(Double(a.0), Double(a.1), Double(a.2)) * accelGPerCount,
                gyroDegreesPerSecond: Vector3(Double(g.0), Double(g.1), Double(g.2)) * gyroDegreesPerSecondPerCount))
        }
        accel.removeAll(keepingCapacity: true)
        gyro.removeAll(keepingCapacity: true)
    }

    /// Reads `frames` whole frames from a FIFO data port, `framesPerTransfer` per block
    /// transfer (at most 32 bytes), decodes and emits them; returns how many were clipped.
    /// On a bus error the frames already read are emitted (timed as if the batch ended
    /// there) before the error is rethrown, so nothing read is lost.
    mutating func readFIFOFrames(
        _ frames: Int, frameBytes: Int, framesPerTransfer: Int, port: UInt8, device: I2CDevice,
        buffer: inout [UInt8], into samples: inout [IMUSample], readTime: Double, rateHz: Double,
        decode: ([UInt8], Int) -> (accel: RawAxes, gyro: RawAxes)
    ) throws(I2CError) -> Int {
        var clipped = 0
        var done = 0
        while done < frames {
            let n = min(framesPerTransfer, frames - done)
            do {
                try device.readBlock(register: port, count: n * frameBytes, into: &buffer, offset: 0)
            } catch {
                emit(into: &samples, readTime: readTime - Double(frames - done) / rateHz)
                throw error
            }
            for f in 0..<n {
                let frame = decode(buffer, f * frameBytes)
                if add(accel: frame.accel, gyro: frame.gyro) { clipped += 1 }
            }
            done += n
        }
        emit(into: &samples, readTime: readTime)
        return clipped
    }

    /// When the previous burst sample was read (nil after a restart).
    private var lastBurstTime: Double?

    /// One burst of the data registers (a single transfer, so one consistent sample) when
    /// `ready`; counts the samples missed since the previous burst (polling too slowly).
    mutating func readBurst(
        register: UInt8, count: Int, device: I2CDevice, buffer: inout [UInt8], into samples: inout [IMUSample],
        clock: MonotonicClock, decode: ([UInt8]) -> (accel: RawAxes, gyro: RawAxes)
    ) throws(I2CError) -> IMUReadReport {
        try device.readBlock(register: register, count: count, into: &buffer, offset: 0)
        let now = clock.nowSeconds()
        let frame = decode(buffer)
        var report = IMUReadReport(saturatedSamples: add(accel: frame.accel, gyro: frame.gyro) ? 1 : 0)
        if let last = lastBurstTime {
            report.droppedSamples = max(0, Int(((now - last) / sampleIntervalSeconds).rounded()) - 1)
        }
        lastBurstTime = now
        emit(into: &samples, readTime: now)
        return report
    }

    mutating func discard() {
        accel.removeAll(keepingCapacity: true)
        gyro.removeAll(keepingCapacity: true)
        lastBurstTime = nil
    }
}

/// Picks the supported value nearest to the requested one (ties go to the larger).
func nearest<T: BinaryFloatingPoint>(_ wanted: T, in options: [T]) -> Int {
    var best = 0
    for (i, v) in options.enumerated() {
        let d = abs(v - wanted), bd = abs(options[best] - wanted)
        if d < bd || (d == bd && v > options[best]) { best = i }
    }
    return best
}

func bigEndian(_ b: [UInt8], _ i: Int) -> Int16 { Int16(bitPattern: UInt16(b[i]) << 8 | UInt16(b[i + 1])) }
func littleEndian(_ b: [UInt8], _ i: Int) -> Int16 { Int16(bitPattern: UInt16(b[i + 1]) << 8 | UInt16(b[i])) }
