import I2C
import IMUDrivers
import MockIMU
import PostureCore
import SystemSupport
import Testing

@Suite struct ProbeTests {
    let motion = GeneratedMotion(.still(pitchDegrees: 0, rollDegrees: 0))

    @Test(arguments: ChipKind.allCases, [UInt8(0x68), 0x69, 0x6A, 0x6B])
    func probesEachChipAtEachAddress(kind: ChipKind, address: UInt8) throws {
        let clock = ManualClock()
        let bus = MockI2CBus(clock: clock)
        bus.attach(kind.make(motion: motion), at: address)
        let results = IMUProbe().scan(bus: bus)
        #expect(results.count == 4)
        for r in results {
            if r.address == address {
                guard case .found(let chip) = r.outcome else { Issue.record("expected a chip at \(hex(address)), got \(r.message)"); continue }
                let expectedName: String
                switch kind {
                case .mpu6050: expectedName = "MPU-6050"
                case .mpu6500: expectedName = "MPU-6500"
                case .mpu9250: expectedName = "MPU-9250"
                case .mpu9255: expectedName = "MPU-9255"
                case .lsm6ds3: expectedName = "LSM6DS3"
                case .lsm6dsl: expectedName = "LSM6DS3TR-C/LSM6DSL"
                case .lsm6dso: expectedName = "LSM6DSO/LSM6DSOX"
                }
                #expect(chip.name == expectedName)
                #expect(chip.warning == nil)
                #expect(chip.family.isST == kind.isST)
            } else {
                #expect(r.outcome == .absent, "\(r.message)")
            }
        }
    }

    @Test func scansSeveralDevicesOnOneBus() throws {
        let clock = ManualClock()
        let bus = MockI2CBus(clock: clock)
        bus.attach(MockMPU(.mpu6050, motion: motion), at: 0x68)
        bus.attach(MockLSM6DS(.lsm6dso, motion: motion), at: 0x6B)
        let found = IMUProbe().scan(bus: bus).compactMap { r -> String? in
            if case .found(let c) = r.outcome { return "\(hex(r.address)) \(c.name)" }
            return nil
        }
        #expect(found == ["0x68 MPU-6050", "0x6b LSM6DSO/LSM6DSOX"])
        // Without an address the first supported chip is opened.
        let sensor = try IMUProbe().openSensor(bus: bus, clock: clock, sleeper: clock)
        #expect(sensor.chipName == "MPU-6050")
        #expect(sensor.address == 0x68)
    }

    @Test func unknownIDIsRefusedWithAddressAndValue() {
        let clock = ManualClock()
        let bus = MockI2CBus(clock: clock)
        let odd = MockMPU.Model(name: "odd", whoAmI: 0x42, fifoBytes: 1024, hasAccelConfig2: false)
        bus.attach(MockMPU(odd, motion: motion), at: 0x68)
        do {
            _ = try IMUProbe().openSensor(bus: bus, address: 0x68, clock: clock, sleeper: clock)
            Issue.record("an unknown chip was accepted")
        } catch let error as IMUError {
            guard case .unknownChip(_, let address, let readings) = error else { Issue.record("wrong error \(error)"); return }
            #expect(address == 0x68)
            #expect(readings.contains(IDRegisterReading(register: 0x75, value: 0x42)))
            #expect(error.description.contains("0x68"))
            #expect(error.description.contains("0x42"))
        } catch {
            Issue.record("untyped error \(error)")
        }
        // Scanning everything reports it as well.
        do {
            _ = try IMUProbe().openSensor(bus: bus, clock: clock, sleeper: clock)
            Issue.record("an unknown chip was accepted")
        } catch {
            #expect("\(error)".contains("register 0x75 = 0x42"))
        }
    }

    @Test func clonesAreWarnedAndReadByBurst() throws {
        let clock = ManualClock()
        let bus = MockI2CBus(clock: clock)
        let clone = MockMPU.Model(name: "GY-521 clone", whoAmI: 0x98, fifoBytes: 512, hasAccelConfig2: true)
        let chip = MockMPU(clone, motion: ConstantMotion(accel: Vector3(0, 0, 1), gyro: Vector3(0, 0, 5)))
        chip.accelNoiseG = 0
        chip.gyroNoiseDegreesPerSecond = 0
        bus.attach(chip, at: 0x68)
        var warnings: [String] = []
        let sensor = try IMUProbe().openSensor(bus: bus, clock: clock, sleeper: clock, warn: { warnings.append($0) })
        #expect(sensor.chipName == "ICM-20689")
        #expect(warnings.count == 1 && warnings[0].contains("0x98"))
        try sensor.start(settings: settings())
        #expect(sensor.appliedSettings?.usesFIFO == false)
        var samples: [IMUSample] = []
        for _ in 0..<20 {
            clock.advance(by: 0.01)
            _ = try sensor.readAvailable(into: &samples)
        }
        #expect(samples.count == 20)
        #expect(samples.allSatisfy { close($0.accelG, Vector3(0, 0, 1), tolerance: 1e-3) && close($0.gyroDegreesPerSecond, Vector3(0, 0, 5), tolerance: 0.05) })
    }

    @Test func knownButUnsafeChipIsRefused() {
        let clock = ManualClock()
        let bus = MockI2CBus(clock: clock)
        bus.attach(MockMPU(MockMPU.Model(name: "ICM-20690", whoAmI: 0x20, fifoBytes: 1024, hasAccelConfig2: true), motion: motion), at: 0x69)
        #expect(throws: IMUError.self) { try IMUProbe().openSensor(bus: bus, address: 0x69, clock: clock, sleeper: clock) }
    }

    @Test func emptyBusSaysNothingFound() {
        let clock = ManualClock()
        let bus = MockI2CBus(clock: clock)
        do {
            _ = try IMUProbe().openSensor(bus: bus, clock: clock, sleeper: clock)
            Issue.record("found a sensor on an empty bus")
        } catch {
            #expect("\(error)".contains("no supported IMU found on mock at 0x68, 0x69, 0x6a, 0x6b"))
        }
    }
}
