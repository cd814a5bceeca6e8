import Foundation
import IMUDrivers

// [sensor]: the I2C bus, the chip and how it is read.

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

extension PostureConfiguration {
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
}
