import PostureConfig

/// A SIGHUP reload: which changed settings only take effect when the hardware is reopened.
enum ConfigReload {
    /// The changed settings the running service cannot apply, as the log names them.
    static func settingsNeedingRestart(old: DaemonSettings, new: DaemonSettings) -> [String] {
        var restartNeeded: [String] = []
        if old.sensor != new.sensor { restartNeeded.append("[sensor] bus/chip/rate") }
        if old.gpio != new.gpio { restartNeeded.append("[gpio]") }
        if old.button.line != new.button.line || old.button.activeLow != new.button.activeLow || old.button.bias != new.button.bias {
            restartNeeded.append("button.line/active_low/bias")
        }
        if old.control != new.control { restartNeeded.append("[control]") }
        if old.state.directory != new.state.directory { restartNeeded.append("state.directory") }
        if old.mock != new.mock { restartNeeded.append("[mock]") }
        // The MQTT connection is made once, at the start.
        if old.mqtt != new.mqtt { restartNeeded.append("[mqtt]") }
        return restartNeeded
    }
}
