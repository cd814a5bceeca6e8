import I2C
import IMUDrivers
import PostureCore
import SystemSupport

/// An I2C bus whose every read answers with the next bytes of the fuzz input: any register
/// value, FIFO count and FIFO frame a broken, noisy or counterfeit chip could return. When the
/// input runs out, reads fail as a bus error (the drivers' error paths get exercised too).
/// Writes are accepted and forgotten.
final class FuzzedI2CBus: I2CBus, I2CDevice {
    let name = "fuzz"
    var busName: String { name }
    private(set) var address: UInt8
    private var input: ArraySlice<UInt8>

    init(address: UInt8, input: ArraySlice<UInt8>) {
        self.address = address
        self.input = input
    }

    func device(at address: UInt8) throws(I2CError) -> I2CDevice {
        self.address = address
        return self
    }

    private func next(_ register: UInt8, _ operation: String) throws(I2CError) -> UInt8 {
        guard let byte = input.popFirst() else {
            throw I2CError(kind: .ioError, errno: 5, bus: name, address: address, register: register, operation: operation)
        }
        return byte
    }

    func readByte(register: UInt8) throws(I2CError) -> UInt8 { try next(register, "read byte") }

    func writeByte(register: UInt8, value: UInt8) throws(I2CError) {}

    func readWord(register: UInt8) throws(I2CError) -> UInt16 {
        let low = try next(register, "read word")
        return UInt16(low) | UInt16(try next(register, "read word")) << 8
    }

    func readBlock(register: UInt8, count: Int, into buffer: inout [UInt8], offset: Int) throws(I2CError) {
        guard (1...i2cBlockMaxBytes).contains(count), offset >= 0, offset + count <= buffer.count else {
            throw I2CError(kind: .invalidArgument, errno: 0, bus: name, address: address, register: register, operation: "read block")
        }
        for i in 0..<count { buffer[offset + i] = try next(register, "read block") }
    }

    /// Input layout: byte 0 picks the address and the settings, byte 1 the chip driven when the
    /// probe finds none; the rest answers reads, first the probe's, then start's and the reads'.
    static func exercise(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 2 else { return nil }
        let choice = bytes[0]
        let bus = FuzzedI2CBus(address: IMUProbe.defaultAddresses[Int(choice & 3)], input: bytes[2...])
        let clock = ManualClock(startSeconds: 100)
        var settings = IMUSettings()
        settings.sampleRateHz = [12.5, 26, 52, 100, 104, 200, 208, 416][Int(choice >> 2 & 7)]
        settings.useFIFO = choice & 0x20 == 0
        settings.accelRangeG = choice & 0x40 == 0 ? 4 : 16
        settings.batchIntervalSeconds = choice & 0x80 == 0 ? 0.25 : 0.05

        let probe = IMUProbe(addresses: [bus.address])
        let sensor: IMUSensor
        if let opened = try? probe.openSensor(bus: bus, address: bus.address, clock: clock, sleeper: clock) {
            sensor = opened
        } else {
            let chips = ChipCatalog.supported
            guard !chips.isEmpty else { return "no supported chips" }
            let chip = chips[Int(bytes[1]) % chips.count]
            sensor = IMUProbe.makeDriver(for: chip, device: bus, clock: clock, sleeper: clock)
        }
        do { try sensor.start(settings: settings) } catch { return nil }
        var samples: [IMUSample] = []
        for _ in 0..<64 {
            clock.advance(by: settings.batchIntervalSeconds)
            do { _ = try sensor.readAvailable(into: &samples) } catch { break }
            if let problem = implausible(samples) { return problem }
            samples.removeAll(keepingCapacity: true)
        }
        _ = try? sensor.verifyConfiguration()
        return nil
    }

    /// Any 16-bit register value at any full scale decodes to a finite sample with a finite time.
    static func implausible(_ samples: [IMUSample]) -> String? {
        for s in samples {
            let values = [s.timeSeconds, s.accelG.x, s.accelG.y, s.accelG.z,
                          s.gyroDegreesPerSecond.x, s.gyroDegreesPerSecond.y, s.gyroDegreesPerSecond.z]
            if !values.allSatisfy(\.isFinite) { return "non-finite sample \(s)" }
        }
        return nil
    }
}
