/// What a button gesture does.
public enum ButtonAction: String, Equatable, Sendable, CaseIterable {
    /// Acknowledge the alert that just played; with none recent, snooze for `nudge.snooze_default_s`.
    case ackOrSnooze = "ack_or_snooze"
    case ack, snooze, calibrate, stretch
    /// Start the guided routine "daily" (built in, or the configured one of that name); while one runs, skip its step.
    case routine
    case none
}

/// A recognised button gesture.
public enum ButtonGesture: String, Sendable, Equatable {
    case short, long, double
}

/// Turns raw button edges (logical level: true = pressed) into gestures. Pure: time comes
/// from the edge timestamps and from `poll(at:)`, so tests drive it without sleeping.
///
/// - Debounce: after an accepted change, edges within `debounceSeconds` are contact bounce;
///   when the window closes the last raw level is accepted if it differs.
/// - Long press: reported as soon as the button has been held `longPressSeconds`
///   (the wearer feels the answer without guessing when to let go).
/// - Double press: a second press within `doublePressSeconds` of a release; a short
///   press is therefore reported only once that window has passed.
public struct ButtonGestureRecognizer: Sendable {
    public var debounceSeconds: Double
    public var longPressSeconds: Double
    public var doublePressSeconds: Double

    private var rawPressed = false
    private var stablePressed = false
    private var lastAcceptedTime = -Double.infinity
    private var debounceDeadline: Double?
    private var pressStart: Double?
    private var longReported = false
    private var pendingShortSince: Double?
    private var secondPress = false

    public init(debounceSeconds: Double, longPressSeconds: Double, doublePressSeconds: Double) {
        self.debounceSeconds = debounceSeconds
        self.longPressSeconds = longPressSeconds
        self.doublePressSeconds = doublePressSeconds
    }

    /// Feeds a raw edge; returns a gesture completed by it, if any.
    public mutating func edge(pressed: Bool, at t: Double) -> ButtonGesture? {
        var result = poll(at: t)
        rawPressed = pressed
        if t - lastAcceptedTime < debounceSeconds {
            debounceDeadline = lastAcceptedTime + debounceSeconds
            return result
        }
        if pressed != stablePressed {
            let g = accept(pressed: pressed, at: t)
            result = result ?? g
        }
        return result
    }

    /// Lets time pass: closes debounce windows, recognises long presses and expired
    /// double-press windows.
    public mutating func poll(at t: Double) -> ButtonGesture? {
        var result: ButtonGesture?
        if let deadline = debounceDeadline, t >= deadline {
            debounceDeadline = nil
            if rawPressed != stablePressed {
                result = accept(pressed: rawPressed, at: deadline)
            }
        }
        if stablePressed, let start = pressStart, !longReported, t - start >= longPressSeconds {
            longReported = true
            pendingShortSince = nil
            secondPress = false
            result = result ?? .long
        }
        if !stablePressed, let since = pendingShortSince, t - since >= doublePressSeconds {
            pendingShortSince = nil
            result = result ?? .short
        }
        return result
    }

    /// The next time `poll` may report something, for the daemon's wait.
    public var nextDeadline: Double? {
        var d: Double?
        func consider(_ x: Double) { d = min(d ?? x, x) }
        if let deadline = debounceDeadline { consider(deadline) }
        if stablePressed, let start = pressStart, !longReported { consider(start + longPressSeconds) }
        if !stablePressed, let since = pendingShortSince { consider(since + doublePressSeconds) }
        return d
    }

    private mutating func accept(pressed: Bool, at t: Double) -> ButtonGesture? {
        stablePressed = pressed
        lastAcceptedTime = t
        if pressed {
            pressStart = t
            longReported = false
            if pendingShortSince != nil {
                pendingShortSince = nil
                secondPress = true
            }
            return nil
        }
        defer { pressStart = nil }
        guard let start = pressStart, !longReported else { return nil }
        if secondPress {
            secondPress = false
            return .double
        }
        if t - start < longPressSeconds { pendingShortSince = t }
        return nil
    }
}
