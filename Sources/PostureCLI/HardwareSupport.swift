import ArgumentParser
import I2C
import IMUDrivers
import MockIMU
import PostureCore
#if canImport(Glibc)
import Glibc
#endif

// Option groups and formatting shared by `posture probe` and `posture record`.

/// `--bus N|NAME`, shared by the commands that open an I2C bus.
struct I2CBusOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The bus: a number (1 = /dev/i2c-1) or an adapter name (`posture probe` lists them).", valueName: "N|NAME"))
    var bus: String = "1"
}

/// `--mock CHIP`: a simulated chip instead of hardware.
struct MockChipOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use a simulated chip instead of hardware (\(MockChipModel.allNames)).", valueName: "CHIP"))
    var mock: String?
}

func parseAddress(_ text: String) throws -> UInt8 {
    let t = text.lowercased()
    let value = t.hasPrefix("0x") ? UInt8(t.dropFirst(2), radix: 16) : UInt8(t)
    guard let v = value, v >= 0x03, v <= 0x77 else {
        throw CLIError("--address: '\(text)' is not a 7-bit I2C address (0x03 to 0x77)")
    }
    return v
}

func mockModel(_ name: String) throws -> MockChipModel {
    guard let m = MockChipModel(name: name) else {
        throw CLIError("--mock: '\(name)' is not one of \(MockChipModel.allNames)")
    }
    return m
}

func describe(_ a: AppliedIMUSettings) -> String {
    "\(DecimalFormatting.string(a.sampleRateHz, fractionDigits: 1)) Hz, ±\(a.accelRangeG) g, ±\(a.gyroRangeDegreesPerSecond) °/s, "
        + "low-pass \(DecimalFormatting.string(a.lowPassHz, fractionDigits: 1)) Hz, \(a.usesFIFO ? "FIFO" : "burst reads")"
}

func vectorText(_ v: Vector3, _ digits: Int) -> String {
    "[\(DecimalFormatting.string(v.x, fractionDigits: digits)), \(DecimalFormatting.string(v.y, fractionDigits: digits)), \(DecimalFormatting.string(v.z, fractionDigits: digits))]"
}

/// "MPU-6050" -> "mpu6050", as in the trace metadata of the shared spec.
func sensorSlug(_ chipName: String) -> String {
    String(chipName.lowercased().filter { $0 != "-" && $0 != " " })
}

func utcNow() -> String {
    var t = time(nil)
    var parts = tm()
    gmtime_r(&t, &parts)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
}
