import Foundation
import Testing
@testable import PostureConfig

/// The configuration through the project's own TOML parser: exact lines, no crash on any
/// text, bounded reads (issue 14).
@Suite struct ConfigParsingTests {
    func error(_ text: String) -> ConfigError? {
        do {
            _ = try PostureConfiguration.parse(text, file: "t.toml")
            return nil
        } catch {
            return error
        }
    }

    /// These aborted the program (toml++'s assertion in parse_key()) at start, in `config
    /// check`, and on SIGHUP in the running daemon.
    @Test(arguments: ["[", "[ ", "[#", "[.", "[[[a]]]"])
    func brokenHeadersAreSyntaxErrorsOnLineOne(text: String) throws {
        let e = try #require(error(text))
        #expect(e.line == 1)
        #expect(e.message.hasPrefix("TOML syntax: expected a key in the"), "\(e)")
        #expect(e.description.hasPrefix("t.toml:1: TOML syntax: "))
    }

    @Test(arguments: [
        ("[ slouch ]\nangle_deg = 500.0\n", 2, "slouch.angle_deg"),
        ("[slouch]\n\"angle_deg\" = 500.0\n", 2, "slouch.angle_deg"),
        ("# c\nslouch.angle_deg = 500.0\n", 2, "slouch.angle_deg"),
        ("slouch = { angle_deg = 500.0 }\n", 1, "slouch.angle_deg"),
        ("[sensor]\nforward_axis = \"-y\"\n[slouch]\nalert_after_s = 45\n\n  angle_deg   =   500.0\n", 6, "slouch.angle_deg"),
        ("[slouch]\ntext = \"\"\"\nangle_deg = 1\n\"\"\"\n", 2, "slouch.text"),
        ("[[slouch]]\nangle_deg = 10.0\n", 1, "slouch"),
        ("[slouch.deeper]\nx = 1\n", 1, "slouch.deeper"),
    ])
    func linesAreExactWhereverTheKeyIsWritten(text: String, line: Int, key: String) throws {
        let e = try #require(error(text))
        #expect(e.key == key, "\(e)")
        #expect(e.line == line, "\(e)")
    }

    @Test func datesAndTablesInsideSectionsAreClearErrors() throws {
        let date = try #require(error("[slouch]\nangle_deg = 1979-05-27\n"))
        #expect(date.line == 2)
        #expect(date.message.contains("dates and times are not supported in the posture configuration"), "\(date)")
        let table = try #require(error("[slouch]\nangle_deg = { x = 1 }\n"))
        #expect(table.key == "slouch.angle_deg" && table.line == 2)
        #expect(table.message.hasPrefix("unsupported value type"))
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let c = try PostureConfiguration.parse("\u{FEFF}[slouch]\r\nangle_deg = 20.0\r\n[log]\r\nlevel = \"debug\" # c\r\n")
        #expect(c.pipeline.slouch.angleDegrees == 20)
        let e = try #require(error("\u{FEFF}[slouch]\r\n\r\nangle_deg = 500.0\r\n"))
        #expect(e.line == 3)
    }

    /// The 1.2 MB file of issue 14: many comment lines, the keys at the end. It took 16 s to
    /// load (a line search per key); `posture config check` on it now returns at once.
    @Test func aLargeFileWithTheKeysAtTheEndLoadsWithExactLines() throws {
        let padding = String(repeating: "# a comment line padding the file so the keys come at the end\n", count: 18_500)
        let paddingLines = 18_500
        let documented = PostureConfiguration().documentedTOML()
        let text = padding + documented
        #expect(text.utf8.count > 1_150_000 && text.utf8.count < PostureConfiguration.maximumFileBytes)
        let path = NSTemporaryDirectory() + "posture-large-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try PostureConfiguration.load(path: path) == PostureConfiguration())

        let documentedLines = documented.split(separator: "\n", omittingEmptySubsequences: false)
        let slouchLine = try #require(documentedLines.firstIndex(of: "[slouch]")) + 1
        let angleLine = try #require(documentedLines.firstIndex { $0.hasPrefix("angle_deg = ") }) + 1
        #expect(angleLine > slouchLine)
        let badValue = text.replacingOccurrences(of: "\nangle_deg = ", with: "\nangle_deg = 500.0 # ")
        let e = try #require(error(badValue))
        #expect(e.key == "slouch.angle_deg")
        #expect(e.line == paddingLines + angleLine)
        let badSection = padding + documented.replacingOccurrences(of: "[slouch]", with: "[slouchy]")
        let s = try #require(error(badSection))
        #expect(s.key == "slouchy" && s.line == paddingLines + slouchLine)
    }
}

