import PostureCoaching

// [button]: the push button's line and what its gestures do.

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

extension PostureConfiguration {
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
}
