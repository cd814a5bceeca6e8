import Foundation
import IMUDrivers

// The daemon's settings (bus, chip, GPIO lines, button, nudge patterns, control socket,
// state, logging, mock mode) and their TOML keys.

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
    public init() {}
}

/// Which I2C adapter: `/dev/i2c-N`, or an adapter name as in /sys/bus/i2c/devices/i2c-N/name.
public enum I2CBusSelector: Equatable, Sendable, CustomStringConvertible {
    case number(Int)
    case name(String)

    public var description: String {
        switch self {
        case .number(let n): return String(n)
        case .name(let s): return s
        }
    }
}

/// `sensor.chip`: `auto` (identify by WHO_AM_I) or a chip of IMUDrivers' `ChipCatalog`, the one
/// list of supported chips; aliases ("lsm6dsox") are stored as the chip's key ("lsm6dso").
public struct IMUChipChoice: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        if rawValue.lowercased() == "auto" {
            self.rawValue = "auto"
        } else if let key = ChipCatalog.supportedChip(named: rawValue)?.key {
            self.rawValue = key
        } else {
            return nil
        }
    }

    public static var allCases: [IMUChipChoice] { [.auto] + ChipCatalog.supportedNames.compactMap(IMUChipChoice.init(rawValue:)) }
    public var description: String { rawValue }

    private init(known: String) { rawValue = known }
    public static let auto = IMUChipChoice(known: "auto")
    public static let mpu6050 = IMUChipChoice(known: "mpu6050")
    public static let mpu6500 = IMUChipChoice(known: "mpu6500")
    public static let mpu9250 = IMUChipChoice(known: "mpu9250")
    public static let mpu9255 = IMUChipChoice(known: "mpu9255")
    public static let lsm6ds3 = IMUChipChoice(known: "lsm6ds3")
    public static let lsm6dsl = IMUChipChoice(known: "lsm6dsl")
    public static let lsm6dso = IMUChipChoice(known: "lsm6dso")
}

public struct SensorBusSettings: Equatable, Sendable {
    public var bus = I2CBusSelector.number(1)
    /// nil = probe the usual addresses (0x68, 0x69, 0x6A, 0x6B).
    public var address: UInt8? = nil
    public var chip = IMUChipChoice.auto
    public var rateHz = 100.0
    public var accelRangeG = 4
    public var gyroRangeDegreesPerSecond = 500
    public var lowPassHz = 44.0
    public var useFIFO = true
    /// GPIO offset (on `gpio.chip`) of the IMU's interrupt pin; nil = read on a timer.
    public var dataReadyLine: Int? = nil
    /// With the FIFO, how often the timer reads a batch.
    public var readIntervalMilliseconds = 250
    public init() {}
}

/// An output line: offset on the chip, and whether it is active low. nil offset = not fitted.
public struct OutputLineSettings: Equatable, Sendable {
    public var offset: Int?
    public var activeLow = false
    public init(offset: Int?, activeLow: Bool = false) {
        self.offset = offset
        self.activeLow = activeLow
    }
}

public struct GPIOLineSettings: Equatable, Sendable {
    /// Label ("pinctrl-bcm2835"), name ("gpiochip0") or path ("/dev/gpiochip0"); alternatives
    /// separated by commas are tried in order. The default names the 40-pin header's controller
    /// on every Pi by label, since a Pi 5's gpiochip number changed between kernels.
    public var chip = "pinctrl-rp1,pinctrl-bcm2711,pinctrl-bcm2835"
    /// GPIO 17 is physical pin 11.
    public var motor = OutputLineSettings(offset: 17)
    public var buzzer = OutputLineSettings(offset: nil)
    public var led = OutputLineSettings(offset: nil)
    public init() {}
}

/// Mirrors GPIO.GPIOBias (PostureConfig does not depend on GPIO).
public enum LineBias: String, Equatable, Sendable, CaseIterable {
    case asIs = "as-is", disabled, pullUp = "pull-up", pullDown = "pull-down"
}

/// What a button gesture does.
public enum ButtonAction: String, Equatable, Sendable, CaseIterable {
    /// Acknowledge the alert that just played; with none recent, snooze for `nudge.snooze_default_s`.
    case ackOrSnooze = "ack_or_snooze"
    case ack, snooze, calibrate, stretch, none
}

