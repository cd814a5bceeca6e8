@testable import MockGPIO
import Testing
@testable import GPIO

/// `lineInfo` on the mock follows the kernel's rules (as the emulated chip shows them for libgpiod).
@Suite("MockGPIOChip line info")
struct MockLineInfoTests {
    @Test func infoShowsTheHolderWhileRequestedAndKeepsTheDirectionAfter() throws {
        let chip = MockGPIOChip(lineCount: 28, clock: MockGPIOClock())
        #expect(try chip.lineInfo(offset: 17) == GPIOLineInfo(offset: 17, name: nil, consumer: nil, isUsed: false,
                                                               isOutput: false, activeLow: false))
        var motor: GPIOOutputLine? = try chip.requestOutput(offset: 17, activeLow: true, consumer: "posture-motor")
        // While held, the line is refused to anyone else, naming the holder (as the kernel's EBUSY does).
        #expect(throws: GPIOError.lineBusy(chip: "gpiochip0", offset: 17, consumer: "posture-motor")) {
            _ = try chip.requestOutput(offset: 17, activeLow: false, consumer: "someone-else")
        }
        #expect(try chip.lineInfo(offset: 17) == GPIOLineInfo(offset: 17, name: nil, consumer: "posture-motor", isUsed: true,
                                                               isOutput: true, activeLow: true))
        motor = nil
        let released = try chip.lineInfo(offset: 17)
        #expect(!released.isUsed && released.consumer == nil && released.isOutput && !released.activeLow)
        _ = motor
        // Released means free: a new holder gets it.
        let again = try chip.requestOutput(offset: 17, activeLow: false, consumer: "posture-led")
        #expect(try chip.lineInfo(offset: 17).consumer == "posture-led")
        _ = again
        #expect(throws: GPIOError.offsetOutOfRange(chip: "gpiochip0", offset: 28, lineCount: 28)) {
            _ = try chip.lineInfo(offset: 28)
        }
    }
}
