import I2C
import IMUDrivers
import MockIMU
import SystemSupport
import Testing

/// `ChipCatalog` is the one list of chips: the simulations, the probe and the names follow it.
@Suite struct ChipCatalogTests {
    @Test func everySupportedChipHasASimulationTheProbeIdentifiesAsItself() throws {
        let names = ChipCatalog.supportedNames
        #expect(names == ["mpu6050", "mpu6500", "mpu9250", "mpu9255", "lsm6ds3", "lsm6dsl", "lsm6dso"])
        #expect(MockChipModel.allCases.map(\.rawValue) == names, "one simulation per catalog chip, same order")
        for key in names {
            let model = try #require(MockChipModel(name: key))
            let bus = MockI2CBus(clock: ManualClock())
            bus.attach(model.make(motion: GeneratedMotion(.still(pitchDegrees: 0, rollDegrees: 0))), at: model.defaultAddress)
            let result = try #require(IMUProbe().scan(bus: bus).first { $0.address == model.defaultAddress })
            guard case .found(let chip) = result.outcome else { Issue.record("\(key): \(result.message)"); continue }
            #expect(chip.key == key)
            #expect(chip.defaultAddress == model.defaultAddress)
        }
    }

    @Test func whoAmIValuesAreUniquePerRegister() {
        for isST in [false, true] {
            let ids = ChipCatalog.chips.filter { $0.family.isST == isST }.map(\.idValue)
            #expect(!ids.isEmpty)
            #expect(Set(ids).count == ids.count, "a WHO_AM_I value listed twice")
        }
    }

    @Test func namesAndAliasesResolve() {
        #expect(ChipCatalog.supportedChip(named: "LSM6DS3TR-C")?.key == "lsm6dsl")
        #expect(ChipCatalog.supportedChip(named: "lsm6dsox")?.key == "lsm6dso")
        #expect(ChipCatalog.supportedChip(named: "MPU-9255")?.key == "mpu9255")
        #expect(ChipCatalog.supportedChip(named: "lsm6ds4") == nil)
        #expect(MockChipModel(name: "lsm6ds3trc") == .lsm6dsl)
    }

    @Test func aConfiguredChipMustBeTheOneThatAnswers() throws {
        let lsm6dsl = try #require(ChipCatalog.st(whoAmI: 0x6A))
        let lsm6ds3 = try #require(ChipCatalog.st(whoAmI: 0x69))
        // The common mix-up: an LSM6DS3TR-C board configured as "lsm6ds3" is refused, with the fix.
        let why = try #require(ChipCatalog.mismatch(configured: "lsm6ds3", found: lsm6dsl))
        #expect(why.contains("0x69") && why.contains("0x6a") && why.contains("sensor.chip = \"lsm6dsl\""), "\(why)")
        #expect(ChipCatalog.mismatch(configured: "lsm6dsl", found: lsm6ds3) != nil)
        #expect(ChipCatalog.mismatch(configured: "lsm6dsl", found: lsm6dsl) == nil)
        #expect(ChipCatalog.mismatch(configured: "lsm6ds3trc", found: lsm6dsl) == nil)
        #expect(ChipCatalog.mismatch(configured: "mpu9250", found: try #require(ChipCatalog.mpu(whoAmI: 0x73))) != nil)
    }

    @Test func variantsMatchTheChipTheyAreDrivenAs() throws {
        let clone = try #require(ChipCatalog.mpu(whoAmI: 0x72))
        #expect(ChipCatalog.drivenAs(clone)?.key == "mpu6050")
        #expect(ChipCatalog.mismatch(configured: "mpu6050", found: clone) == nil)
        let lsm6dsr = try #require(ChipCatalog.st(whoAmI: 0x6B))
        #expect(ChipCatalog.mismatch(configured: "lsm6dso", found: lsm6dsr) == nil)
        #expect(ChipCatalog.mismatch(configured: "lsm6dsl", found: lsm6dsr) != nil)
    }
}
