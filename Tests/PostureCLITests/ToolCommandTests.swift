import Foundation
import Testing

/// The tools as users run them: simulate, install, evaluate, config, probe/record on the mock bus.
@Suite struct ToolCommandTests {
    static let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-tools-\(getpid())")

    static func path(_ name: String) throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    @Test func simulateWritesTraceAndLabelsThatReplay() throws {
        let trace = try Self.path("desk.csv")
        let run = try PostureProcess.run(["simulate", "desk-work", "--seed", "7", "--duration", "120", "-o", trace])
        #expect(run.status == 0, "\(run.stderr)")
        let labels = trace.replacingOccurrences(of: ".csv", with: ".labels.json")
        #expect(FileManager.default.fileExists(atPath: labels))
        let text = try String(contentsOfFile: trace, encoding: .utf8)
        #expect(text.hasPrefix("# posture-trace v1\n"))
        #expect(text.contains("# source: posture simulate desk-work seed 7"))
        // The same seed gives the same bytes on stdout.
        let a = try PostureProcess.run(["simulate", "desk-work", "--seed", "7", "--duration", "120"])
        #expect(a.stdout == text)
        let replay = try PostureProcess.run(["replay", trace])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("\"event\":\"calibrated\""))
    }

    @Test func simulateRefusesBadArguments() throws {
        for args in [["simulate", "yoga"], ["simulate", "desk-work", "--rate", "0"], ["simulate", "desk-work", "--forward-axis", "up"]] {
            let run = try PostureProcess.run(args)
            #expect(run.status != 0, "\(args)")
            #expect(!run.stderr.isEmpty, "\(args)")
        }
        let list = try PostureProcess.run(["simulate", "--list"])
        #expect(list.status == 0)
        for name in ["desk-work", "long-sitting", "stretch-break", "mixed-day"] { #expect(list.stdout.contains(name)) }
    }

    @Test func installStagesEveryFileAndNeverOverwritesAConfig() throws {
        let root = try Self.path("root")
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
        let first = try PostureProcess.run(["install", "--destdir", root, "--i2c-bus", "3", "--source", repo])
        #expect(first.status == 0, "\(first.stderr)")
        let fm = FileManager.default
        for file in ["usr/local/bin/posture", "etc/systemd/system/posture.service", "etc/sysusers.d/posture.conf",
                     "etc/udev/rules.d/60-posture.rules", "etc/posture/posture.toml",
                     "usr/local/share/posture/demo-trace.csv"] {
            #expect(fm.fileExists(atPath: "\(root)/\(file)"), "\(file) not installed")
        }
        let rules = try String(contentsOfFile: "\(root)/etc/udev/rules.d/60-posture.rules", encoding: .utf8)
        #expect(rules.contains("KERNEL==\"i2c-3\""))
        let unit = try String(contentsOfFile: "\(root)/etc/systemd/system/posture.service", encoding: .utf8)
        #expect(unit.contains("dev-i2c\\x2d3.device"))
        // A locally edited config survives a second install; the new example lands beside it.
        let config = "\(root)/etc/posture/posture.toml"
        try "[slouch]\nangle_deg = 20.0\n".write(toFile: config, atomically: true, encoding: .utf8)
        let second = try PostureProcess.run(["install", "--destdir", root, "--i2c-bus", "3", "--source", repo])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "[slouch]\nangle_deg = 20.0\n")
        #expect(fm.fileExists(atPath: config + ".new"))
        let dropIn = "\(root)/etc/systemd/system/posture.service.d/metrics.conf"
        #expect(!fm.fileExists(atPath: dropIn))
        // With a Prometheus textfile the unit may write its directory (and only that).
        try "[metrics]\ntextfile = \"/var/lib/node-exporter/posture.prom\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let third = try PostureProcess.run(["install", "--destdir", root, "--i2c-bus", "3", "--source", repo])
        #expect(third.status == 0, "\(third.stderr)")
        let text = try String(contentsOfFile: dropIn, encoding: .utf8)
        #expect(text.contains("[Service]\nReadWritePaths=-/var/lib/node-exporter\n"))
    }

    /// `--enable` into an image (what pi-gen or a chroot does): the real systemd-sysusers and systemctl
    /// (installed by .ci/setup) create the user and the multi-user.target.wants link under the root.
    @Test func installEnableActivatesTheServiceInAStagedImage() throws {
        let root = try Self.path("image")
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
        let run = try PostureProcess.run(["install", "--destdir", root, "--prefix", "/usr", "--enable", "--source", repo])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("running: systemctl --root=\(root) enable posture.service"))
        #expect(run.stdout.contains("posture is enabled in \(root)"))
        let link = "\(root)/etc/systemd/system/multi-user.target.wants/posture.service"
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/etc/systemd/system/posture.service")
        let unit = try String(contentsOfFile: "\(root)/etc/systemd/system/posture.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/bin/posture "))
        let passwd = try String(contentsOfFile: "\(root)/etc/passwd", encoding: .utf8)
        #expect(passwd.split(separator: "\n").contains { $0.hasPrefix("posture:") && $0.hasSuffix(":/usr/sbin/nologin") })
        let groups = try String(contentsOfFile: "\(root)/etc/group", encoding: .utf8).split(separator: "\n")
        for group in ["i2c", "gpio"] {
            #expect(groups.contains { $0.hasPrefix(group + ":") && $0.split(separator: ":").last?.contains("posture") == true },
                    "posture is not in group \(group)")
        }
    }

    @Test func evaluateNamesAMissingDataFolder() throws {
        let run = try PostureProcess.run(["evaluate", "broad", "--data", "/nonexistent/broad"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("/nonexistent/broad"))
    }

    @Test func configCheckValidatesFiles() throws {
        let good = try Self.path("good.toml")
        try "[stretch]\nhold_target_s = 30.0\n".write(toFile: good, atomically: true, encoding: .utf8)
        let ok = try PostureProcess.run(["config", "check", good])
        #expect(ok.status == 0)
        let bad = try Self.path("bad.toml")
        try "[stretch]\nhold_target = 30.0\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try PostureProcess.run(["config", "check", bad])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("bad.toml:2: stretch.hold_target: unknown key"))
    }

    @Test func recordOnTheMockBusWritesAReplayableTrace() throws {
        let out = try Self.path("rec.csv")
        let run = try PostureProcess.run(["record", "--mock", "lsm6dso", "--mock-motion", "still:20",
                                          "--duration", "3", "--fast", "-o", out, "--overwrite"])
        #expect(run.status == 0, "\(run.stderr)")
        let replay = try PostureProcess.run(["replay", out, "--emit", "samples"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.split(separator: "\n").count > 250)
    }
}

@Suite struct RunCommandLineTests {
    /// The README's first command on a machine without an IMU: the demo on the mock bus.
    @Test func mockIfNoSensorFallsBackToTheDemo() throws {
        let dir = try ToolCommandTests.path("run-fallback")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let config = dir + "/posture.toml"
        try """
            [sensor]
            bus = 99
            [control]
            socket = "\(dir)/control.sock"
            [state]
            directory = "\(dir)/state"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let run = try PostureProcess.run(["run", "--mock-if-no-sensor", "--config", config, "--stop-after", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("no IMU found"))
        #expect(run.stderr.contains("/dev/i2c-99"))
        #expect(run.stderr.contains("mock mode"))
        #expect(run.stderr.contains("samples arriving"))
    }
}
