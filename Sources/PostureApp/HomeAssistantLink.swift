import Foundation
import Logging
import PostureCoaching
import PostureConfig
import PostureControl
import PostureCore
import PostureDaemon
import PostureMQTT
import SystemSupport

/// `[mqtt]` in `posture run`: the Home Assistant bridge and its MQTT thread, fed from the
/// sampling loop. The loop only hands over a state value (at most every state_interval_s) and
/// collects commands; connecting, retrying and publishing happen on the MQTT thread.
final class HomeAssistantLink {
    let bridge: HomeAssistantBridge
    let connection: MQTTConnection
    let clock: DaemonClock
    let logger: Logger
    let intervalSeconds: Double
    private var nextOfferSeconds: Double
    private var commands: [ControlCommand] = []

    init(bridge: HomeAssistantBridge, connection: MQTTConnection, clock: DaemonClock, logger: Logger, intervalSeconds: Double) {
        self.bridge = bridge
        self.connection = connection
        self.clock = clock
        self.logger = logger
        self.intervalSeconds = intervalSeconds
        nextOfferSeconds = clock.monotonicSeconds
        commands.reserveCapacity(HomeAssistantBridge.maxQueuedCommands)
    }

    var pollFileDescriptor: Int32 { bridge.wakeFileDescriptor }

    /// Nil when MQTT is off or cannot be set up (said why; the daemon runs on without it).
    static func start(_ m: MQTTSettings, nudge: NudgeSettings, version: String, clock: DaemonClock, logger: Logger) -> HomeAssistantLink? {
        guard m.enabled else { return nil }
        if let problem = m.tlsProblem {
            logger.error("MQTT: \(problem); MQTT off")
            return nil
        }
        let clientID = m.clientID.isEmpty ? defaultClientID() : m.clientID
        let topics = HomeAssistantTopics(base: m.baseTopic, discoveryPrefix: m.discoveryPrefix, nodeID: clientID.replacingOccurrences(of: "-", with: "_"))
        var endpoint = MQTTEndpoint(host: m.host, port: m.port, clientID: clientID, keepaliveSeconds: m.keepaliveSeconds,
                                    reconnectMaxSeconds: Double(m.reconnectMaxSeconds))
        if !m.username.isEmpty { endpoint.username = m.username }
        if !m.passwordFile.isEmpty {
            do {
                let text = String(decoding: try WholeFile.read(path: m.passwordFile, maximumBytes: 4096), as: UTF8.self)
                endpoint.password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
            } catch {
                logger.error("MQTT: mqtt.password_file \(m.passwordFile): \(error); MQTT off")
                return nil
            }
        }
        if !m.tlsCAFile.isEmpty {
            endpoint.tlsCAFile = m.tlsCAFile
            if !m.tlsCertFile.isEmpty { endpoint.tlsCertFile = m.tlsCertFile; endpoint.tlsKeyFile = m.tlsKeyFile }
        }
        endpoint.will = (topics.availability, "offline")
        let discovery = HomeAssistantDiscovery(topics: topics, deviceName: m.deviceName, softwareVersion: version)
        do {
            let bridge = try HomeAssistantBridge(topics: topics, discovery: discovery, snoozeDefaultSeconds: nudge.snoozeDefaultSeconds,
                                                 logger: logger)
            let connection = MQTTConnection(endpoint: endpoint, session: bridge, logger: logger)
            connection.start()
            return HomeAssistantLink(bridge: bridge, connection: connection, clock: clock, logger: logger,
                                     intervalSeconds: m.stateIntervalSeconds)
        } catch {
            logger.error("MQTT: \(error); MQTT off")
            return nil
        }
    }

    static func defaultClientID() -> String {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count - 1) == 0 ? String(cString: name) : "host"
        let cleaned = String(host.unicodeScalars.filter { MQTTSettings.isClientID(String($0)) }.map(Character.init))
        return String(("posture-" + (cleaned.isEmpty ? "host" : cleaned)).prefix(64))
    }

    /// After each loop turn: act on Home Assistant's commands, then hand over the state when due
    /// (at once after a command, so the switch shows what it did).
    func step(service: PostureService, commandsWaiting: Bool) {
        commands.removeAll(keepingCapacity: true)
        // Only when the wake-up pipe is readable: the loop turn costs no system call otherwise.
        if commandsWaiting { bridge.takeCommands(into: &commands) }
        for command in commands {
            let response = service.handle(command)
            if response.ok {
                logger.info("Home Assistant: \(command.name): \(response.message ?? "ok")")
            } else {
                logger.warning("Home Assistant: \(command.name) refused: \(response.error ?? "?")")
            }
        }
        let now = clock.monotonicSeconds
        guard !commands.isEmpty || now >= nextOfferSeconds else { return }
        nextOfferSeconds = now + intervalSeconds
        bridge.offer(Self.state(service))
    }

    static func state(_ service: PostureService) -> HomeAssistantState {
        let status = service.status()
        let today = service.ledger.today
        var s = HomeAssistantState()
        s.slouching = status.posture == PostureState.slouched.rawValue
        s.sitting = status.activity == ActivityState.sitting.rawValue
        s.tiltDegrees = status.tiltDegrees
        s.sittingBoutSeconds = status.sittingSeconds
        s.slouchedMinutesToday = today.slouchedSeconds / 60
        s.breaksToday = today.breaks
        s.holdsToday = today.holds
        s.lastHoldSeconds = today.lastHoldSeconds
        s.paused = status.paused ?? false
        s.posture = status.posture
        s.activity = status.activity
        s.calibrated = status.calibrated
        s.sensor = status.sensor.state
        s.correctedAfterAlertToday = today.correctedAfterAlert
        s.alertBackoffFactor = status.alertBackoffFactor ?? 1
        return s
    }

    /// The final state, then offline and a clean disconnect.
    func stop(service: PostureService) {
        bridge.offer(Self.state(service))
        connection.stop()
    }
}
