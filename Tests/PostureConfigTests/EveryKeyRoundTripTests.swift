import Foundation
import PostureCoaching
import Testing
@testable import PostureConfig

/// Every key of the schema set to a value other than its default in one file, read back.
/// The keys come from the schema: a key added later without a value here fails the test.
@Suite struct EveryKeyRoundTripTests {
    /// Values the generic choice below cannot make (strings, optional lines, arrays, values that
    /// must agree with each other), as TOML.
    static let chosen: [String: String] = [
        "sensor.bus": "\"i2c-stub\"",
        "sensor.address": "0x69",
        "sensor.chip": "\"lsm6dso\"",
        "sensor.data_ready": "4",
        "gpio.chip": "\"gpiochip4\"",
        "gpio.motor_line": "5",
        "gpio.buzzer_line": "6",
        "gpio.led_line": "13",
        "button.line": "26",
        "nudge.quiet_hours": "\"22:30-06:45\"",
        "control.socket": "\"/tmp/posture-test/control.sock\"",
        "control.mode": "\"0600\"",
        "state.directory": "\"/tmp/posture-test/state\"",
        "mock.trace": "\"/tmp/demo.csv\"",
        "mock.chip": "\"lsm6ds3\"",
        "log.level": "\"debug\"",
        "metrics.textfile": "\"/tmp/posture-test/posture.prom\"",
        "mqtt.host": "\"broker.lan\"",
        "mqtt.discovery_prefix": "\"ha\"",
        "mqtt.base_topic": "\"posture/desk\"",
        "mqtt.client_id": "\"posture-desk\"",
        "mqtt.device_name": "\"Desk posture\"",
        "mqtt.username": "\"pi\"",
        "mqtt.password_file": "\"/etc/posture/mqtt.password\"",
        "mqtt.tls_ca_file": "\"/etc/ssl/certs/broker-ca.pem\"",
        "mqtt.tls_cert_file": "\"/etc/posture/client.pem\"",
        "mqtt.tls_key_file": "\"/etc/posture/client.key\"",
    ]

    /// A non-default value for `spec`, tried from its default's rendering: the other boolean,
    /// a nearby number inside the range, another listed choice, a pattern one step longer.
    static func candidates(_ spec: ConfigKeySpec, default rendered: String) -> [String] {
        if let v = chosen[spec.path] { return [v] }
        if rendered == "true" { return ["false"] }
        if rendered == "false" { return ["true"] }
        if let i = Int(rendered) { return [i + 1, i - 1, i * 2, i / 2].map(String.init) }
        if let d = Double(rendered) { return [d * 1.1, d * 0.9, d + 1, d - 1, d + 0.1, d - 0.1].map { tomlNumber($0) } }
        if rendered.hasPrefix("["), rendered.hasSuffix("]") {
            let inner = rendered.dropFirst().dropLast()
            return ["[" + inner + ", 100, 50]", "[" + inner + ", 20]", "[20]"]
        }
        if rendered.hasPrefix("\"") {
            // Choices are listed as "a", "b", ... in `allowed`.
            let quoted = spec.allowed.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { "\"" + $0.element + "\"" }
            return quoted.filter { $0 != rendered }
        }
        return []
    }

    @Test func everyKeySetToANonDefaultValueIsReadBack() throws {
        let defaults = PostureConfiguration()
        let specs = PostureConfiguration.schema
        #expect(specs.count > 100)
        var values: [String: String] = [:]
        var missing: [String] = []
        for spec in specs {
            let rendered = spec.render(defaults)
            var found: String?
            for candidate in Self.candidates(spec, default: rendered) {
                guard let value = try? PostureConfiguration.parse("[\(spec.section)]\n\(spec.name) = \(candidate)\n") else { continue }
                if spec.render(value) != rendered {
                    found = candidate
                    break
                }
            }
            if let found { values[spec.path] = found } else { missing.append(spec.path) }
        }
        #expect(missing.isEmpty, "no non-default value for \(missing); add one to `chosen`")
        #expect(Set(Self.chosen.keys).isSubset(of: Set(specs.map(\.path))), "`chosen` names keys the schema does not have")

        // One file with every key, as a user would write it.
        var toml = ""
        for section in specs.map(\.section).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } } {
            toml += "[\(section)]\n"
            for spec in specs where spec.section == section {
                if let v = values[spec.path] { toml += "\(spec.name) = \(v)\n" }
            }
        }
        let dir = NSTemporaryDirectory() + "posture-every-key-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/every-key.toml"
        try toml.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try PostureConfiguration.load(path: path)
        #expect(loaded != defaults)
        for spec in specs {
            guard let v = values[spec.path] else { continue }
            let alone = try PostureConfiguration.parse("[\(spec.section)]\n\(spec.name) = \(v)\n")
            #expect(spec.render(loaded) == spec.render(alone), "\(spec.path) read back as \(spec.render(loaded)), written \(v)")
            #expect(spec.render(loaded) != spec.render(defaults), "\(spec.path) still has its default")
        }
        // A few typed fields, to be sure rendering is not fooling the check.
        #expect(loaded.daemon.log.level == .debug)
        #expect(loaded.daemon.nudge.quietHours == QuietHours(startMinute: 22 * 60 + 30, endMinute: 6 * 60 + 45))
        #expect(loaded.daemon.sensor.address == 0x69)
        #expect(loaded.daemon.control.mode == 0o600)
    }
}
