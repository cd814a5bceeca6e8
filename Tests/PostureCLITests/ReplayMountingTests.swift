import Foundation
import Testing

/// `posture replay` takes the trace's `# mounting:` line as the default placement and forward
/// axis (a belt-clip recording needs no config); a key the config sets wins; a line it cannot
/// read is ignored with a note.
@Suite struct ReplayMountingTests {
    static let hapt = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Data/hapt/exp01_user01.csv.gz").standardizedFileURL.path
    static let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-mounting-\(getpid())").path

    static func file(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func activities(_ jsonl: String) -> [String] {
        var states: [String] = []
        for line in jsonl.split(separator: "\n") where line.contains("\"event\":\"activity\"") {
            guard let r = line.range(of: "\"state\":\"") else { continue }
            states.append(String(line[r.upperBound...].prefix { $0 != "\"" }))
        }
        return states
    }

    @Test func aBeltClipRecordingReplaysWithoutConfig() throws {
        let plain = try PostureProcess.run(["replay", Self.hapt])
        #expect(plain.status == 0, "\(plain.stderr)")
        let notes = plain.stderr.split(separator: "\n").filter { $0.contains("# mounting:") }
        #expect(notes.count == 1, "\(plain.stderr)")
        #expect(plain.stderr.contains("placement lower_back") && plain.stderr.contains("forward_axis +z")
                && plain.stderr.contains("activity_at_calibration standing"), "\(plain.stderr)")
        // The same as with the keys written out; the run: stand, sit, stand, lie, sit, lie, stand, walk.
        let explicit = try Self.file("waist.toml", "[sensor]\nplacement = \"lower_back\"\nforward_axis = \"+z\"\n"
                                     + "[calibration]\nactivity_at_calibration = \"standing\"\n")
        let configured = try PostureProcess.run(["replay", Self.hapt, "--config", explicit])
        #expect(configured.status == 0 && !configured.stderr.contains("# mounting:"), "\(configured.stderr)")
        #expect(plain.stdout == configured.stdout)
        let states = Self.activities(plain.stdout)
        #expect(states.first == "standing", "\(states)")
        let sat = states.firstIndex(of: "sitting"), lay = states.firstIndex(of: "lying")
        #expect(sat != nil && lay != nil && (sat ?? 0) < (lay ?? 0), "sitting before lying: \(states)")
        #expect(states.contains("walking"), "\(states)")
    }

    @Test func aConfiguredKeyWins() throws {
        let upper = try Self.file("upper.toml", "[sensor]\nplacement = \"upper_back\"\n")
        let run = try PostureProcess.run(["replay", Self.hapt, "--config", upper])
        #expect(run.status == 0)
        #expect(run.stderr.contains("forward_axis +z") && !run.stderr.contains("placement lower_back"), "\(run.stderr)")
        let both = try Self.file("both.toml", "[sensor]\nplacement = \"upper_back\"\nforward_axis = \"+z\"\n")
        let same = try PostureProcess.run(["replay", Self.hapt, "--config", both])
        #expect(!same.stderr.contains("# mounting:"), "\(same.stderr)")
        #expect(!run.stdout.isEmpty && run.stdout == same.stdout)
    }

    @Test func anUnreadableMountingLineIsIgnoredWithANote() throws {
        var body = "t,ax,ay,az,gx,gy,gz,marker\n"
        for i in 0..<300 { body += "\(Double(i) / 100),0.1,0,0.995,0,0,0,\(i == 50 ? "calibrate" : "")\n" }
        let odd = try Self.file("odd.csv", "# posture-trace v1\n# mounting: strapped to a dog\n" + body)
        let none = try Self.file("none.csv", "# posture-trace v1\n" + body)
        let a = try PostureProcess.run(["replay", odd]), b = try PostureProcess.run(["replay", none])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stderr.contains("strapped to a dog") && a.stderr.contains("ignored"), "\(a.stderr)")
        #expect(b.stderr.isEmpty, "\(b.stderr)")
        #expect(!a.stdout.isEmpty && a.stdout == b.stdout)
    }

    /// The daemon's --mock-trace takes it too (said once in the log).
    @Test func theDaemonsMockTraceToo() throws {
        try FileManager.default.createDirectory(atPath: Self.dir, withIntermediateDirectories: true)
        let run = try PostureProcess.run(["run", "--mock-trace", Self.hapt, "--speed", "20", "--stop-after", "40",
                                          "--state-dir", Self.dir + "/daemon-state"])
        let log = run.stdout + run.stderr
        #expect(run.status == 0, "\(log)")
        #expect(log.components(separatedBy: "from the mock trace's '# mounting:' line: placement lower_back, forward_axis +z").count == 2, "\(log)")
        // Calibrated standing at 2 s, sat down near 27 s.
        #expect(log.contains("activity: standing") && log.contains("activity: sitting"), "\(log)")
    }
}
