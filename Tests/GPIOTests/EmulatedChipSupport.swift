import Foundation
import Testing

/// Runs the built `posture` with the GPIO uAPI emulator preloaded, so the real libgpiod 1.6 binding
/// (LibgpiodChip built for 1.x) drives fake /dev/gpiochipN devices. LD_PRELOAD must be set before a process
/// starts, hence a child process. The emulator must be there: a missing one fails the test.
struct EmulatedGPIORun {
    static let emulatorName = "libposture-gpio-uapi-emulator.so"

    /// The build directory (.build/debug): the test runner lives there or in an .xctest bundle below it.
    static func buildDirectory() throws -> URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("posture").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        throw EmulatedRunError("posture executable not found next to the tests (swift build --build-tests)")
    }

    static func emulator() throws -> URL {
        let url = try buildDirectory().appendingPathComponent(emulatorName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EmulatedRunError("\(url.path) missing: the GPIO uAPI emulator product was not built")
        }
        return url
    }

    /// The subcommand, given `--config` with `configTOML` and then the run's arguments.
    var subcommand = "gpio"
    /// The chips the emulator shows (`POSTURE_GPIO_EMU_CHIPS`).
    var chips = "pinctrl-bcm2711:58:GPIO"
    var configTOML = ""
    var scriptLines: [String] = []
    var held: String?
    var denyAccess = false
    /// A kernel before 5.5: no pull-up/pull-down flags.
    var refuseBias = false

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var records: [EmulatorRecord]

        func records(offset: Int) -> [EmulatorRecord] { records.filter { $0.offset == offset } }
    }

    /// Sends SIGINT once the emulator's log has a line containing this (the user's Ctrl-C).
    var interruptWhenLogContains: String?

    func run(_ arguments: [String]) throws -> Result {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("posture-gpio-emu-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("posture.toml")
        // `$DIR` in the configuration is this run's private directory (state, control socket).
        try configTOML.replacingOccurrences(of: "$DIR", with: dir.path).write(to: config, atomically: true, encoding: .utf8)
        let script = dir.appendingPathComponent("script.txt")
        try scriptLines.joined(separator: "\n").write(to: script, atomically: true, encoding: .utf8)
        let log = dir.appendingPathComponent("transitions.log")

        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("POSTURE_GPIO_EMU_") }
        environment["LD_PRELOAD"] = try Self.emulator().path
        environment["POSTURE_GPIO_EMU_CHIPS"] = chips
        environment["POSTURE_GPIO_EMU_LOG"] = log.path
        environment["POSTURE_GPIO_EMU_SCRIPT"] = script.path
        if let held { environment["POSTURE_GPIO_EMU_HELD"] = held }
        if denyAccess { environment["POSTURE_GPIO_EMU_DENY"] = "1" }
        if refuseBias { environment["POSTURE_GPIO_EMU_NO_BIAS"] = "1" }

        let process = Process()
        process.executableURL = try Self.buildDirectory().appendingPathComponent("posture")
        process.arguments = [subcommand, "--config", config.path] + arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let trigger = interruptWhenLogContains {
            // Bounded: a child that never gets there is a failure, not a hang.
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline {
                if let text = try? String(contentsOf: log, encoding: .utf8), text.contains(trigger) {
                    process.interrupt()
                    break
                }
                usleep(2_000)
            }
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let logText = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self),
                      records: try logText.split(separator: "\n").map { try EmulatorRecord(String($0)) })
    }
}

struct EmulatedRunError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One line of the emulator's log: `<monotonic s> <chip> <offset> <what> [word] key=value...`.
struct EmulatorRecord: Equatable {
    var timeSeconds: Double
    var chip: String
    var offset: Int
    var what: String
    /// A bare word after `what` (the edge kind of `edge` records).
    var word: String?
    var fields: [String: String]

    init(_ line: String) throws {
        let parts = line.split(separator: " ").map(String.init)
        guard parts.count >= 4, let time = Double(parts[0]), let offset = Int(parts[2]) else {
            throw EmulatedRunError("unreadable emulator log line '\(line)'")
        }
        timeSeconds = time
        chip = parts[1]
        self.offset = offset
        what = parts[3]
        fields = [:]
        for part in parts.dropFirst(4) {
            if let equals = part.firstIndex(of: "=") {
                fields[String(part[..<equals])] = String(part[part.index(after: equals)...])
            } else {
                word = part
            }
        }
    }

    var isActive: Bool? { fields["active"].map { $0 == "1" } }
    var level: Int? { fields["level"].flatMap { Int($0) } }
}
