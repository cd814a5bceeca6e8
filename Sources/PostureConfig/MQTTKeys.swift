// [mqtt]: publishing to an MQTT broker with Home Assistant discovery (PostureMQTT).
// enabled, host, port and discovery_prefix are fixed by the spec; the rest are the project's.

public struct MQTTSettings: Equatable, Sendable {
    public var enabled = false
    public var host = "localhost"
    public var port = 1883
    public var discoveryPrefix = "homeassistant"
    /// State, availability and command topics live under this.
    public var baseTopic = "posture"
    /// "" = "posture-" + the host name.
    public var clientID = ""
    /// The device's name in Home Assistant.
    public var deviceName = "Posture"
    public var username = ""
    /// A file whose first line is the password ("" = none): the password stays out of the config.
    public var passwordFile = ""
    /// CA certificate(s) of the broker: set = TLS.
    public var tlsCAFile = ""
    public var tlsCertFile = ""
    public var tlsKeyFile = ""
    public var keepaliveSeconds = 60
    /// Reconnect attempts back off from 1 s, doubling, up to this.
    public var reconnectMaxSeconds = 60
    /// Changed values are published at most this often.
    public var stateIntervalSeconds = 5.0
    public init() {}
}

extension PostureConfiguration {
    static var mqttKeys: [ConfigKeySpec] {
        let path = "\"\" or an absolute path"
        func file(_ name: String, _ kp: WritableKeyPath<PostureConfiguration, String> & Sendable, _ doc: String) -> ConfigKeySpec {
            .string("mqtt", name, kp, allowed: path, doc: doc, parse: { $0.isEmpty || $0.hasPrefix("/") ? $0 : nil }, format: { $0 })
        }
        return [
            .bool("mqtt", "enabled", \.daemon.mqtt.enabled,
                  doc: "Publish to an MQTT broker with Home Assistant discovery (the service unit then needs the network: `posture install`)."),
            .string("mqtt", "host", \.daemon.mqtt.host, allowed: "a host name or IP address",
                    doc: "The broker.", parse: { MQTTSettings.isHostName($0) ? $0 : nil }, format: { $0 }),
            .integer("mqtt", "port", \.daemon.mqtt.port, range: 1...65535, doc: "The broker's port (1883; 8883 with TLS)."),
            .string("mqtt", "discovery_prefix", \.daemon.mqtt.discoveryPrefix, allowed: "a topic without wildcards",
                    doc: "Home Assistant's discovery prefix; its status topic is PREFIX/status.",
                    parse: { MQTTSettings.isTopic($0) ? $0 : nil }, format: { $0 }),
            .string("mqtt", "base_topic", \.daemon.mqtt.baseTopic, allowed: "a topic without wildcards",
                    doc: "Prefix of the state (BASE/state), availability (BASE/availability) and command (BASE/.../set) topics.",
                    parse: { MQTTSettings.isTopic($0) ? $0 : nil }, format: { $0 }),
            .string("mqtt", "client_id", \.daemon.mqtt.clientID, allowed: "\"\" or 1 to 64 letters, digits, - and _",
                    doc: "The MQTT client id, also the device's id in Home Assistant; \"\" = posture-HOSTNAME.",
                    parse: { MQTTSettings.isClientID($0) ? $0 : nil }, format: { $0 }),
            .string("mqtt", "device_name", \.daemon.mqtt.deviceName, allowed: "1 to 64 characters",
                    doc: "The device's name in Home Assistant.", parse: { (1...64).contains($0.count) ? $0 : nil }, format: { $0 }),
            .string("mqtt", "username", \.daemon.mqtt.username, allowed: "a string", doc: "User name for the broker (\"\" = none).",
                    parse: { $0 }, format: { $0 }),
            file("password_file", \.daemon.mqtt.passwordFile, "File whose first line is the broker password (\"\" = none), readable by the service user only."),
            file("tls_ca_file", \.daemon.mqtt.tlsCAFile, "CA certificate file of the broker (PEM); set = connect with TLS."),
            file("tls_cert_file", \.daemon.mqtt.tlsCertFile, "Client certificate (PEM) for brokers that want one; needs tls_key_file."),
            file("tls_key_file", \.daemon.mqtt.tlsKeyFile, "The client certificate's private key (PEM, unencrypted)."),
            .integer("mqtt", "keepalive_s", \.daemon.mqtt.keepaliveSeconds, range: 5...3600,
                     doc: "MQTT keepalive: the broker publishes the last will (offline) this long (x1.5) after the daemon vanishes."),
            .integer("mqtt", "reconnect_max_s", \.daemon.mqtt.reconnectMaxSeconds, range: 1...3600,
                     doc: "Reconnect attempts back off from 1 s, doubling, up to this many seconds."),
            .number("mqtt", "state_interval_s", \.daemon.mqtt.stateIntervalSeconds, range: 0.5...3600,
                    doc: "Changed values are published at most this often, in seconds."),
        ]
    }
}

extension MQTTSettings {
    /// Keys that only work together (checked when MQTT starts: each key alone is valid).
    public var tlsProblem: String? {
        if tlsCertFile.isEmpty != tlsKeyFile.isEmpty {
            return "mqtt.tls_cert_file and mqtt.tls_key_file go together (set both or neither)"
        }
        if !tlsCertFile.isEmpty && tlsCAFile.isEmpty { return "a client certificate needs TLS: set mqtt.tls_ca_file too" }
        return nil
    }

    /// A topic name to publish to: no wildcards, no empty levels at the ends, not $-reserved.
    public static func isTopic(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 200 && !s.contains("+") && !s.contains("#") && !s.hasPrefix("$")
            && !s.hasPrefix("/") && !s.hasSuffix("/") && !s.contains("//") && !s.unicodeScalars.contains { $0.value < 0x20 }
    }

    public static func isClientID(_ s: String) -> Bool {
        s.count <= 64 && s.unicodeScalars.allSatisfy { (("a"..."z").contains($0) || ("A"..."Z").contains($0)
            || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    public static func isHostName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 253 && s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || ".-:_[]".unicodeScalars.contains($0)
        }
    }
}
