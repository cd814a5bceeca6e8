import IMUDrivers
import PostureCore

/// Wearer actions that arrive with the samples (trace markers in mock mode).
public protocol UserActionSource: AnyObject {
    /// Actions whose time has come, oldest first; removes them.
    func takeActions(into actions: inout [UserAction])
}

/// A bus failure simulated by `TracePlaybackSensor`.
public struct SimulatedBusError: Error, CustomStringConvertible {
    public var description: String { "I2C transfer failed (simulated disconnect: EREMOTEIO)" }
}

/// An IMU that plays a recorded trace in clock time, looping: the sensor of `--mock` when
/// no register-level simulation is wanted, and of the daemon's tests (with fault windows).
/// Sample timestamps are on the daemon's monotonic clock.
public final class TracePlaybackSensor: IMUSensor, UserActionSource {
    public let chipName: String
    public let address: UInt8 = 0x68
    private let times: [Double]
    private let accel: [Vector3]
    private let gyro: [Vector3]
    private let markers: [UserAction?]
    private let durationSeconds: Double
    private let clock: DaemonClock
    public var loop: Bool
    /// Monotonic intervals during which reads fail as if the sensor were unplugged.
    public var disconnectWindows: [ClosedRange<Double>] = []
    /// Reads succeed but deliver nothing (a chip that stopped sampling).
    public var stalled = false
    private var origin: Double?
    private var cursor = 0
    private var lap = 0
    private var dueActions: [UserAction] = []

    public init(records: [(sample: IMUSample, marker: UserAction?)], clock: DaemonClock, loop: Bool, chipName: String = "trace") {
        let t0 = records.first?.sample.timeSeconds ?? 0
        times = records.map { $0.sample.timeSeconds - t0 }
        accel = records.map(\.sample.accelG)
        gyro = records.map(\.sample.gyroDegreesPerSecond)
        markers = records.map(\.marker)
        // One nominal sample period after the last sample, so a loop does not repeat a time.
        let period = times.count > 1 ? (times[times.count - 1] - times[0]) / Double(times.count - 1) : 0.01
        durationSeconds = (times.last ?? 0) + max(period, 1e-3)
        self.clock = clock
        self.loop = loop
        self.chipName = chipName
    }

    public func start(settings: IMUSettings) throws {
        if isDisconnected(clock.monotonicSeconds) { throw SimulatedBusError() }
        if origin == nil { origin = clock.monotonicSeconds }
    }

    func isDisconnected(_ t: Double) -> Bool { disconnectWindows.contains { $0.contains(t) } }

    public func readAvailable(into samples: inout [IMUSample]) throws -> IMUReadReport {
        let now = clock.monotonicSeconds
        guard let origin, !times.isEmpty else { return IMUReadReport() }
        var dropped = 0
        while true {
            if cursor >= times.count {
                guard loop else { break }
                cursor = 0
                lap += 1
            }
            let t = origin + Double(lap) * durationSeconds + times[cursor]
            if t > now { break }
            cursor += 1
            // Samples taken while unplugged are lost; so are those of a stalled chip.
            if isDisconnected(t) || stalled { dropped += 1; continue }
            if let m = markers[cursor - 1] { dueActions.append(m) }
            samples.append(IMUSample(timeSeconds: t, accelG: accel[cursor - 1], gyroDegreesPerSecond: gyro[cursor - 1]))
        }
        if isDisconnected(now) { throw SimulatedBusError() }
        return IMUReadReport(fifoOverflowed: false, droppedSamples: dropped)
    }

    public func takeActions(into actions: inout [UserAction]) {
        actions.append(contentsOf: dueActions)
        dueActions.removeAll(keepingCapacity: true)
    }
}
