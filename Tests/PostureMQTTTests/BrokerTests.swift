import Foundation
import Testing

/// The daemon against a real mosquitto broker on loopback, read back with mosquitto_sub.
@Suite(.enabled(if: Tools.available, "mosquitto and mosquitto-clients are not installed (.ci/setup --test)"))
struct BrokerTests {
    static let all = ["homeassistant/#", "posture/#"]

    @Test func discoveryStatesAvailabilityAndTheLastWill() throws {
        let dir = try TestDirectory("discovery")
        let broker = try Broker(port: Tools.freePort(), dir: dir)
        defer { broker.stop() }
        let daemon = try Daemon(dir: dir, port: broker.port)
        defer { daemon.stop() }
        #expect(daemon.waitForLog("MQTT: connected to 127.0.0.1:\(broker.port)"), "\(daemon.log)")

        var retained: [String: String] = [:]
        let complete = try Tools.waitFor(10) {
            retained = try broker.retained(Self.all)
            return retained.keys.filter { $0.hasSuffix("/config") }.count == 12 && retained["posture/state"] != nil
        }
        #expect(complete, "\(retained.keys.sorted())")
        #expect(retained["posture/availability"] == "online")
        let configs = retained.filter { $0.key.hasSuffix("/config") }
        #expect(!configs.isEmpty)
        for (topic, payload) in configs {
            let c = json(payload)
            #expect(c["availability_topic"] as? String == "posture/availability", "\(topic)")
            #expect((c["unique_id"] as? String)?.hasPrefix("posture_test_") == true, "\(topic)")
            #expect((c["device"] as? [String: Any])?["identifiers"] as? [String] == ["posture_test"], "\(topic)")
        }
        let slouching = json(retained["homeassistant/binary_sensor/posture_test/slouching/config"])
        #expect(slouching["device_class"] as? String == "problem")
        #expect(json(retained["homeassistant/binary_sensor/posture_test/sitting/config"])["device_class"] as? String == "occupancy")
        #expect(json(retained["homeassistant/sensor/posture_test/slouched_today/config"])["state_class"] as? String == "total_increasing")
        #expect(json(retained["homeassistant/sensor/posture_test/tilt/config"])["unit_of_measurement"] as? String == "°")
        let pauseSwitch = json(retained["homeassistant/switch/posture_test/nudges_paused/config"])
        #expect(pauseSwitch["command_topic"] as? String == "posture/pause/set")
        #expect(json(retained["homeassistant/button/posture_test/calibrate/config"])["command_topic"] as? String == "posture/calibrate/press")

        let state = json(retained["posture/state"])
        for key in ["slouching", "sitting", "tilt_deg", "sitting_bout_s", "slouched_today_min", "breaks_today", "holds_today",
                    "last_hold_s", "paused"] {
            #expect(state[key] != nil, "state lacks \(key): \(retained["posture/state"] ?? "")")
        }
        #expect(state["paused"] as? String == "OFF")

        // kill -9: no clean stop, the broker publishes the last will.
        daemon.kill9()
        let offline = try Tools.waitFor(10) { try broker.retained(["posture/availability"])["posture/availability"] == "offline" }
        #expect(offline)
    }

    @Test func aCleanStopSaysOffline() throws {
        let dir = try TestDirectory("stop")
        let broker = try Broker(port: Tools.freePort(), dir: dir)
        defer { broker.stop() }
        let daemon = try Daemon(dir: dir, port: broker.port)
        #expect(daemon.waitForLog("MQTT: connected"), "\(daemon.log)")
        #expect(try Tools.waitFor(10) { try broker.retained(["posture/availability"])["posture/availability"] == "online" })
        daemon.stop()
        #expect(daemon.process.terminationStatus == 0, "\(daemon.log)")
        #expect(try broker.retained(["posture/availability"])["posture/availability"] == "offline")
    }

    /// Home Assistant restarted (its birth message): the configs come again.
    @Test func homeAssistantOnlineRepublishesDiscovery() throws {
        let dir = try TestDirectory("birth")
        let broker = try Broker(port: Tools.freePort(), dir: dir)
        defer { broker.stop() }
        let daemon = try Daemon(dir: dir, port: broker.port)
        defer { daemon.stop() }
        #expect(daemon.waitForLog("MQTT: connected"), "\(daemon.log)")
        #expect(try Tools.waitFor(10) { try broker.retained(["homeassistant/#"]).count == 12 })

        // A subscriber that skips the retained copies sees only what is published anew.
        let sub = Process()
        sub.executableURL = URL(fileURLWithPath: Tools.sub!)
        sub.arguments = broker.clientArgs() + ["-t", "homeassistant/+/+/+/config", "-v", "-R", "-C", "12", "-W", "20"]
        let out = Pipe()
        sub.standardOutput = out
        Tools.unblockSignals()
        try sub.run()
        // Until the subscription is in place nothing reaches it: say "online" until something does.
        _ = try Tools.waitFor(15) {
            try broker.publish("homeassistant/status", "online")
            usleep(500_000)
            return !sub.isRunning
        }
        sub.waitUntilExit()
        let lines = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(sub.terminationStatus == 0, "mosquitto_sub got \(lines.count) of 12")
        #expect(Set(lines.map { $0.split(separator: " ")[0] }).count == 12)
        #expect(daemon.log.contains("MQTT: Home Assistant is online: discovery published again"))
    }

