// [gpio]: the output lines (motor, buzzer, LED); line offsets as every section writes them.

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

extension PostureConfiguration {
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
}
