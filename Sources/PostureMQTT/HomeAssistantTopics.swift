/// The topics of one posture device: its state, availability and commands under `base`, Home
/// Assistant's discovery configs and status under `discoveryPrefix`.
public struct HomeAssistantTopics: Equatable, Sendable {
    public var base: String
    public var discoveryPrefix: String
    /// The device's id in discovery topics and unique ids (the client id, letters, digits, - and _).
    public var nodeID: String

    public init(base: String, discoveryPrefix: String, nodeID: String) {
        self.base = base
        self.discoveryPrefix = discoveryPrefix
        self.nodeID = nodeID
    }

    /// One retained JSON object with every value; the entities pick theirs with a value template.
    public var state: String { base + "/state" }
    /// "online" (retained, on connect) or "offline" (the last will, and a clean stop).
    public var availability: String { base + "/availability" }
    /// "ON" or "OFF": the "nudges paused" switch.
    public var pauseCommand: String { base + "/pause/set" }
    /// "PRESS" (the button), a duration ("30m", "1800") or "OFF".
    public var snoozeCommand: String { base + "/snooze/set" }
    public var calibrateCommand: String { base + "/calibrate/press" }
    public var stretchCommand: String { base + "/stretch/press" }
    /// Home Assistant's birth and last will: "online" asks for the discovery configs again.
    public var homeAssistantStatus: String { discoveryPrefix + "/status" }

    /// What the daemon subscribes to.
    public var subscriptions: [String] {
        [pauseCommand, snoozeCommand, calibrateCommand, stretchCommand, homeAssistantStatus]
    }

    public func discoveryConfig(component: String, objectID: String) -> String {
        "\(discoveryPrefix)/\(component)/\(nodeID)/\(objectID)/config"
    }
}
