import Foundation
import IMUDrivers
import Logging
import PostureCoaching
import PostureConfig
import PostureDaemon
import Testing

@Suite("Daemon config keys")
struct DaemonConfigKeyTests {
    func error(_ toml: String) -> ConfigError? {
        do {
            _ = try PostureConfiguration.parse(toml, file: "t.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func defaultsAndValues() throws {
        let c = try PostureConfiguration.parse("""
            [sensor]
            bus = "/dev/i2c-3"
            address = 0x69
            chip = "lsm6dso"
            fifo = false
            data_ready = 4
            [gpio]
            motor_line = 23
            motor_active_low = true
            [button]
            line = "none"
            long_action = "stretch"
            [nudge]
            slouch_pattern = [100, 50, 100, 50, 100]
            quiet_hours = "22:30-06:45"
            max_per_hour = 4
            [control]
            mode = "0600"
            [mock]
            enabled = true
            """)
        let d = c.daemon
        #expect(d.sensor.bus == .number(3))
        #expect(d.sensor.address == 0x69)
        #expect(d.sensor.chip == .lsm6dso)
        #expect(!d.sensor.useFIFO && d.sensor.dataReadyLine == 4)
        #expect(d.gpio.motor == OutputLineSettings(offset: 23, activeLow: true))
        #expect(d.button.line == nil && d.button.longAction == .stretch && d.button.shortAction == .ackOrSnooze)
        #expect(d.nudge.slouchPattern.stepsMilliseconds == [100, 50, 100, 50, 100])
        #expect(d.nudge.quietHours == QuietHours(startMinute: 22 * 60 + 30, endMinute: 6 * 60 + 45))
        #expect(d.nudge.quietHours?.contains(minuteOfDay: 23 * 60) == true)
        #expect(d.nudge.quietHours?.contains(minuteOfDay: 12 * 60) == false)
        #expect(d.nudge.maxPerHour == 4)
        #expect(d.control.mode == 0o600)
        #expect(d.mock.enabled)
        // The documented file parses back to the same configuration.
        #expect(try PostureConfiguration.parse(c.documentedTOML()) == c)
        #expect(try PostureConfiguration.parse(PostureConfiguration().documentedTOML()) == PostureConfiguration())
    }

    @Test func errorsNameTheKey() {
        let cases: [(String, String)] = [
            ("[sensor]\naddress = 0x99", "sensor.address"),
            ("[sensor]\naccel_range_g = 3", "sensor.accel_range_g"),
            ("[gpio]\nmotor_line = -1", "gpio.motor_line"),
            ("[button]\nbias = \"sideways\"", "button.bias"),
            ("[button]\ndouble_press_ms = 900\nlong_press_ms = 800", "button.double_press_ms"),
            ("[nudge]\nslouch_pattern = []", "nudge.slouch_pattern"),
            ("[nudge]\nwarning_pattern = [5]", "nudge.warning_pattern"),
            ("[nudge]\nquiet_hours = \"25:00-07:00\"", "nudge.quiet_hours"),
            ("[nudge]\nquiet_hours = \"07:00-07:00\"", "nudge.quiet_hours"),
            ("[control]\nmode = \"0666\"", "control.mode"),
            ("[control]\nsocket = \"relative.sock\"", "control.socket"),
            ("[state]\nhistory_days = 0", "state.history_days"),
            ("[log]\nlevel = \"loud\"", "log.level"),
            ("[gpio]\nmotor_line = 27", "button.line"),
            ("[mock]\nspeed = 2", "mock.speed"),
        ]
        for (toml, key) in cases {
            let e = error(toml)
            #expect(e?.key == key, "\(toml) -> \(e.map { "\($0)" } ?? "no error")")
        }
    }
}

@Suite("Log format")
struct LogFormatTests {
    final class Lines: LogSink, @unchecked Sendable {
        var lines: [String] = []
        func write(_ line: String) { lines.append(line) }
    }

    @Test func journalLinesCarryPriorityPrefixesAndNoColour() {
        let sink = Lines()
        var logger = Logger(label: "t") { StderrLogHandler(label: $0, level: .trace, style: .journal, sink: sink) }
        logger.logLevel = .debug
        logger.error("bad")
        logger.warning("careful")
        logger.notice("note")
        logger.info("fyi")
        logger.debug("detail")
        logger.trace("hidden")
        #expect(sink.lines == ["<3>bad\n", "<4>careful\n", "<5>note\n", "<6>fyi\n", "<7>detail\n"])
    }

    @Test func styleFollowsTheEnvironment() {
        #expect(LogStyle.detect(environment: ["JOURNAL_STREAM": "8:1234"], stderrIsTTY: true) == .journal)
        #expect(LogStyle.detect(environment: [:], stderrIsTTY: false) == .journal)
        #expect(LogStyle.detect(environment: [:], stderrIsTTY: true) == .terminal)
        #expect(LogStyle.detect(environment: ["NO_COLOR": "1"], stderrIsTTY: true) == .plain)
    }

    @Test func terminalLinesAreColouredPlainOnesAreNot() {
        let sink = Lines()
        let colour = Logger(label: "t") { StderrLogHandler(label: $0, level: .info, style: .terminal, sink: sink) }
        colour.warning("w")
        let plain = Logger(label: "t") { StderrLogHandler(label: $0, level: .info, style: .plain, sink: sink) }
        plain.warning("w")
        #expect(sink.lines[0].contains("\u{1B}[33m"))
        #expect(!sink.lines[1].contains("\u{1B}") && sink.lines[1].hasSuffix("warn   w\n"))
    }
}

/// `sensor.chip` takes its values from IMUDrivers' `ChipCatalog`.
@Suite("sensor.chip values")
struct SensorChipChoiceTests {
    @Test func allowedValuesAreAutoAndTheCatalog() throws {
        #expect(IMUChipChoice.allCases.map(\.rawValue) == ["auto"] + ChipCatalog.supportedNames)
        #expect(IMUChipChoice(rawValue: "lsm6dsox") == .lsm6dso, "alias stored as the key")
        #expect(IMUChipChoice(rawValue: "lsm6ds4") == nil)
        let config = try PostureConfiguration.parse("[sensor]\nchip = \"lsm6dsl\"\n[mock]\nchip = \"mpu9255\"\n", file: "t.toml")
        #expect(config.daemon.sensor.chip == .lsm6dsl)
        #expect(config.daemon.mock.chip == .mpu9255)
        #expect(throws: ConfigError.self) { try PostureConfiguration.parse("[sensor]\nchip = \"lsm6ds4\"\n", file: "t.toml") }
    }
}

@Suite("Daemon paths")
struct DaemonPathsTests {
    static func config(stateIn dir: String) -> PostureConfiguration {
        var config = PostureConfiguration()
        config.daemon.state.directory = dir
        config.daemon.control.socketPath = dir + "/control.sock"
        return config
    }

    @Test func mockRunsGetTheirOwnStateDirectory() {
        let dir = NSTemporaryDirectory() + "posture-paths-\(getpid())"
        let service = DaemonPaths.resolve(Self.config(stateIn: dir), environment: [:])
        #expect(service.stateDirectory == dir)
        let mock = DaemonPaths.resolve(Self.config(stateIn: dir), environment: [:], mock: true)
        #expect(mock.stateDirectory == dir + "/" + DaemonPaths.mockStateSubdirectory)
        #expect(mock.stateDirectory != service.stateDirectory)
        #expect(mock.notes.contains { $0.contains(mock.stateDirectory) })
        let chosen = DaemonPaths.resolve(Self.config(stateIn: dir), environment: [:], mock: true, stateDirectory: "/srv/demo")
        #expect(chosen.stateDirectory == "/srv/demo", "an explicit --state-dir wins")
        #expect(DaemonPaths.resolve(Self.config(stateIn: dir), environment: [:], stateDirectory: "/srv/x").stateDirectory == "/srv/x")
    }
}
