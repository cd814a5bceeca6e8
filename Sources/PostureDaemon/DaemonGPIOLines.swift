import GPIO
import PostureConfig

/// The GPIO lines the daemon uses and how it requests each one: polarity, bias, edges. One
/// description for the daemon and for `posture gpio`, so the wiring check requests the lines
/// exactly as the daemon will.
public struct DaemonGPIOLine: Sendable {
    public enum Role: String, CaseIterable, Sendable {
        case motor, buzzer, led, button, dataReady = "data-ready"

        /// The configuration key that sets the line's offset.
        public var configKey: String {
            switch self {
            case .motor: return "gpio.motor_line"
            case .buzzer: return "gpio.buzzer_line"
            case .led: return "gpio.led_line"
            case .button: return "button.line"
            case .dataReady: return "sensor.data_ready"
            }
        }

        public var isOutput: Bool { self == .motor || self == .buzzer || self == .led }
    }

    public var role: Role
    /// nil = not fitted.
    public var offset: Int?
    public var activeLow: Bool
    /// Inputs only.
    public var bias: GPIOBias
    /// Inputs only: the button needs press and release; the IMU's INT pin only its rising edge.
    public var edges: GPIOEdgeSelection

    /// Every line in a fixed order (outputs first), fitted or not.
    public static func all(_ settings: DaemonSettings) -> [DaemonGPIOLine] {
        let g = settings.gpio, b = settings.button
        return [
            DaemonGPIOLine(role: .motor, offset: g.motor.offset, activeLow: g.motor.activeLow, bias: .asIs, edges: .both),
            DaemonGPIOLine(role: .buzzer, offset: g.buzzer.offset, activeLow: g.buzzer.activeLow, bias: .asIs, edges: .both),
            DaemonGPIOLine(role: .led, offset: g.led.offset, activeLow: g.led.activeLow, bias: .asIs, edges: .both),
            DaemonGPIOLine(role: .button, offset: b.line, activeLow: b.activeLow,
                           bias: GPIOBias(rawValue: b.bias.rawValue) ?? .asIs, edges: .both),
            // The IMU drives its interrupt pin push-pull, active high: no bias.
            DaemonGPIOLine(role: .dataReady, offset: settings.sensor.dataReadyLine, activeLow: false, bias: .asIs,
                           edges: .rising),
        ]
    }

    /// Requests the line on `chip` (which must be fitted: `offset` set) with the daemon's settings.
    public func requestOutput(on chip: any GPIOChip, offset: Int, consumer: String) throws -> GPIOOutputLine {
        try chip.requestOutput(offset: offset, activeLow: activeLow, consumer: consumer)
    }

    public func requestInput(on chip: any GPIOChip, offset: Int, consumer: String) throws -> GPIOInputLine {
        try chip.requestInput(offset: offset, activeLow: activeLow, bias: bias, edges: edges, consumer: consumer)
    }
}
