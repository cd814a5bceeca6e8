import Foundation
import SystemSupport
import Testing
@testable import GPIO

/// A simulated chip from the kernel's gpio-sim module (configfs), for running the libgpiod
/// implementation against a real kernel GPIO character device. Needs root, configfs mounted
/// and `modprobe gpio-sim`; the suite is skipped otherwise.
struct GPIOSimChip {
    static let configRoot = "/sys/kernel/config/gpio-sim"
    static var isAvailable: Bool { access(configRoot, W_OK) == 0 }

    let devicePath: String
    let label: String
    let sysfsDirectory: String

    init(label: String, lineCount: Int) throws {
        self.label = label
        devicePath = "\(Self.configRoot)/\(label)-\(getpid())"
        let files = FileManager.default
        try files.createDirectory(atPath: devicePath + "/bank0", withIntermediateDirectories: true)
        try Self.write("\(lineCount)", to: devicePath + "/bank0/num_lines")
        try Self.write(label, to: devicePath + "/bank0/label")
        try Self.write("1", to: devicePath + "/live")
        let deviceName = try Self.read(devicePath + "/dev_name")
        let chipName = try Self.read(devicePath + "/bank0/chip_name")
        sysfsDirectory = "/sys/devices/platform/\(deviceName)/\(chipName)"
    }

    func remove() {
        try? Self.write("0", to: devicePath + "/live")
        rmdir(devicePath + "/bank0")
        rmdir(devicePath)
    }

    /// The level the consumer drives on an output line ("0"/"1").
    func outputValue(offset: Int) throws -> String { try Self.read("\(sysfsDirectory)/sim_gpio\(offset)/value") }

    /// Drives an input line from the "outside": pull-up = high, pull-down = low.
    func pull(offset: Int, high: Bool) throws {
        try Self.write(high ? "pull-up" : "pull-down", to: "\(sysfsDirectory)/sim_gpio\(offset)/pull")
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@Suite("libgpiod against gpio-sim", .enabled(if: GPIOSimChip.isAvailable,
    "gpio-sim is not available here (needs root, configfs at /sys/kernel/config and `modprobe gpio-sim`)"))
struct GPIOSimTests {
    @Test func outputsInputsEdgesAndErrorsOnARealCharacterDevice() throws {
        let sim = try GPIOSimChip(label: "posture-sim", lineCount: 8)
        defer { sim.remove() }
        do {
            let chip = try openGPIOChip("pinctrl-posture-absent,posture-sim")
            #expect(chip.label == "posture-sim")

            let motor = try chip.requestOutput(offset: 0, activeLow: false, consumer: "posture-test")
            try motor.set(active: true)
            #expect(try sim.outputValue(offset: 0) == "1")
            try motor.set(active: false)
            #expect(try sim.outputValue(offset: 0) == "0")

            let led = try chip.requestOutput(offset: 1, activeLow: true, consumer: "posture-test")
            #expect(try sim.outputValue(offset: 1) == "1")  // inactive = high
            try led.set(active: true)
            #expect(try sim.outputValue(offset: 1) == "0")

            let button = try chip.requestInput(offset: 2, activeLow: true, bias: .pullUp, consumer: "posture-test")
            #expect(try button.read() == false)
            #expect(button.pollFileDescriptor != nil)
            #expect(try button.waitForEdges(timeoutSeconds: 0).isEmpty)
            let before = SystemTime.monotonicSeconds()
            try sim.pull(offset: 2, high: false)  // pressed
            let pressed = try button.waitForEdges(timeoutSeconds: 1)
            #expect(pressed.map(\.kind) == [.rising])
            if let edge = pressed.first {
                #expect(edge.timeSeconds >= before - 0.001 && edge.timeSeconds <= SystemTime.monotonicSeconds() + 0.001)
            }
            #expect(try button.read() == true)
            try sim.pull(offset: 2, high: true)
            #expect(try button.waitForEdges(timeoutSeconds: 1).map(\.kind) == [.falling])

            #expect(throws: GPIOError.lineBusy(chip: chip.name, offset: 2, consumer: "posture-test")) {
                _ = try chip.requestOutput(offset: 2, activeLow: false, consumer: "other")
            }
            #expect(throws: GPIOError.offsetOutOfRange(chip: chip.name, offset: 8, lineCount: 8)) {
                _ = try chip.requestOutput(offset: 8, activeLow: false, consumer: "other")
            }
        }
    }
}
