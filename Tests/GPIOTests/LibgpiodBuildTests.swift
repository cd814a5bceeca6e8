import Foundation
import Testing
import GPIO

/// The shim picked the generation of the headers it was compiled against (no build flag), which
/// is the version pkg-config reports for the installed libgpiod-dev.
@Suite("libgpiod generation")
struct LibgpiodBuildTests {
    @Test func generationFollowsTheInstalledLibrary() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pkg-config", "--modversion", "libgpiod"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let version = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(process.terminationStatus == 0 && !version.isEmpty, "pkg-config knows no libgpiod")
        #expect(version.split(separator: ".").first.map(String.init) == String(LibgpiodBuild.generation))
        #expect(LibgpiodBuild.version.hasPrefix(version.split(separator: ".").prefix(2).joined(separator: ".")))
    }
}
