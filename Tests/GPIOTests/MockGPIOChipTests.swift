@testable import MockGPIO
import Testing
@testable import GPIO
#if canImport(Glibc)
import Glibc
#endif

@Suite("MockGPIOChip")
struct MockGPIOChipTests {
    @Test func outputTransitionsAreRecordedWithClockTimes() throws {
        let clock = MockGPIOClock(startSeconds: 100)
        let chip = MockGPIOChip(clock: clock)
        let motor = try chip.requestOutput(offset: 17, activeLow: false, consumer: "posture-motor")
        #expect(chip.isActive(offset: 17) == false)
        clock.advance(bySeconds: 0.5)
        try motor.set(active: true)
        clock.advance(bySeconds: 0.2)
        try motor.set(active: true)  // no change, no transition
        clock.advance(bySeconds: 0.1)
        try motor.set(active: false)
        let recorded = chip.transitions(offset: 17)
        #expect(recorded == [
            MockGPIOTransition(timeSeconds: 100.5, active: true, physicalHigh: true),
            MockGPIOTransition(timeSeconds: 100.8, active: false, physicalHigh: false),
        ])
        #expect(chip.transitions(offset: 18).isEmpty)
    }

    @Test func releasingAnActiveOutputTurnsItOff() throws {
        let clock = MockGPIOClock()
        let chip = MockGPIOChip(clock: clock)
        var motor: GPIOOutputLine? = try chip.requestOutput(offset: 17, activeLow: true, consumer: "m")
        try motor?.set(active: true)
        clock.advance(bySeconds: 2)
        motor = nil
        #expect(chip.transitions(offset: 17) == [
            MockGPIOTransition(timeSeconds: 0, active: true, physicalHigh: false),
            MockGPIOTransition(timeSeconds: 2, active: false, physicalHigh: true),
        ])
        #expect(chip.isActive(offset: 17) == false)
        #expect(chip.consumer(offset: 17) == nil)
    }

    @Test func activeLowOutputIsInvertedOnThePin() throws {
        let clock = MockGPIOClock()
        let chip = MockGPIOChip(clock: clock)
        let led = try chip.requestOutput(offset: 22, activeLow: true, consumer: "led")
        #expect(chip.isActive(offset: 22) == false)
        clock.advance(bySeconds: 1)
        try led.set(active: true)
        #expect(chip.transitions(offset: 22) == [MockGPIOTransition(timeSeconds: 1, active: true, physicalHigh: false)])
        #expect(chip.isActive(offset: 22) == true)
    }

    @Test func doubleRequestIsRefusedUntilReleased() throws {
        let chip = MockGPIOChip(clock: MockGPIOClock())
        var motor: GPIOOutputLine? = try chip.requestOutput(offset: 17, activeLow: false, consumer: "posture-motor")
        #expect(motor != nil)
        #expect(chip.consumer(offset: 17) == "posture-motor")
        #expect(throws: GPIOError.lineBusy(chip: "gpiochip0", offset: 17, consumer: "posture-motor")) {
            _ = try chip.requestInput(offset: 17, activeLow: true, bias: .pullUp, consumer: "other")
        }
        motor = nil
        #expect(chip.consumer(offset: 17) == nil)
        let again = try chip.requestInput(offset: 17, activeLow: true, bias: .pullUp, consumer: "other")
        #expect(try again.read() == false)
    }

    @Test func offsetBeyondTheChipIsRefused() {
        let chip = MockGPIOChip(lineCount: 54, clock: MockGPIOClock())
        #expect(throws: GPIOError.offsetOutOfRange(chip: "gpiochip0", offset: 54, lineCount: 54)) {
            _ = try chip.requestOutput(offset: 54, activeLow: false, consumer: "x")
        }
        #expect(throws: GPIOError.offsetOutOfRange(chip: "gpiochip0", offset: -1, lineCount: 54)) {
            _ = try chip.requestOutput(offset: -1, activeLow: false, consumer: "x")
        }
    }

    @Test func pressOnActiveLowPullUpButtonGivesRisingThenFalling() throws {
        let clock = MockGPIOClock()
        let chip = MockGPIOChip(clock: clock)
        let button = try chip.requestInput(offset: 27, activeLow: true, bias: .pullUp, consumer: "posture-button")
        #expect(try button.read() == false)  // pulled up, not pressed
        chip.injectPress(offset: 27, atSeconds: 2.0, durationSeconds: 0.3)

        // Nothing is due within the first second: returns at once, empty.
        #expect(try button.waitForEdges(timeoutSeconds: 1.0).isEmpty)
        clock.set(seconds: 2.1)
        #expect(try button.read() == true)
        // The press is due, the release (2.3 s) is beyond now + 0.1 s.
        #expect(try button.waitForEdges(timeoutSeconds: 0.1) == [GPIOEdge(kind: .rising, timeSeconds: 2.0)])
        #expect(try button.waitForEdges(timeoutSeconds: 1.0) == [GPIOEdge(kind: .falling, timeSeconds: 2.3)])
        #expect(try button.waitForEdges(timeoutSeconds: 10).isEmpty)  // delivered once only
        clock.set(seconds: 2.4)
        #expect(try button.read() == false)
    }

    @Test func activeHighPullDownButtonReportsSameLogicalEdges() throws {
        let chip = MockGPIOChip(clock: MockGPIOClock())
        let button = try chip.requestInput(offset: 5, activeLow: false, bias: .pullDown, consumer: "b")
        chip.injectPress(offset: 5, atSeconds: 1, durationSeconds: 1, pressedHigh: true)
        #expect(try button.waitForEdges(timeoutSeconds: 5).map(\.kind) == [.rising, .falling])
    }

    @Test func risingOnlyLinesDropFallingEdges() throws {
        let chip = MockGPIOChip(clock: MockGPIOClock())
        let interrupt = try chip.requestInput(offset: 4, activeLow: false, bias: .asIs, edges: .rising, consumer: "int")
        for k in 0..<3 { chip.injectPress(offset: 4, atSeconds: Double(k), durationSeconds: 0.00005, pressedHigh: true) }
        let edges = try interrupt.waitForEdges(timeoutSeconds: 5)
        #expect(edges == [0.0, 1.0, 2.0].map { GPIOEdge(kind: .rising, timeSeconds: $0) })
    }

    @Test func chatterIsDeliveredInTimeOrder() throws {
        let chip = MockGPIOChip(clock: MockGPIOClock())
        let button = try chip.requestInput(offset: 27, activeLow: true, bias: .pullUp, consumer: "b")
        chip.injectPress(offset: 27, atSeconds: 1.0, durationSeconds: 0.5,
                         chatter: MockGPIOChatter(bounces: 2, intervalSeconds: 0.001))
        let edges = try button.waitForEdges(timeoutSeconds: 10)
        // Press: settle + 2 bounces (4 flips); release: the same.
        #expect(edges.count == 10)
        #expect(edges.map(\.timeSeconds) == edges.map(\.timeSeconds).sorted())
        for (earlier, later) in zip(edges, edges.dropFirst()) { #expect(earlier.kind != later.kind) }
        #expect(edges.first == GPIOEdge(kind: .rising, timeSeconds: 1.0))
        #expect(edges.last?.kind == .falling)
        let last = try #require(edges.last)
        #expect(abs(last.timeSeconds - 1.504) < 1e-9)
    }

    @Test func injectionsOutOfOrderAreSortedAndRepeatedLevelsAreNoEdges() throws {
        let chip = MockGPIOChip(clock: MockGPIOClock())
        let input = try chip.requestInput(offset: 4, activeLow: false, bias: .disabled, consumer: "i")
        chip.injectLevel(offset: 4, high: false, atSeconds: 3)
        chip.injectLevel(offset: 4, high: true, atSeconds: 1)
        chip.injectLevel(offset: 4, high: true, atSeconds: 2)  // already high: no edge
        #expect(try input.waitForEdges(timeoutSeconds: 5) == [
            GPIOEdge(kind: .rising, timeSeconds: 1),
            GPIOEdge(kind: .falling, timeSeconds: 3),
        ])
    }

    @Test func idleLevelFollowsBias() throws {
        let chip = MockGPIOChip(clock: MockGPIOClock())
        chip.setIdleLevel(offset: 6, high: true)
        let external = try chip.requestInput(offset: 6, activeLow: false, bias: .asIs, consumer: "a")
        let pulledDown = try chip.requestInput(offset: 7, activeLow: true, bias: .pullDown, consumer: "b")
        #expect(try external.read() == true)
        #expect(try pulledDown.read() == true)  // low on the pin, active-low
        #expect(external.pollFileDescriptor == nil)
    }

    @Test func injectedFailureHitsTheNextOperationOnly() throws {
        let chip = MockGPIOChip(clock: MockGPIOClock())
        let motor = try chip.requestOutput(offset: 17, activeLow: false, consumer: "m")
        chip.failNextOperation(offset: 17, errno: EIO)
        #expect(throws: GPIOError.system(operation: "setting gpiochip0 line 17 active", errno: EIO)) {
            try motor.set(active: true)
        }
        #expect(chip.isActive(offset: 17) == false)
        try motor.set(active: true)
        #expect(chip.isActive(offset: 17) == true)
    }

    @Test func chipIsUsableAcrossThreads() async throws {
        let clock = MockGPIOClock()
        let chip = MockGPIOChip(clock: clock)
        let button = try chip.requestInput(offset: 27, activeLow: true, bias: .pullUp, consumer: "b")
        // The injector runs concurrently with the consumer: the lock keeps the timeline consistent.
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { chip.injectPress(offset: 27, atSeconds: Double(index), durationSeconds: 0.5) }
            }
        }
        let edges = try button.waitForEdges(timeoutSeconds: 100)
        #expect(edges.count == 100)
        #expect(edges.map(\.timeSeconds) == edges.map(\.timeSeconds).sorted())
    }
}