public struct ButtonSettings: Equatable, Sendable {
    /// GPIO 27 is physical pin 13 (pin 14 beside it is ground).
    public var line: Int? = 27
    public var activeLow = true
    public var bias = LineBias.pullUp
    public var debounceMilliseconds = 30
    public var longPressMilliseconds = 1500
    public var doublePressMilliseconds = 350
    public var shortAction = ButtonAction.ackOrSnooze
    public var longAction = ButtonAction.calibrate
    public var doubleAction = ButtonAction.stretch
    public init() {}
}

/// A vibration pattern: on/off durations in milliseconds, starting with "on".
public struct VibrationPattern: Equatable, Sendable, CustomStringConvertible {
    public var stepsMilliseconds: [Int]
    public init(_ stepsMilliseconds: [Int]) { self.stepsMilliseconds = stepsMilliseconds }
    public var totalMilliseconds: Int { stepsMilliseconds.reduce(0, +) }
    public var description: String { "[" + stepsMilliseconds.map(String.init).joined(separator: ", ") + "]" }
}

/// Local time of day, minutes since midnight.
public struct QuietHours: Equatable, Sendable, CustomStringConvertible {
    public var startMinute: Int
    public var endMinute: Int
    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// True when `minuteOfDay` falls inside, including spans over midnight (22:00-07:00).
    public func contains(minuteOfDay m: Int) -> Bool {
        if startMinute <= endMinute { return m >= startMinute && m < endMinute }
        return m >= startMinute || m < endMinute
    }

    /// "22:00-07:00"
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Self.minute(parts[0]), let b = Self.minute(parts[1]), a != b else { return nil }
        startMinute = a
        endMinute = b
    }

    static func minute(_ s: Substring) -> Int? {
        let hm = s.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }

    public var description: String {
        func f(_ m: Int) -> String {
            let h = m / 60, mm = m % 60
            return (h < 10 ? "0" : "") + String(h) + ":" + (mm < 10 ? "0" : "") + String(mm)
        }
        return f(startMinute) + "-" + f(endMinute)
    }
}

/// The kinds of haptic feedback, each with its own pattern and cooldown.
public enum NudgeKind: String, Equatable, Sendable, CaseIterable {
    /// slouch_alert
    case slouch
    /// sitting_nudge
    case sitting
    /// hold_end with target_met
    case holdTarget = "hold_target"
    /// bounce or jerk during a stretch
    case warning
}

public struct NudgeSettings: Equatable, Sendable {
    public var slouchPattern = VibrationPattern([150, 100, 150])
    public var sittingPattern = VibrationPattern([600, 300, 600])
    public var holdTargetPattern = VibrationPattern([60, 60, 60, 60, 60])
    public var warningPattern = VibrationPattern([400])
    /// Played instead of the slouch or sitting pattern once `escalateAfter` alerts in a row were ignored.
    public var escalationPattern = VibrationPattern([300, 100, 300, 100, 300, 100, 300])
    /// 0 = never escalate.
    public var escalateAfter = 3
    public var quietHours: QuietHours? = nil
    public var slouchCooldownSeconds = 300.0
    public var sittingCooldownSeconds = 900.0
    public var holdTargetCooldownSeconds = 0.0
    public var warningCooldownSeconds = 10.0
    public var snoozeDefaultSeconds = 1800.0
    /// Alerts (slouch and sitting) played per rolling hour; more are skipped.
    public var maxPerHour = 12
    /// After a vibration, samples stay marked as disturbed this long (the motor rings down).
    public var settleMilliseconds = 300
    /// A short press this soon after an alert acknowledges it (with ack_or_snooze).
    public var ackWindowSeconds = 60.0
    public init() {}

    public func pattern(for kind: NudgeKind) -> VibrationPattern {
        switch kind {
        case .slouch: return slouchPattern
        case .sitting: return sittingPattern
        case .holdTarget: return holdTargetPattern
        case .warning: return warningPattern
        }
    }