@Suite struct ConfigFileLimitTests {
    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "posture-config-limit-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func loadError(_ path: String) -> ConfigError? {
        do {
            _ = try PostureConfiguration.load(path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func devZeroIsRefusedNotReadForever() throws {
        let e = try #require(loadError("/dev/zero"))
        #expect(e.description == "/dev/zero: cannot read: not a regular file (a FIFO, device or socket)")
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/posture.toml"
        #expect(mkfifo(fifo, 0o600) == 0)
        let e = try #require(loadError(fifo))
        #expect(e.message == "cannot read: not a regular file (a FIFO, device or socket)")
    }

    @Test func filesOverTheLimitAreRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let atLimit = dir + "/at-limit.toml"
        let line = String(repeating: "#", count: 1023) + "\n"
        let text = String(repeating: line, count: PostureConfiguration.maximumFileBytes / 1024)
        #expect(text.utf8.count == PostureConfiguration.maximumFileBytes)
        try text.write(toFile: atLimit, atomically: true, encoding: .utf8)
        #expect(try PostureConfiguration.load(path: atLimit) == PostureConfiguration())
        let over = dir + "/over.toml"
        try (text + "\n").write(toFile: over, atomically: true, encoding: .utf8)
        let e = try #require(loadError(over))
        #expect(e.message == "cannot read: larger than 2 MiB, the limit for a configuration file")
    }
}

@Suite struct RoutineConfigTests {
    @Test func routinesAreReadWithTheirSteps() throws {
        let c = try PostureConfiguration.parse("""
            [[routine]]
            name = "evening"
            steps = ["childs_pose 1m", "cat_cow 15", "knee_to_chest 2x20s per side"]

            [[routine]]
            name = "daily"
            steps = ["sphinx 30s timeout 2m"]
            """)
        #expect(c.daemon.routines.map(\.name) == ["evening", "daily"])
        #expect(c.daemon.routines.first?.steps.map(\.text) == ["childs_pose 60s", "cat_cow 15", "knee_to_chest 2x20s per side"])
        // The example file shows them, and reads back the same.
        #expect(try PostureConfiguration.parse(c.documentedTOML()) == c)
    }

    @Test(arguments: [
        ("[routine]\nname = \"x\"\n", 1, "routine", "[[routine]] table"),
        ("[[routine]]\nsteps = [\"cat_cow 15\"]\n", 1, "routine.name", "missing"),
        ("[[routine]]\nname = \"Big Name\"\nsteps = [\"cat_cow 15\"]\n", 2, "routine.name", "lower-case"),
        ("[[routine]]\nname = \"status\"\nsteps = [\"cat_cow 15\"]\n", 2, "routine.name", "posture routine"),
        ("[[routine]]\nname = \"a\"\n", 1, "routine.steps", "missing"),
        ("[[routine]]\nname = \"a\"\nsteps = []\n", 3, "routine.steps", "1 to 20 steps"),
        ("[[routine]]\nname = \"a\"\n\nsteps = [\"cat_cow 15\", \"toe_touch 3\"]\n", 4, "routine.steps", "step 2 \"toe_touch 3\": unknown exercise"),
        ("[[routine]]\nname = \"a\"\nsteps = [\"cat_cow 15\"]\ncolour = 1\n", 4, "routine.colour", "unknown key"),
        ("[[routine]]\nname = \"a\"\nsteps = [\"cat_cow 15\"]\n[[routine]]\nname = \"a\"\nsteps = [\"cat_cow 1\"]\n", 5, "routine.name", "second routine"),
    ])
    func badRoutinesNameTheLine(text: String, line: Int, key: String, message: String) {
        do {
            _ = try PostureConfiguration.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line && error.key == key, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }
}
