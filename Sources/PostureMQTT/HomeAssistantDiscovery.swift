import PostureCore

/// Home Assistant MQTT discovery for one device: one retained config message per entity under
/// DISCOVERY_PREFIX/COMPONENT/NODE_ID/OBJECT_ID/config, all reading the one state topic.
public struct HomeAssistantDiscovery: Sendable {
    public var topics: HomeAssistantTopics
    public var deviceName: String
    public var softwareVersion: String

    public init(topics: HomeAssistantTopics, deviceName: String, softwareVersion: String) {
        self.topics = topics
        self.deviceName = deviceName
        self.softwareVersion = softwareVersion
    }

    /// One entity: its component, id and the fields beyond the common ones.
    public struct Entity: Sendable {
        public var component: String
        public var objectID: String
        public var name: String
        /// Key and JSON value (already encoded) pairs, in order.
        public var fields: [(String, String)]
    }

    static func s(_ text: String) -> String {
        var out = ""
        JSONText.appendString(text, to: &out)
        return out
    }

    /// Every entity of the device.
    public var entities: [Entity] {
        let t = topics
        func value(_ key: String) -> String { Self.s("{{ value_json.\(key) }}") }
        func sensor(_ id: String, _ name: String, _ key: String, _ extra: [(String, String)]) -> Entity {
            Entity(component: "sensor", objectID: id, name: name,
                   fields: [("state_topic", Self.s(t.state)), ("value_template", value(key))] + extra)
        }
        func binary(_ id: String, _ name: String, _ key: String, _ deviceClass: String) -> Entity {
            Entity(component: "binary_sensor", objectID: id, name: name,
                   fields: [("state_topic", Self.s(t.state)), ("value_template", value(key)), ("device_class", Self.s(deviceClass)),
                            ("payload_on", Self.s("ON")), ("payload_off", Self.s("OFF"))])
        }
        func button(_ id: String, _ name: String, _ topic: String, _ icon: String) -> Entity {
            Entity(component: "button", objectID: id, name: name,
                   fields: [("command_topic", Self.s(topic)), ("payload_press", Self.s("PRESS")), ("icon", Self.s(icon))])
        }
        let measurement = ("state_class", Self.s("measurement"))
        let total = ("state_class", Self.s("total_increasing"))
        let duration = ("device_class", Self.s("duration"))
        return [
            binary("slouching", "Slouching", "slouching", "problem"),
            binary("sitting", "Sitting", "sitting", "occupancy"),
            sensor("tilt", "Tilt", "tilt_deg", [("unit_of_measurement", Self.s("°")), measurement, ("icon", Self.s("mdi:angle-acute"))]),
            sensor("sitting_bout", "Sitting bout", "sitting_bout_s", [duration, ("unit_of_measurement", Self.s("s")), measurement]),
            sensor("slouched_today", "Slouched today", "slouched_today_min", [duration, ("unit_of_measurement", Self.s("min")), total]),
            sensor("breaks_today", "Breaks today", "breaks_today", [total, ("icon", Self.s("mdi:walk"))]),
            sensor("holds_today", "Stretch holds today", "holds_today", [total, ("icon", Self.s("mdi:human-handsup"))]),
            sensor("last_hold", "Last hold", "last_hold_s", [duration, ("unit_of_measurement", Self.s("s")), measurement]),
            Entity(component: "switch", objectID: "nudges_paused", name: "Nudges paused",
                   fields: [("state_topic", Self.s(t.state)), ("value_template", value("paused")),
                            ("command_topic", Self.s(t.pauseCommand)), ("payload_on", Self.s("ON")), ("payload_off", Self.s("OFF")),
                            ("icon", Self.s("mdi:bell-off"))]),
            button("calibrate", "Calibrate", t.calibrateCommand, "mdi:human-male"),
            button("stretch", "Start stretch", t.stretchCommand, "mdi:yoga"),
            button("snooze", "Snooze", t.snoozeCommand, "mdi:alarm-snooze"),
        ]
    }

    /// Topic and retained payload of every entity's config.
    public var messages: [(topic: String, payload: String)] {
        entities.map { (topics.discoveryConfig(component: $0.component, objectID: $0.objectID), config($0)) }
    }

    /// The config object: the entity's fields, then what every entity shares (unique id,
    /// availability, the device).
    public func config(_ e: Entity) -> String {
        var parts = [("name", Self.s(e.name)), ("unique_id", Self.s("\(topics.nodeID)_\(e.objectID)"))] + e.fields
        parts.append(("availability_topic", Self.s(topics.availability)))
        parts.append(("payload_available", Self.s("online")))
        parts.append(("payload_not_available", Self.s("offline")))
        let device = "{\"identifiers\":[\(Self.s(topics.nodeID))],\"name\":\(Self.s(deviceName)),\"manufacturer\":\"posture\","
            + "\"model\":\"back-worn IMU posture coach\",\"sw_version\":\(Self.s(softwareVersion))}"
        parts.append(("device", device))
        parts.append(("origin", "{\"name\":\"posture\",\"sw_version\":\(Self.s(softwareVersion))}"))
        return "{" + parts.map { Self.s($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
