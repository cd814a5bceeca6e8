import Foundation
import SystemSupport
import Testing
@testable import GPIO

/// LibgpiodChip (built for libgpiod 1.x) itself (not through the CLI) on an emulated chip. LD_PRELOAD only works from a
/// process's start, so the parent test runs this test runner again with the emulator preloaded and
/// only `Libgpiod1ChipInEmulatorChild` selected; that suite is skipped everywhere else.
@Suite("libgpiod 1.6 binding on the uAPI emulator", .enabled(if: LibgpiodBuild.generation == 1, "the uAPI v1 emulator serves libgpiod 1.x only; this build uses libgpiod 2.x"))
struct Libgpiod1EmulatedTests {
    static let childVariable = "POSTURE_GPIO_EMU_CHILD"
    /// Chip 2, so that number, name and label lookups are not all "0" by accident.
    static let chips = "2=posture-emu:8:L"
    static let script = [
        "200 2 falling", "400 2 rising",  // a press on the active-low button (offset 2)
        "700 2 falling",                  // and another, awaited with an infinite timeout,
        "1000 2 rising",                  // released, awaited with a finite timeout too large for a timespec
        "100 3 rising",                   // ignored: offset 3 is only requested later, as an output
        "150 4 rising", "250 4 falling", "350 4 rising", "450 4 falling",  // an IMU INT pin, rising edges only
    ]

    @Test func theBindingDrivesTheEmulatedKernelInAChildProcess() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-libgpiod-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("script.txt"), log = dir.appendingPathComponent("log.txt")
        try Self.script.joined(separator: "\n").write(to: script, atomically: true, encoding: .utf8)

        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("POSTURE_GPIO_EMU_") }
        environment["LD_PRELOAD"] = try EmulatedGPIORun.emulator().path
        environment["POSTURE_GPIO_EMU_CHIPS"] = Self.chips
        environment["POSTURE_GPIO_EMU_HELD"] = "gpiochip2:5=gpio-keys"
        environment["POSTURE_GPIO_EMU_LOG"] = log.path
        environment["POSTURE_GPIO_EMU_SCRIPT"] = script.path
        environment[Self.childVariable] = "1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--testing-library", "swift-testing", "--filter", "Libgpiod1ChipInEmulatorChild"]
        process.environment = environment
        let output = dir.appendingPathComponent("child-output.txt")
        try #require(FileManager.default.createFile(atPath: output.path, contents: nil))
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // A hang in the binding (an edge that never arrives) must fail, not stall the run.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try handle.close()
        let childOutput = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "child test run failed:\n\(childOutput)")
        #expect(childOutput.contains("Test run with 1 test"), "the child ran nothing:\n\(childOutput)")

        let records = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map { try EmulatorRecord(String($0)) }
        #expect(records.allSatisfy { $0.chip == "gpiochip2" })
        let motor = records.filter { $0.offset == 0 }.map { "\($0.what) \($0.level ?? -1)" }
        // The second opening's request of the held line is refused by the "kernel", not by libgpiod.
        #expect(motor == ["request 0", "set 1", "set 0", "release 0", "request 0", "refused -1", "release 0"])
        // The active-low LED was left active: its release drives it inactive (high) first.
        let led = records.filter { $0.offset == 1 }.map { "\($0.what) \($0.level ?? -1)" }
        #expect(led == ["request 1", "set 0", "set 1", "release 1"])
        #expect(records.filter { $0.offset == 2 && $0.what == "edge" }.map(\.word) == ["rising", "falling", "rising", "falling"])
        #expect(records.filter { $0.offset == 3 }.allSatisfy { $0.what != "edge" })
        #expect(records.filter { $0.offset == 5 }.map(\.what) == ["refused"])
    }
}

/// Runs only in the child process started above, with the emulator preloaded.
@Suite(.enabled(if: ProcessInfo.processInfo.environment[Libgpiod1EmulatedTests.childVariable] == "1",
                "runs in the child process of Libgpiod1EmulatedTests, with the GPIO emulator preloaded"))
