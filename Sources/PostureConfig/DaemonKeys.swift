import PostureCoaching

// The daemon's settings: one struct per section (SensorKeys.swift, GPIOKeys.swift, ButtonKeys.swift,
// NudgeKeys.swift, ServiceKeys.swift hold each section's types and keys); here the whole, the
// section docs, the key list and the checks across sections.

/// Everything `posture run` needs besides the pipeline.
public struct DaemonSettings: Equatable, Sendable {
    public var sensor = SensorBusSettings()
    public var gpio = GPIOLineSettings()
    public var button = ButtonSettings()
    public var nudge = NudgeSettings()
    public var control = ControlSettings()
    public var state = StateSettings()
    public var log = LogSettings()
    public var mock = MockSettings()
    /// `[[routine]]` tables: the wearer's own guided routines.
    public var routines: [RoutineDefinition] = []
    public var metrics = MetricsSettings()
    public var mqtt = MQTTSettings()
    public init() {}
}

extension PostureConfiguration {
    public static var daemonSectionDocs: [ConfigSectionDoc] {
        [
            ConfigSectionDoc("gpio", "GPIO lines of the vibration motor, buzzer and LED (libgpiod)."),
            ConfigSectionDoc("button", "The push button: gestures and what they do."),
            ConfigSectionDoc("nudge", "Haptic feedback: patterns ([on_ms, off_ms, on_ms, ...]), limits, quiet hours."),
            ConfigSectionDoc("control", "The control socket used by `posture status`, `posture snooze`, ..."),
            ConfigSectionDoc("state", "Calibration, snooze, daily counters and the event history."),
            ConfigSectionDoc("log", "Logging (to standard error; journald shows the priorities)."),
            ConfigSectionDoc("mock", "Run without hardware: a simulated IMU fed by a trace, a simulated GPIO chip."),
            ConfigSectionDoc("metrics", "Prometheus: a node_exporter textfile-collector file."),
            ConfigSectionDoc("schedule", "Working hours by weekday: slouch and sitting alerts only then (stretch feedback always plays)."),
            ConfigSectionDoc("mqtt", "Home Assistant over MQTT: discovery, states, commands (off by default)."),
        ]
    }

    public static var daemonKeys: [ConfigKeySpec] {
        sensorBusKeys + gpioKeys + buttonKeys + nudgeKeys + serviceKeys + metricsKeys + scheduleKeys + mqttKeys
    }

    static func setChoice(_ v: ConfigValue, _ choices: [Int], _ target: inout Int) -> String? {
        guard case .integer(let i) = v else { return "expected an integer, found \(v.typeName)" }
        guard choices.contains(i) else {
            return "\(i) is not allowed (allowed: \(choices.map(String.init).joined(separator: ", ")))"
        }
        target = i
        return nil
    }
}

extension PostureConfiguration {
    static var daemonCrossChecks: [@Sendable (PostureConfiguration) -> (key: String, message: String)?] {
        [
            { c in
                let b = c.daemon.button
                if b.doublePressMilliseconds >= b.longPressMilliseconds {
                    return ("button.double_press_ms", "\(b.doublePressMilliseconds) must be shorter than button.long_press_ms (\(b.longPressMilliseconds))")
                }
                if b.debounceMilliseconds * 2 >= b.doublePressMilliseconds {
                    return ("button.debounce_ms", "\(b.debounceMilliseconds) must be less than half of button.double_press_ms (\(b.doublePressMilliseconds))")
                }
                return nil
            },
            { c in
                // Two functions on one GPIO line would fight over it.
                let g = c.daemon.gpio
                let lines: [(String, Int?)] = [
                    ("gpio.motor_line", g.motor.offset), ("gpio.buzzer_line", g.buzzer.offset), ("gpio.led_line", g.led.offset),
                    ("button.line", c.daemon.button.line), ("sensor.data_ready", c.daemon.sensor.dataReadyLine),
                ]
                var seen: [Int: String] = [:]
                for (key, offset) in lines {
                    guard let offset else { continue }
                    if let other = seen[offset] { return (key, "line \(offset) is already used by \(other)") }
                    seen[offset] = key
                }
                return nil
            },
        ]
    }
}
