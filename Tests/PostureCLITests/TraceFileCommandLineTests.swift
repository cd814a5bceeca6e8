import Foundation
import Testing

/// `.csv.gz` and several files where a user meets them: record, simulate, replay, --mock-trace.
@Suite struct TraceFileCommandLineTests {
    static let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-trace-cli-\(getpid())").path

    static func path(_ name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/" + name
    }

    static func startsWithGzipMagic(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return data.prefix(2) == Data([0x1F, 0x8B])
    }

    @Test func simulatedGzipReplaysLikeThePlainTrace() throws {
        let gz = try Self.path("desk.csv.gz"), plain = try Self.path("desk.csv")
        let a = try PostureProcess.run(["simulate", "desk-work", "--seed", "2", "--duration", "120", "-o", gz])
        let b = try PostureProcess.run(["simulate", "desk-work", "--seed", "2", "--duration", "120", "-o", plain])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(Self.startsWithGzipMagic(gz))
        #expect(FileManager.default.fileExists(atPath: try Self.path("desk.labels.json")))
        for emit in ["events", "samples"] {
            let fromGz = try PostureProcess.run(["replay", gz, "--emit", emit])
            let fromPlain = try PostureProcess.run(["replay", plain, "--emit", emit])
            #expect(fromGz.status == 0, "\(fromGz.stderr)")
            #expect(!fromPlain.stdout.isEmpty)
            #expect(fromGz.stdout == fromPlain.stdout)
        }
    }

    @Test func gzipRecordingFeedsTheMockChipAndReplays() throws {
        let rec = try Self.path("rec.csv.gz"), again = try Self.path("again.csv.gz")
        let run = try PostureProcess.run(["record", "--mock", "mpu6050", "--mock-motion", "sweep:30:10",
                                          "--duration", "20", "--fast", "-o", rec, "--overwrite"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.startsWithGzipMagic(rec))
        let fed = try PostureProcess.run(["record", "--mock", "mpu6050", "--mock-trace", rec,
                                          "--duration", "5", "--fast", "-o", again, "--overwrite"])
        #expect(fed.status == 0, "\(fed.stderr)")
        let replay = try PostureProcess.run(["replay", again, "--emit", "samples"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.split(separator: "\n").count > 400)
    }

    /// A recorder killed with SIGKILL (as by a power loss, minus the page cache): the file keeps
    /// every line up to the last once-a-second flush; replay uses them all, then exits 2 saying so.
    @Test func recordingKilledMidwayKeepsItsFlushedSamples() throws {
        guard let executable = PostureProcess.executable else { throw CocoaError(.fileNoSuchFile) }
        let rec = try Self.path("killed.csv.gz")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["record", "--mock", "mpu6050", "--mock-motion", "still:10", "-o", rec, "--overwrite"]
        process.standardInput = Pipe()
        process.standardError = Pipe()
        try process.run()
        // Wait for a few flushes (the size grows once a second), at most 30 s on a loaded machine.
        var size = 0
        for _ in 0..<300 where size < 2500 {
            usleep(100_000)
            size = (try? FileManager.default.attributesOfItem(atPath: rec)[.size] as? Int) ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(size >= 2500)
        let replay = try PostureProcess.run(["replay", rec, "--emit", "samples"])
        #expect(replay.status == 2, "\(replay.stderr)")
        #expect(replay.stderr.contains(rec) && replay.stderr.contains("the gzip stream is cut off"), "\(replay.stderr)")
        #expect(replay.stdout.split(separator: "\n").count > 100)
    }

    @Test func severalFilesAreOrderedAndOverlapsRefused() throws {
        let header = "# posture-trace v1\nt,ax,ay,az,gx,gy,gz\n"
        func rows(_ from: Int, _ to: Int) -> String {
            (from..<to).map { "\(Double($0) / 100),0,0,1,0,0,0\n" }.joined()
        }
        let a = try Self.path("a.csv"), b = try Self.path("b.csv"), c = try Self.path("c.csv")
        try (header + rows(0, 500)).write(toFile: a, atomically: true, encoding: .utf8)
        try (header + rows(1000, 1500)).write(toFile: b, atomically: true, encoding: .utf8)
        try (header + rows(1200, 1300)).write(toFile: c, atomically: true, encoding: .utf8)
        let both = try PostureProcess.run(["replay", b, a, "--emit", "samples"])
        #expect(both.status == 0, "\(both.stderr)")
        let times = both.stdout.split(separator: "\n").dropFirst().compactMap { Double($0.prefix { $0 != "," }) }
        #expect(times.count == 1000)
        #expect(times == times.sorted())
        let overlap = try PostureProcess.run(["replay", a, b, c])
        #expect(overlap.status == 1)
        #expect(overlap.stderr.contains("overlaps"), "\(overlap.stderr)")
    }
}
