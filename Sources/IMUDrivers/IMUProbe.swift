import I2C
import SystemSupport

/// What was found at one address.
public enum ProbeOutcome: Equatable, Sendable {
    /// No acknowledge: nothing there.
    case absent
    case found(ChipIdentity)
    /// Known chip that cannot be driven.
    case unsupported(ChipIdentity)
    /// Something answered with IDs no supported chip has.
    case unknown([IDRegisterReading])
    /// The bus failed in another way (EIO, permission, ...).
    case failed(I2CError)
}

public struct ProbeResult: Equatable, Sendable {
    public var bus: String
    public var address: UInt8
    public var outcome: ProbeOutcome

    /// One line for `posture probe` and logs.
    public var message: String {
        switch outcome {
        case .absent: return "\(hex(address)): no device"
        case .found(let chip):
            var s = "\(hex(address)): \(chip.name) (ID \(hex(chip.idValue)))"
            if let w = chip.warning { s += " — warning: \(w)" }
            return s
        case .unsupported(let chip): return "\(hex(address)): \(chip.name) (ID \(hex(chip.idValue))) — not supported: \(chip.unsupportedReason ?? "")"
        case .unknown(let readings): return IMUError.unknownChip(bus: bus, address: address, readings: readings).description
        case .failed(let e): return "\(hex(address)): \(e)"
        }
    }
}

/// Finds supported IMUs on a bus and builds their drivers.
public struct IMUProbe {
    /// MPU-6050 family at 0x68/0x69 (AD0), ST at 0x6A/0x6B (SA0).
    public static let defaultAddresses: [UInt8] = [0x68, 0x69, 0x6A, 0x6B]
    public var addresses: [UInt8]

    public init(addresses: [UInt8] = IMUProbe.defaultAddresses) { self.addresses = addresses }

    /// Identifies the device at one address: reads the ID register of the family usual
    /// there first, then the other family's.
    public func probe(bus: I2CBus, address: UInt8) -> ProbeResult {
        func result(_ o: ProbeOutcome) -> ProbeResult { ProbeResult(bus: bus.name, address: address, outcome: o) }
        let device: I2CDevice
        do { device = try bus.device(at: address) } catch { return result(.failed(error)) }
        let stFirst = address == 0x6A || address == 0x6B
        let order: [UInt8] = stFirst ? [0x0F, 0x75] : [0x75, 0x0F]
        var readings: [IDRegisterReading] = []
        for register in order {
            let value: UInt8
            do {
                value = try readWithRetry(device, register: register)
            } catch {
                if error.kind == .noAcknowledge && readings.isEmpty { return result(.absent) }
                return result(.failed(error))
            }
            readings.append(IDRegisterReading(register: register, value: value))
            if let chip = register == 0x75 ? ChipCatalog.mpu(whoAmI: value) : ChipCatalog.st(whoAmI: value) {
                return result(chip.unsupportedReason == nil ? .found(chip) : .unsupported(chip))
            }
        }
        return result(.unknown(readings))
    }

    /// One retry: a single NACK on a noisy bus should not hide a sensor.
    private func readWithRetry(_ device: I2CDevice, register: UInt8) throws(I2CError) -> UInt8 {
        do { return try device.readByte(register: register) } catch { return try device.readByte(register: register) }
    }

    public func scan(bus: I2CBus) -> [ProbeResult] {
        addresses.map { probe(bus: bus, address: $0) }
    }

    /// The driver for a found chip.
    public static func makeDriver(for chip: ChipIdentity, device: I2CDevice, clock: MonotonicClock, sleeper: Sleeper) -> IMUSensor {
        if chip.family.isST {
            return LSM6DSDriver(device: device, chip: chip, clock: clock, sleeper: sleeper)
        }
        return MPUDriver(device: device, chip: chip, clock: clock, sleeper: sleeper)
    }

    /// Probes `address` (or every scanned address, taking the first supported chip) and
    /// returns an unstarted driver. Throws `IMUError` or `I2CError` with the reason.
    public func openSensor(bus: I2CBus, address: UInt8? = nil, clock: MonotonicClock, sleeper: Sleeper,
                           warn: (String) -> Void = { _ in }) throws -> IMUSensor {
        let candidates = address.map { [$0] } ?? addresses
        var details: [String] = []
        for a in candidates {
            let r = probe(bus: bus, address: a)
            switch r.outcome {
            case .found(let chip):
                if let w = chip.warning { warn("\(hex(a)): \(w)") }
                return Self.makeDriver(for: chip, device: try bus.device(at: a), clock: clock, sleeper: sleeper)
            case .absent: continue
            case .unsupported(let chip):
                if address != nil {
                    throw IMUError.unsupportedChip(bus: bus.name, address: a, name: chip.name, reason: chip.unsupportedReason ?? "")
                }
                details.append(r.message)
            case .unknown(let readings):
                if address != nil { throw IMUError.unknownChip(bus: bus.name, address: a, readings: readings) }
                details.append(r.message)
            case .failed(let e):
                if address != nil || e.kind == .noSuchBus || e.kind == .permissionDenied { throw e }
                details.append(r.message)
            }
        }
        throw IMUError.noSensorFound(bus: bus.name, addresses: candidates, details: details)
    }
}
