import Foundation
import GPIO
import Testing

/// The motor line is left off however `posture run` ends (#14 point 5), on the real libgpiod 1.6
/// binding over the uAPI emulator, which logs the level written at every request, set and
/// release: SIGTERM, SIGINT, SIGHUP with a broken file (kept running, then SIGTERM), a fatal error
/// after the lines were requested (a second daemon on the same socket), the end of a timed run.
/// (On gpio-sim a released line falls back to its pull, so only a log like this one shows what
/// the daemon itself left on the pin; the kernel guest checks SIGTERM on gpio-sim, 30-daemon.sh.)
@Suite("posture run leaves the motor off on every exit path", .enabled(if: LibgpiodBuild.generation == 1, "the uAPI v1 emulator serves libgpiod 1.x only; this build uses libgpiod 2.x"))
struct ExitPathMotorTests {
    static let motorLine = 17

    /// A running daemon with the emulator preloaded; its stderr goes to a file read while it runs.
    final class Daemon {
        let dir: String
        let process = Process()
        var log: String { (try? String(contentsOfFile: dir + "/stderr.txt", encoding: .utf8)) ?? "" }
        var transitions: [EmulatorRecord] {
            let text = (try? String(contentsOfFile: dir + "/transitions.log", encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { try? EmulatorRecord(String($0)) }
        }

        init(dir: String, arguments: [String] = []) throws {
            self.dir = dir
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("POSTURE_GPIO_EMU_") }
            environment["LD_PRELOAD"] = try EmulatedGPIORun.emulator().path
            environment["POSTURE_GPIO_EMU_CHIPS"] = "pinctrl-bcm2711:58:GPIO"
            environment["POSTURE_GPIO_EMU_LOG"] = dir + "/transitions.log"
            process.executableURL = try EmulatedGPIORun.buildDirectory().appendingPathComponent("posture")
            process.arguments = ["run", "--config", dir + "/posture.toml"] + arguments
            process.environment = environment
            FileManager.default.createFile(atPath: dir + "/stderr.txt", contents: nil)
            process.standardError = FileHandle(forWritingAtPath: dir + "/stderr.txt")
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        }

        /// Waits (bounded: 20 s) until the log holds `text`; false if it never came.
        func waitFor(_ text: String) -> Bool {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if log.contains(text) { return true }
                if !process.isRunning { return log.contains(text) }
                usleep(10_000)
            }
            return false
        }

        func finish() -> Int32 {
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static func directory(_ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "posture-exit-\(getpid())-\(name)"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
            [gpio]
            chip = "pinctrl-rp1,pinctrl-bcm2711"
            motor_line = \(motorLine)
            motor_active_low = true
            [button]
            line = 27
            [control]
            socket = "\(dir)/control.sock"
            [state]
            directory = "\(dir)"
            """.write(toFile: dir + "/posture.toml", atomically: true, encoding: .utf8)
        return dir
    }

    /// The motor was requested, and whatever the daemon wrote last left it inactive.
    static func expectMotorLeftOff(_ daemon: Daemon, _ path: String, released: Bool = true) {
        let motor = daemon.transitions.filter { $0.offset == motorLine }
        #expect(motor.first?.what == "request", "\(path): \(motor)")
        let lastWritten = motor.last { $0.what != "release" }
        #expect(lastWritten?.isActive == false, "\(path): \(motor)")
        if released {
            #expect(motor.last?.what == "release" && motor.last?.level == 1, "\(path): released at the off level (active low)")
        }
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func stopSignal(_ signal: Int32) throws {
        let dir = try Self.directory("signal\(signal)")
        let daemon = try Daemon(dir: dir)
        #expect(daemon.waitFor("control socket:"), "\(daemon.log)")
        kill(daemon.process.processIdentifier, signal)
        #expect(daemon.finish() == 0, "\(daemon.log)")
        #expect(daemon.log.contains(signal == SIGINT ? "signal SIGINT: stopping" : "signal SIGTERM: stopping"), "\(daemon.log)")
        Self.expectMotorLeftOff(daemon, "signal \(signal)")
    }

    @Test func reloadOfABrokenFileKeepsRunningThenStops() throws {
        let dir = try Self.directory("hup")
        let daemon = try Daemon(dir: dir)
        #expect(daemon.waitFor("control socket:"), "\(daemon.log)")
        try "[\n".write(toFile: dir + "/posture.toml", atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(daemon.waitFor("reload failed, keeping the running configuration"), "\(daemon.log)")
        #expect(daemon.process.isRunning, "a broken file on SIGHUP must not stop the daemon: \(daemon.log)")
        daemon.process.terminate()
        #expect(daemon.finish() == 0, "\(daemon.log)")
        Self.expectMotorLeftOff(daemon, "SIGHUP with a broken file, then SIGTERM")
    }

    @Test func fatalErrorAfterTheLinesWereRequested() throws {
        let dir = try Self.directory("fatal")
        let first = try Daemon(dir: dir)
        #expect(first.waitFor("control socket:"), "\(first.log)")
        // Same socket: the second daemon has its lines (its own emulated chip) when it finds out.
        let secondDir = try Self.directory("fatal-second")
        try String(contentsOfFile: dir + "/posture.toml", encoding: .utf8)
            .write(toFile: secondDir + "/posture.toml", atomically: true, encoding: .utf8)
        let second = try Daemon(dir: secondDir)
        let status = second.finish()
        #expect(status != 0, "\(second.log)")
        #expect(second.log.contains("already listening"), "\(second.log)")
        Self.expectMotorLeftOff(second, "fatal start error", released: false)
        first.process.terminate()
        #expect(first.finish() == 0, "\(first.log)")
        Self.expectMotorLeftOff(first, "the first daemon, SIGTERM")
    }

    @Test func endOfATimedRun() throws {
        let dir = try Self.directory("timed")
        let daemon = try Daemon(dir: dir, arguments: ["--stop-after", "1"])
        #expect(daemon.finish() == 0, "\(daemon.log)")
        #expect(daemon.log.contains("stopped after"), "\(daemon.log)")
        Self.expectMotorLeftOff(daemon, "--stop-after")
    }
}
