import Foundation
import Testing

/// `--version`, JSON errors of the control commands, mock state apart, the uncalibrated-replay note.
@Suite struct VersionJSONErrorsAndMockStateTests {
    static func tempDir(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-cli12-\(getpid())-\(name)").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func versionNamesThePackageAndLibgpiod() throws {
        let run = try PostureProcess.run(["--version"])
        #expect(run.status == 0, "\(run.stderr)")
        let line = run.stdout.trimmingCharacters(in: .newlines)
        #expect(line.range(of: #"^posture [0-9]+\.[0-9]+\.[0-9]+ \(libgpiod [12]\.[0-9]+[^)]*\)$"#, options: .regularExpression) != nil, "\(line)")
    }

    /// With --json a script reads only standard output: a daemon that is down is a JSON error there.
    @Test func jsonErrorsGoToStandardOutput() throws {
        let dir = try Self.tempDir("json")
        let socket = dir + "/nobody.sock"
        // status and stats fall back to the saved files (ExportAndOfflineTests): here there are none.
        let commands: [[String]] = [["status", "--state-dir", dir], ["calibrate"], ["stretch"], ["stats", "--state-dir", dir],
                                    ["snooze", "10m"], ["snooze", "soon"]]
        for command in commands {
            let run = try PostureProcess.run(command + ["--json", "--socket", socket])
            #expect(run.status != 0, "\(command)")
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            #expect(object?["ok"] as? Bool == false, "\(command): \(run.stdout)")
            let error = object?["error"] as? String ?? ""
            #expect(!error.isEmpty, "\(command): \(run.stdout)")
            #expect(run.stderr.contains(error), "\(command): the same message on stderr")
            #expect(command.last != "10m" || error.contains(socket))
        }
        let plain = try PostureProcess.run(["status", "--socket", socket])
        #expect(plain.status != 0 && plain.stdout.isEmpty, "without --json errors stay on stderr only")
    }

    /// The demo keeps its own state: the configured directory (the service's) stays untouched.
    @Test func mockRunKeepsItsStateApart() throws {
        let dir = try Self.tempDir("mock")
        let config = dir + "/posture.toml"
        try """
            [control]
            socket = "\(dir)/control.sock"
            [state]
            directory = "\(dir)/state"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let run = try PostureProcess.run(["run", "--mock", "--speed", "10", "--config", config, "--stop-after", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        let files = FileManager.default
        #expect(files.fileExists(atPath: dir + "/state/mock/history.sqlite"), "\(run.stderr)")
        #expect(!files.fileExists(atPath: dir + "/state/history.sqlite"))
        #expect(!files.fileExists(atPath: dir + "/state/state.json"))
        #expect(run.stderr.contains("\(dir)/state/mock"))

        let explicit = try PostureProcess.run(["run", "--mock", "--config", config, "--stop-after", "1", "--state-dir", dir + "/chosen"])
        #expect(explicit.status == 0, "\(explicit.stderr)")
        #expect(files.fileExists(atPath: dir + "/chosen/history.sqlite"), "--state-dir wins")
        #expect(!files.fileExists(atPath: dir + "/chosen/mock"))
    }

    /// A fresh recording has no calibration: stdout stays the (empty) replay, stderr says why.
    @Test func uncalibratedReplayExplainsOnStandardError() throws {
        var text = "# posture-trace v1\nt,ax,ay,az,gx,gy,gz\n"
        for i in 0..<200 { text += "\(Double(i) / 100),0,0,1,0,0,0\n" }
        let trace = try Self.tempDir("replay") + "/fresh.csv"
        try text.write(toFile: trace, atomically: true, encoding: .utf8)
        let silent = try PostureProcess.run(["replay", trace])
        #expect(silent.status == 0)
        #expect(silent.stdout.isEmpty)
        #expect(silent.stderr.split(separator: "\n").count == 1, "\(silent.stderr)")
        #expect(silent.stderr.contains("no calibration") && silent.stderr.contains("--press SECONDS:calibrate"))
        #expect(silent.stderr.contains("auto_reference"))

        let pressed = try PostureProcess.run(["replay", trace, "--press", "0.5:calibrate"])
        #expect(pressed.status == 0)
        #expect(pressed.stdout.contains("\"calibrated\""), "\(pressed.stdout)")
        #expect(pressed.stderr.isEmpty, "\(pressed.stderr)")
    }
}
