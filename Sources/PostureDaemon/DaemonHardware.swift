import GPIO
import IMUDrivers
import PostureCore

/// What the sensor can do beyond delivering samples. The service asks these questions instead
/// of knowing where the sensor came from (program set-up decides, e.g. PostureApp's mock wiring).
public struct SensorCapabilities: Equatable, Sendable {
    /// Every sample since the last read arrives at the next read, with or without the FIFO (a
    /// simulated chip computes them on demand), so reads can always be batched.
    public var keepsBacklog: Bool
    /// A simulation, not a body-worn chip: `posture status` says so.
    public var isSimulated: Bool

    public init(keepsBacklog: Bool, isSimulated: Bool) {
        self.keepsBacklog = keepsBacklog
        self.isSimulated = isSimulated
    }

    /// A chip on a real bus.
    public static let hardware = SensorCapabilities(keepsBacklog: false, isSimulated: false)
    /// The register-level simulation of a chip, fed by a trace.
    public static let simulated = SensorCapabilities(keepsBacklog: true, isSimulated: true)
}

/// Wearer actions that arrive with the samples (a recording's markers replayed as presses).
public protocol UserActionSource: AnyObject {
    /// Actions whose time has come, oldest first; removes them.
    func takeActions(into actions: inout [UserAction])
}

/// The devices the service drives. Outputs and inputs are optional: a board may have no
/// buzzer, LED or button.
public struct DaemonHardware {
    /// Owns the IMU: reads, retries, re-initialises, re-probes after a disconnect.
    public var sensor: SensorSupervisor
    /// "MPU-6050 at 0x68 on /dev/i2c-1", or where it is looked for.
    public var sensorDescription: String
    public var sensorCapabilities: SensorCapabilities
    public var motor: GPIOOutputLine?
    public var buzzer: GPIOOutputLine?
    public var led: GPIOOutputLine?
    public var button: GPIOInputLine?
    public var dataReady: GPIOInputLine?
    /// Presses that come with the sensor's data (a replayed recording's markers).
    public var actionSource: UserActionSource?

    public init(sensor: SensorSupervisor, sensorDescription: String, sensorCapabilities: SensorCapabilities = .hardware,
                motor: GPIOOutputLine? = nil, buzzer: GPIOOutputLine? = nil, led: GPIOOutputLine? = nil,
                button: GPIOInputLine? = nil, dataReady: GPIOInputLine? = nil, actionSource: UserActionSource? = nil) {
        self.sensor = sensor
        self.sensorDescription = sensorDescription
        self.sensorCapabilities = sensorCapabilities
        self.motor = motor
        self.buzzer = buzzer
        self.led = led
        self.button = button
        self.dataReady = dataReady
        self.actionSource = actionSource
    }
}
