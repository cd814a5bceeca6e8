import Foundation
import Testing

/// Runs the built `posture` executable the way a user does and checks what they see.
struct PostureProcess {
    static var executable: URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // The test runner lives in .build/<config>/ (or inside an .xctest bundle below it).
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("posture")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let executable else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "posture executable not found next to the tests"])
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

@Suite struct ReplayCommandLineTests {
    static let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-cli-\(getpid())")

    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Each bad input gives exactly one clear line on stderr and a non-zero status.
    @Test func badTracesGiveOneClearErrorLine() throws {
        let cases: [(String, String)] = [
            ("/nonexistent/trace.csv", "/nonexistent/trace.csv: cannot open: No such file or directory"),
            (try Self.file("empty.csv", []), "empty.csv: empty file"),
            (try Self.file("binary.csv", [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff]), "binary.csv:1: binary data"),
            (try Self.file("missing.csv", Array("t,ax,ay,az,gx,gy\n0,0,0,1,0,0\n".utf8)), "missing.csv:1: missing required column gz"),
        ]
        for (path, expected) in cases {
            let result = try PostureProcess.run(["replay", path])
            #expect(result.status != 0, "\(path)")
            #expect(result.stdout.isEmpty, "\(path)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("posture: "), "\(result.stderr)")
            #expect(result.stderr.contains(expected), "\(result.stderr)")
        }
    }

    @Test func badArgumentsAreRefused() throws {
        let trace = try Self.file("ok.csv", Array("t,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n".utf8))
        let badPress = try PostureProcess.run(["replay", trace, "--press", "soon:calibrate"])
        #expect(badPress.status != 0)
        #expect(badPress.stderr.contains("--press: 'soon:calibrate'"))
        let badEmit = try PostureProcess.run(["replay", trace, "--emit", "pictures"])
        #expect(badEmit.status != 0)
        #expect(badEmit.stderr.contains("--emit"))
        let badConfig = try PostureProcess.run(["replay", trace, "--config", try Self.file("bad.toml", Array("[slouch]\nangle_deg = 99.0\n".utf8))])
        #expect(badConfig.status != 0)
        #expect(badConfig.stderr.contains("bad.toml:2: slouch.angle_deg: 99.0 is out of range"))
    }

    @Test func replayOutputIsIdenticalAcrossProcesses() throws {
        var text = "# posture-trace v1\nt,ax,ay,az,gx,gy,gz,marker\n"
        for i in 0..<300 {
            let t = Double(i) / 100
            text += "\(t),\(0.002 * Double(i % 17)),0.01,0.99,0.5,-0.25,\(Double(i % 5) * 0.1),\(i == 50 ? "calibrate" : "")\n"
        }
        let trace = try Self.file("det.csv", Array(text.utf8))
        for emit in ["events", "samples"] {
            let a = try PostureProcess.run(["replay", trace, "--emit", emit])
            let b = try PostureProcess.run(["replay", trace, "--emit", emit])
            #expect(a.status == 0 && b.status == 0)
            #expect(!a.stdout.isEmpty)
            #expect(a.stdout == b.stdout)
        }
    }
}