struct Libgpiod1ChipInEmulatorChild {
    @Test func outputsInputsEdgesAndErrors() throws {
        #expect(listGPIOChips() == [GPIOChipInfo(name: "gpiochip2", path: "/dev/gpiochip2", label: "posture-emu", lineCount: 8)])
        let chip = try openGPIOChip("pinctrl-absent,posture-emu")
        #expect(chip.name == "gpiochip2" && chip.label == "posture-emu" && chip.lineCount == 8)
        // Taken before the request: the emulator counts the script's delays from inside it.
        let pressStart = SystemTime.monotonicSeconds() + 0.2
        let button = try chip.requestInput(offset: 2, activeLow: true, bias: .pullUp, consumer: "posture-test")
        let interrupt = try chip.requestInput(offset: 4, activeLow: false, bias: .asIs, edges: .rising, consumer: "posture-int")

        do {
            let motor = try chip.requestOutput(offset: 0, activeLow: false, consumer: "posture-test")
            try motor.set(active: true)
            #expect(try chip.lineInfo(offset: 0) == GPIOLineInfo(offset: 0, name: "L0", consumer: "posture-test",
                                                                  isUsed: true, isOutput: true, activeLow: false))
            try motor.set(active: false)
        }
        #expect(try chip.lineInfo(offset: 0).isUsed == false, "released when the line object goes")
        let motorAgain = try chip.requestOutput(offset: 0, activeLow: false, consumer: "posture-again")

        do {
            let led = try chip.requestOutput(offset: 1, activeLow: true, consumer: "posture-test")
            #expect(try chip.lineInfo(offset: 1).activeLow)
            try led.set(active: true)
        }

        #expect(try button.read() == false)
        #expect(button.pollFileDescriptor != nil)
        #expect(try button.waitForEdges(timeoutSeconds: 0).isEmpty)
        let pressed = try button.waitForEdges(timeoutSeconds: 2)
        #expect(pressed.map(\.kind) == [.rising])
        if let edge = pressed.first {
            #expect(edge.timeSeconds >= pressStart - 0.001 && edge.timeSeconds <= SystemTime.monotonicSeconds())
        }
        #expect(try button.read() == true)
        #expect(try button.waitForEdges(timeoutSeconds: 2).map(\.kind) == [.falling])
        #expect(try button.waitForEdges(timeoutSeconds: .infinity).map(\.kind) == [.rising])
        // Timeouts out of range: minus infinity returns at once, an enormous one waits (no trap).
        let beforeNegative = SystemTime.monotonicSeconds()
        #expect(try button.waitForEdges(timeoutSeconds: -.infinity).isEmpty)
        #expect(SystemTime.monotonicSeconds() - beforeNegative < 0.2)
        #expect(try button.waitForEdges(timeoutSeconds: 1e300).map(\.kind) == [.falling])
        // The kernel was asked for rising edges only: the two falling ones never arrive.
        #expect(try interrupt.waitForEdges(timeoutSeconds: 0).map(\.kind) == [.rising, .rising])

        // Busy: held by this chip object, by another opening of the chip, by a kernel driver.
        #expect(throws: GPIOError.lineBusy(chip: "gpiochip2", offset: 2, consumer: "posture-test")) {
            _ = try chip.requestOutput(offset: 2, activeLow: false, consumer: "other")
        }
        let second = try openGPIOChip("/dev/gpiochip2")
        #expect(throws: GPIOError.lineBusy(chip: "gpiochip2", offset: 0, consumer: "posture-again")) {
            _ = try second.requestOutput(offset: 0, activeLow: false, consumer: "other")
        }
        #expect(throws: GPIOError.lineBusy(chip: "gpiochip2", offset: 5, consumer: "gpio-keys")) {
            _ = try second.requestInput(offset: 5, activeLow: false, bias: .asIs, consumer: "other")
        }
        #expect(throws: GPIOError.offsetOutOfRange(chip: "gpiochip2", offset: 8, lineCount: 8)) {
            _ = try chip.requestOutput(offset: 8, activeLow: false, consumer: "other")
        }
        _ = try second.requestOutput(offset: 3, activeLow: false, consumer: "posture-test")
        withExtendedLifetime(motorAgain) {}
    }
}
