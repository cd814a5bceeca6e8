import Foundation
import Testing
@testable import PostureConfig

@Suite struct ConfigFileReadTests {
    @Test func readsAFileAndNamesWhyItCannot() throws {
        let dir = NSTemporaryDirectory() + "posture-config-read-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = dir + "/good.toml"
        try "[log]\nlevel = \"debug\"\n".write(toFile: good, atomically: true, encoding: .utf8)
        // The file is read, not only opened: its value replaces the default.
        let config = try PostureConfiguration.load(path: good)
        #expect(PostureConfiguration().daemon.log.level != .debug)
        #expect(config.daemon.log.level == .debug)

        let missing = dir + "/missing.toml"
        #expect { _ = try PostureConfiguration.load(path: missing) } throws: { error in
            "\(error)" == "\(missing): cannot read: no such file"
        }
        #expect { _ = try PostureConfiguration.load(path: dir) } throws: { error in
            "\(error)".contains("cannot read: Is a directory")
        }
        let latin1 = dir + "/latin1.toml"
        try Data([0x23, 0x20, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: latin1))
        #expect { _ = try PostureConfiguration.load(path: latin1) } throws: { error in
            "\(error)".contains("not UTF-8 text")
        }
    }
}
