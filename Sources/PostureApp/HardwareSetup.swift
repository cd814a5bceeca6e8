import GPIO
import IMUDrivers
import Logging
import PostureConfig
import PostureDaemon
import SystemSupport

/// The real devices of `posture run`: the IMU on its I2C bus, the GPIO lines of `[gpio]` and
/// `[button]`. A line that cannot be had is logged with what the daemon does without it.
extension DaemonRunner {
    static func realHardware(_ config: PostureConfiguration, clock: DaemonClock, logger: Logger) -> DaemonHardware {
        let s = config.daemon.sensor
        let sensor = SensorFactory.hardware(s, clock: clock) { logger.warning("sensor: \($0)") }
        var hw = DaemonHardware(sensor: sensor, sensorDescription: SensorFactory.describe(s))
        let lines = DaemonGPIOLine.all(config.daemon).filter { $0.offset != nil }
        guard !lines.isEmpty else { return hw }
        let chipSpec = config.daemon.gpio.chip
        let chip: any GPIOChip
        do {
            chip = try openGPIOChip(chipSpec)
        } catch {
            logger.error("GPIO chip \(chipSpec): \(error); no motor, LED or button (nudges are only logged)")
            return hw
        }
        for line in lines {
            guard let offset = line.offset else { continue }
            do {
                switch line.role {
                case .motor: hw.motor = try line.requestOutput(on: chip, offset: offset, consumer: "posture-motor")
                case .buzzer: hw.buzzer = try line.requestOutput(on: chip, offset: offset, consumer: "posture-buzzer")
                case .led: hw.led = try line.requestOutput(on: chip, offset: offset, consumer: "posture-led")
                case .button: hw.button = try line.requestInput(on: chip, offset: offset, consumer: "posture-button")
                case .dataReady: hw.dataReady = try line.requestInput(on: chip, offset: offset, consumer: "posture-imu-int")
                }
            } catch {
                let consequence = line.role == .button ? "; no button"
                    : line.role == .dataReady ? "; reading on a timer instead" : ""
                logger.error("\(line.role.configKey) \(offset): \(error)\(consequence)")
            }
        }
        return hw
    }
}