    public func cooldownSeconds(for kind: NudgeKind) -> Double {
        switch kind {
        case .slouch: return slouchCooldownSeconds
        case .sitting: return sittingCooldownSeconds
        case .holdTarget: return holdTargetCooldownSeconds
        case .warning: return warningCooldownSeconds
        }
    }
}

public struct ControlSettings: Equatable, Sendable {
    public var socketPath = "/run/posture/control.sock"
    /// Permission bits of the socket; owner and group only.
    public var mode: UInt32 = 0o660
    public init() {}
}

public struct StateSettings: Equatable, Sendable {
    public var directory = "/var/lib/posture"
    public var historyDays = 90
    public var flushIntervalSeconds = 60.0
    public init() {}
}

public enum LogLevelChoice: String, Equatable, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}

public struct LogSettings: Equatable, Sendable {
    public var level = LogLevelChoice.info
    public init() {}
}

public struct MockSettings: Equatable, Sendable {
    public var enabled = false
    /// Empty = the bundled demo trace.
    public var tracePath = ""
    public var loop = true
    public var chip = IMUChipChoice.mpu6050
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
        ]
    }

    public static var daemonKeys: [ConfigKeySpec] {
        sensorBusKeys + gpioKeys + buttonKeys + nudgeKeys + otherDaemonKeys
    }

    static var sensorBusKeys: [ConfigKeySpec] {
        [
            .custom("sensor", "bus", allowed: "an adapter number 0 to 255, or its name or path (\"/dev/i2c-1\")",
                    doc: "The I2C adapter: 1 is /dev/i2c-1 (the Raspberry Pi header); a name matches /sys/bus/i2c/devices/i2c-N/name.",
                    apply: { config, value in
                        switch value {
                        case .integer(let n):
                            guard (0...255).contains(n) else { return "\(n) is out of range (allowed 0 to 255)" }
                            config.daemon.sensor.bus = .number(n)
                        case .string(let s):
                            let t = s.trimmingCharacters(in: .whitespaces)
                            guard !t.isEmpty else { return "empty adapter name" }
                            if let n = Int(t), (0...255).contains(n) { config.daemon.sensor.bus = .number(n) }
                            else if t.hasPrefix("/dev/i2c-"), let n = Int(t.dropFirst(9)), (0...255).contains(n) {
                                config.daemon.sensor.bus = .number(n)
                            } else { config.daemon.sensor.bus = .name(t) }
                        default: return "expected an integer or a string, found \(value.typeName)"
                        }
                        return nil
                    },
                    render: {
                        switch $0.daemon.sensor.bus {
                        case .number(let n): return String(n)
                        case .name(let s): return tomlString(s)
                        }
                    }),
            .custom("sensor", "address", allowed: "\"auto\" or 0x08 to 0x77",
                    doc: "The chip's 7-bit I2C address; \"auto\" probes 0x68, 0x69 (MPU-6050 family), 0x6A, 0x6B (LSM6DS*).",
                    apply: { config, value in
                        switch value {
                        case .string("auto"): config.daemon.sensor.address = nil
                        case .integer(let a):
                            guard (0x08...0x77).contains(a) else { return "\(a) is out of range (allowed 0x08 to 0x77)" }
                            config.daemon.sensor.address = UInt8(a)
                        case .string(let s):
                            let t = s.lowercased()
                            guard t.hasPrefix("0x"), let a = Int(t.dropFirst(2), radix: 16), (0x08...0x77).contains(a) else {
                                return "\"\(s)\" is not allowed (allowed: \"auto\" or 0x08 to 0x77)"
                            }
                            config.daemon.sensor.address = UInt8(a)
                        default: return "expected \"auto\" or an integer, found \(value.typeName)"
                        }
                        return nil
                    },
                    render: { c in c.daemon.sensor.address.map { "0x" + String($0, radix: 16) } ?? "\"auto\"" }),
            .choice("sensor", "chip", \.daemon.sensor.chip,
                    doc: "The IMU chip; \"auto\" identifies it by its WHO_AM_I register. Another chip answering is refused (an\nLSM6DS3TR-C is \"lsm6dsl\", not \"lsm6ds3\"); also accepted: \"lsm6ds3trc\" = \"lsm6dsl\", \"lsm6dsox\" = \"lsm6dso\"."),
            .number("sensor", "rate_hz", \.daemon.sensor.rateHz, range: 10...1000,
                    doc: "Output data rate; the driver picks the nearest the chip offers."),
            .custom("sensor", "accel_range_g", allowed: "2, 4, 8 or 16",
                    doc: "Accelerometer full scale, in g.",
                    apply: { c, v in setChoice(v, [2, 4, 8, 16], &c.daemon.sensor.accelRangeG) },
                    render: { String($0.daemon.sensor.accelRangeG) }),
            .custom("sensor", "gyro_range_dps", allowed: "250, 500, 1000 or 2000",
                    doc: "Gyroscope full scale, in degrees per second.",
                    apply: { c, v in setChoice(v, [250, 500, 1000, 2000], &c.daemon.sensor.gyroRangeDegreesPerSecond) },
                    render: { String($0.daemon.sensor.gyroRangeDegreesPerSecond) }),
            .number("sensor", "lowpass_hz", \.daemon.sensor.lowPassHz, range: 5...400,
                    doc: "Digital low-pass filter bandwidth; the driver picks the nearest the chip offers."),
            .bool("sensor", "fifo", \.daemon.sensor.useFIFO,
                  doc: "Read samples in batches through the chip's FIFO (few wake-ups); false reads every sample."),
            optionalLine("sensor", "data_ready", \.daemon.sensor.dataReadyLine,
                         doc: "GPIO offset (on gpio.chip) wired to the IMU's INT pin, or \"none\" to read on a timer."),
            .integer("sensor", "read_interval_ms", \.daemon.sensor.readIntervalMilliseconds, range: 20...1000,
                     doc: "With the FIFO and no data_ready line, how often a batch is read, in milliseconds."),
        ]
    }

    static var gpioKeys: [ConfigKeySpec] {
        [
            .string("gpio", "chip", \.daemon.gpio.chip, allowed: "a gpiochip label, name or path",
                    doc: "The GPIO chip: a label (\"pinctrl-bcm2835\"), a name (\"gpiochip0\") or a path; alternatives separated by\ncommas are tried in order (the default finds the 40-pin header on every Raspberry Pi).",
                    parse: { $0.isEmpty ? nil : $0 }, format: { $0 }),
            optionalLine("gpio", "motor_line", \.daemon.gpio.motor.offset,
                         doc: "Line offset driving the vibration motor (through a transistor), or \"none\"."),
            .bool("gpio", "motor_active_low", \.daemon.gpio.motor.activeLow, doc: "The motor runs when the line is low."),
            optionalLine("gpio", "buzzer_line", \.daemon.gpio.buzzer.offset,
                         doc: "Line offset of an active buzzer that follows the motor pattern, or \"none\"."),
            .bool("gpio", "buzzer_active_low", \.daemon.gpio.buzzer.activeLow, doc: "The buzzer sounds when the line is low."),
            optionalLine("gpio", "led_line", \.daemon.gpio.led.offset,
                         doc: "Line offset of a status LED (lit while snoozed or faulty), or \"none\"."),
            .bool("gpio", "led_active_low", \.daemon.gpio.led.activeLow, doc: "The LED lights when the line is low."),
        ]
    }

    static var buttonKeys: [ConfigKeySpec] {
        [
            optionalLine("button", "line", \.daemon.button.line, doc: "Line offset of the push button, or \"none\"."),
            .bool("button", "active_low", \.daemon.button.activeLow, doc: "The button pulls the line low when pressed."),
            .choice("button", "bias", \.daemon.button.bias, doc: "Internal pull resistor of the button line."),
            .integer("button", "debounce_ms", \.daemon.button.debounceMilliseconds, range: 1...200,
                     doc: "Contact bounce shorter than this is ignored, in milliseconds."),
            .integer("button", "long_press_ms", \.daemon.button.longPressMilliseconds, range: 300...10000,
                     doc: "Holding the button this long is a long press, in milliseconds."),
            .integer("button", "double_press_ms", \.daemon.button.doublePressMilliseconds, range: 100...1000,
                     doc: "A second press within this time after a release is a double press, in milliseconds."),
            .choice("button", "short_action", \.daemon.button.shortAction,
                    doc: "What a short press does; ack_or_snooze acknowledges an alert that just played, else snoozes."),
            .choice("button", "long_action", \.daemon.button.longAction, doc: "What a long press does."),
            .choice("button", "double_action", \.daemon.button.doubleAction, doc: "What a double press does."),
        ]
    }

    static var nudgeKeys: [ConfigKeySpec] {
        [
            pattern("slouch_pattern", \.daemon.nudge.slouchPattern, doc: "Pattern of a slouch alert."),
            pattern("sitting_pattern", \.daemon.nudge.sittingPattern, doc: "Pattern of a sitting-break nudge."),
            pattern("hold_target_pattern", \.daemon.nudge.holdTargetPattern, doc: "Pattern when a stretch hold meets its target."),
            pattern("warning_pattern", \.daemon.nudge.warningPattern, doc: "Pattern of a bounce or jerk warning during a stretch."),
            pattern("escalation_pattern", \.daemon.nudge.escalationPattern,
                    doc: "Stronger pattern played for slouch and sitting alerts after escalate_after ignored alerts in a row."),
            .integer("nudge", "escalate_after", \.daemon.nudge.escalateAfter, range: 0...20,
                     doc: "Ignored alerts in a row (no button press, posture not corrected) before escalating; 0 never escalates."),
            .custom("nudge", "quiet_hours", allowed: "\"off\" or \"HH:MM-HH:MM\" (local time, may span midnight)",
                    doc: "No slouch or sitting alerts in this local-time window, e.g. \"22:00-07:00\".",
                    apply: { c, v in
                        guard case .string(let s) = v else { return "expected a string, found \(v.typeName)" }
                        if s == "off" || s.isEmpty { c.daemon.nudge.quietHours = nil; return nil }
                        guard let q = QuietHours(s) else {
                            return "\"\(s)\" is not allowed (allowed: \"off\" or \"HH:MM-HH:MM\" with different start and end)"
                        }
                        c.daemon.nudge.quietHours = q
                        return nil
                    },
                    render: { tomlString($0.daemon.nudge.quietHours?.description ?? "off") }),
            .number("nudge", "slouch_cooldown_s", \.daemon.nudge.slouchCooldownSeconds, range: 0...86400,
                    doc: "Minimum time between two slouch alerts, in seconds."),
            .number("nudge", "sitting_cooldown_s", \.daemon.nudge.sittingCooldownSeconds, range: 0...86400,
                    doc: "Minimum time between two sitting nudges, in seconds."),
            .number("nudge", "hold_target_cooldown_s", \.daemon.nudge.holdTargetCooldownSeconds, range: 0...3600,
                    doc: "Minimum time between two hold-target signals, in seconds."),
            .number("nudge", "warning_cooldown_s", \.daemon.nudge.warningCooldownSeconds, range: 0...3600,
                    doc: "Minimum time between two bounce/jerk warnings, in seconds."),
            .number("nudge", "snooze_default_s", \.daemon.nudge.snoozeDefaultSeconds, range: 60...86400,
                    doc: "How long a snooze from the button lasts, in seconds."),
            .integer("nudge", "max_per_hour", \.daemon.nudge.maxPerHour, range: 1...120,
                     doc: "At most this many slouch and sitting alerts in any hour; more are skipped (and counted)."),
            .integer("nudge", "settle_ms", \.daemon.nudge.settleMilliseconds, range: 0...5000,
                     doc: "Samples stay marked as disturbed this long after the motor stops, in milliseconds."),
            .number("nudge", "ack_window_s", \.daemon.nudge.ackWindowSeconds, range: 5...3600,
                    doc: "A short press this soon after an alert acknowledges it (short_action = ack_or_snooze), in seconds."),
        ]
    }

    static var otherDaemonKeys: [ConfigKeySpec] {
        [
            .string("control", "socket", \.daemon.control.socketPath, allowed: "an absolute path",
                    doc: "The Unix socket of `posture status`, `posture snooze`, ...",
                    parse: { $0.hasPrefix("/") && $0.utf8.count < 108 ? $0 : nil }, format: { $0 }),
            .custom("control", "mode", allowed: "an octal string without permissions for others, \"0600\" to \"0660\"",
                    doc: "Permission bits of the socket; whoever may write to it controls the daemon.",
                    apply: { c, v in
                        guard case .string(let s) = v else { return "expected a string such as \"0660\", found \(v.typeName)" }
                        guard let m = UInt32(s, radix: 8), m <= 0o777, m & 0o007 == 0, m & 0o600 == 0o600 else {
                            return "\"\(s)\" is not allowed (allowed: octal, read-write for the owner, nothing for others, e.g. \"0660\")"
                        }
                        c.daemon.control.mode = m
                        return nil
                    },
                    render: { c in
                        let o = String(c.daemon.control.mode, radix: 8)
                        return tomlString(String(repeating: "0", count: max(0, 4 - o.count)) + o)
                    }),
            .string("state", "directory", \.daemon.state.directory, allowed: "an absolute path",
                    doc: "Where state.json and history.sqlite live (systemd's StateDirectory).",
                    parse: { $0.hasPrefix("/") ? $0 : nil }, format: { $0 }),
            .integer("state", "history_days", \.daemon.state.historyDays, range: 1...3650,
                     doc: "Events and daily counters older than this many days are deleted."),
            .number("state", "flush_interval_s", \.daemon.state.flushIntervalSeconds, range: 5...3600,
                    doc: "How often events and counters are written to the SD card, in seconds (also on shutdown)."),
            .choice("log", "level", \.daemon.log.level, doc: "The least important messages logged."),
            .bool("mock", "enabled", \.daemon.mock.enabled,
                  doc: "Use a simulated IMU and GPIO chip instead of the hardware (as `posture run --mock`)."),
            .string("mock", "trace", \.daemon.mock.tracePath, allowed: "a path, or \"\" for the bundled demo trace",
                    doc: "The posture-trace v1 file the simulated IMU plays.", parse: { $0 }, format: { $0 }),
            .bool("mock", "loop", \.daemon.mock.loop, doc: "Start the trace again when it ends."),
            .choice("mock", "chip", \.daemon.mock.chip, doc: "The simulated chip (\"auto\" = mpu6050)."),
        ]
    }

    static func optionalLine(_ section: String, _ name: String,
                             _ keyPath: WritableKeyPath<PostureConfiguration, Int?> & Sendable, doc: String) -> ConfigKeySpec {
        .custom(section, name, allowed: "a line offset 0 to 1023, or \"none\"", doc: doc,
                apply: { c, v in
                    switch v {
                    case .string("none"): c[keyPath: keyPath] = nil
                    case .integer(let i):
                        guard (0...1023).contains(i) else { return "\(i) is out of range (allowed 0 to 1023)" }
                        c[keyPath: keyPath] = i
                    default: return "expected a line offset or \"none\", found \(v.typeName)"
                    }
                    return nil
                },
                render: { c in c[keyPath: keyPath].map(String.init) ?? "\"none\"" })
    }

    static func pattern(_ name: String, _ keyPath: WritableKeyPath<PostureConfiguration, VibrationPattern> & Sendable,
                        doc: String) -> ConfigKeySpec {
        .custom("nudge", name, allowed: "1 to 32 durations of 10 to 5000 ms, on first, at most 10000 ms in all",
                doc: doc + " Milliseconds on, off, on, ...",
                apply: { c, v in
                    guard case .array(let items) = v else { return "expected an array such as [200, 100, 200], found \(v.typeName)" }
                    var steps: [Int] = []
                    for item in items {
                        guard case .integer(let ms) = item, (10...5000).contains(ms) else {
                            return "every duration must be an integer from 10 to 5000 ms"
                        }
                        steps.append(ms)
                    }
                    guard (1...32).contains(steps.count) else { return "\(steps.count) durations (allowed 1 to 32)" }
                    guard steps.reduce(0, +) <= 10000 else { return "the pattern lasts \(steps.reduce(0, +)) ms (allowed at most 10000)" }
                    c[keyPath: keyPath] = VibrationPattern(steps)
                    return nil
                },
                render: { $0[keyPath: keyPath].description })
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
