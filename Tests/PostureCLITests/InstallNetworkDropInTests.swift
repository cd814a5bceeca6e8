import Foundation
import Testing

/// `posture install` opens the network for the MQTT broker only when [mqtt] is on.
@Suite struct InstallNetworkDropInTests {
    @Test func dropInFollowsTheMQTTSetting() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("posture-dropin-\(getpid())").path
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root + "/etc/posture", withIntermediateDirectories: true)
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
        let config = root + "/etc/posture/posture.toml"
        let dropIn = root + "/etc/systemd/system/posture.service.d/mqtt.conf"
        func install() throws -> String {
            let run = try PostureProcess.run(["install", "--destdir", root, "--source", repo])
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout
        }

        try "[mqtt]\nenabled = true\nhost = \"192.168.1.10\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let on = try install()
        #expect(on.contains("posture.service.d/mqtt.conf"), "\(on)")
        let text = try String(contentsOfFile: dropIn, encoding: .utf8)
        #expect(text.contains("\nPrivateNetwork=no\n"))
        #expect(text.contains("\nIPAddressDeny=any\nIPAddressAllow=192.168.1.10\n"))
        #expect(text.contains("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n"))
        let unit = try String(contentsOfFile: root + "/etc/systemd/system/posture.service", encoding: .utf8)
        #expect(unit.contains("\nPrivateNetwork=yes\n"), "the unit itself keeps no network")

        try "[mqtt]\nenabled = true\nhost = \"localhost\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        _ = try install()
        #expect(try String(contentsOfFile: dropIn, encoding: .utf8).contains("IPAddressAllow=localhost\n"))

        try "[mqtt]\nenabled = false\n".write(toFile: config, atomically: true, encoding: .utf8)
        let off = try install()
        #expect(off.contains("removed \(dropIn)"), "\(off)")
        #expect(!FileManager.default.fileExists(atPath: dropIn))
        let again = try install()
        #expect(!again.contains("mqtt.conf"), "nothing to remove twice")
    }
}