    @Test func commandsFromHomeAssistantAreActedOn() throws {
        let dir = try TestDirectory("commands")
        let broker = try Broker(port: Tools.freePort(), dir: dir)
        defer { broker.stop() }
        let daemon = try Daemon(dir: dir, port: broker.port)
        defer { daemon.stop() }
        #expect(daemon.waitForLog("MQTT: connected"), "\(daemon.log)")
        #expect(try Tools.waitFor(10) { try daemon.samples() > 0 })

        try broker.publish("posture/pause/set", "ON")
        #expect(try Tools.waitFor(10) { try daemon.status()["paused"] as? Bool == true }, "\(daemon.log)")
        #expect(try Tools.waitFor(10) { json(try broker.retained(["posture/state"])["posture/state"])["paused"] as? String == "ON" })
        #expect(try daemon.command(["status"]).contains("pause     on, until `posture resume`"))
        try broker.publish("posture/pause/set", "OFF")
        #expect(try Tools.waitFor(10) { try daemon.status()["paused"] as? Bool == false })

        try broker.publish("posture/snooze/set", "PRESS")
        #expect(try Tools.waitFor(10) { (try daemon.status()["snooze_remaining_s"] as? Double ?? 0) > 1700 })
        try broker.publish("posture/calibrate/press", "PRESS")
        #expect(daemon.waitForLog("Home Assistant: calibrate: "), "\(daemon.log)")
        #expect(try Tools.waitFor(10) { try daemon.status()["calibrated"] as? Bool == true })
        try broker.publish("posture/stretch/press", "PRESS")
        #expect(daemon.waitForLog("Home Assistant: stretch: stretch session started"), "\(daemon.log)")
        try broker.publish("posture/pause/set", "sometimes")
        #expect(daemon.waitForLog("MQTT: ignored a message: posture/pause/set: expected ON or OFF"), "\(daemon.log)")
        // The CLI's pause is the same pause, and survives a restart.
        #expect(try daemon.command(["pause", "--until-tomorrow"]).contains("paused until"))
        #expect(try daemon.status()["paused_until"] as? Double != nil)
    }

    /// The broker is down when the daemon starts: it samples anyway, says so once, and connects
    /// when the broker comes.
    @Test func brokerDownAtStartThenStarted() throws {
        let dir = try TestDirectory("down")
        let port = Tools.freePort()
        let daemon = try Daemon(dir: dir, port: port)
        defer { daemon.stop() }
        #expect(daemon.waitForLog("MQTT: broker not reachable: 127.0.0.1:\(port)"), "\(daemon.log)")
        #expect(try Tools.waitFor(10) { try daemon.samples() > 0 })
        let before = try daemon.samples()
        // Several retries (backoff 1, 2, 2 s) pass before the broker comes.
        #expect(Tools.waitFor(6) { ((try? daemon.samples()) ?? -1) > before + 100 })
        let broker = try Broker(port: port, dir: dir)
        defer { broker.stop() }
        #expect(daemon.waitForLog("MQTT: connected to 127.0.0.1:\(port)"), "\(daemon.log)")
        #expect(daemon.count("MQTT: broker not reachable") == 1, "\(daemon.log)")
        #expect(try Tools.waitFor(10) { try broker.retained(["posture/availability"])["posture/availability"] == "online" })
    }

    /// A "broker" that accepts the connection and never answers: the MQTT thread waits, the
    /// sampling loop does not.
    @Test func aSilentBrokerDoesNotStopSampling() throws {
        let dir = try TestDirectory("silent")
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &len) } }
        #expect(listen(listener, 8) == 0)
        let port = Int(UInt16(bigEndian: addr.sin_port))
        let daemon = try Daemon(dir: dir, port: port)
        defer { daemon.stop() }
        #expect(daemon.waitForLog("MQTT: connecting to 127.0.0.1:\(port)"), "\(daemon.log)")
        #expect(try Tools.waitFor(10) { try daemon.samples() > 0 })
        let before = try daemon.samples()
        #expect(Tools.waitFor(6) { ((try? daemon.samples()) ?? -1) > before + 200 })
        #expect(!daemon.log.contains("MQTT: connected"))
    }

    /// A wrong password: refused, said once, the daemon samples on.
    @Test func wrongPasswordIsSaidOnceAndSamplingGoesOn() throws {
        let dir = try TestDirectory("refused")
        let user = (name: "posture", password: "right horse battery")
        let broker = try Broker(port: Tools.freePort(), dir: dir, user: user)
        defer { broker.stop() }
        let passwordFile = try dir.write("mqtt.password", "wrong staple\n")
        let daemon = try Daemon(dir: dir, port: broker.port,
                                extraMQTT: "username = \"posture\"\npassword_file = \"\(passwordFile)\"")
        defer { daemon.stop() }
        #expect(daemon.waitForLog("MQTT: refused: "), "\(daemon.log)")
        #expect(daemon.log.contains("not authorised"), "\(daemon.log)")
        #expect(try Tools.waitFor(10) { try daemon.samples() > 0 })
        let before = try daemon.samples()
        #expect(Tools.waitFor(6) { ((try? daemon.samples()) ?? -1) > before + 100 })
        #expect(daemon.count("MQTT: refused") == 1, "\(daemon.log)")
        #expect(!daemon.log.contains("MQTT: connected"))
        #expect(try broker.retained(["posture/#"], user: user).isEmpty)
    }
}
