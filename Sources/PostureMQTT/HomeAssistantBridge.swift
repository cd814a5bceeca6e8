import Foundation
import Logging
import PostureControl
import Synchronization
import SystemSupport

/// The Home Assistant side of the daemon: what the MQTT thread publishes (availability,
/// discovery, the latest state) and the commands it received, exchanged with the sampling loop
/// through a lock held only to swap a value. The loop never waits for the network: `offer`
/// replaces the pending state (an older unsent one is dropped), `takeCommands` drains.
public final class HomeAssistantBridge: MQTTSession, @unchecked Sendable {
    public let topics: HomeAssistantTopics
    let discovery: HomeAssistantDiscovery
    let parser: HomeAssistantCommandParser
    let logger: Logger

    struct Shared {
        /// Newest state not yet handed to libmosquitto; nil when sent.
        var pendingState: String?
        /// The last state handed over (republished after a reconnect or HA's birth message).
        var lastState: String?
        var commands: [ControlCommand] = []
        var republish = false
        var droppedStates = 0
        var droppedCommands = 0
    }
    private let shared = Mutex(Shared())
    /// Readable when commands wait: the daemon's poll wakes on it.
    public let wakeFileDescriptor: Int32
    private let wakeWriteDescriptor: Int32
    /// Commands kept while the loop has not collected them; a flood from the broker drops the oldest.
    public static let maxQueuedCommands = 32

    public init(topics: HomeAssistantTopics, discovery: HomeAssistantDiscovery, snoozeDefaultSeconds: Double, logger: Logger) throws {
        self.topics = topics
        self.discovery = discovery
        self.parser = HomeAssistantCommandParser(topics: topics, snoozeDefaultSeconds: snoozeDefaultSeconds)
        self.logger = logger
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SystemCallError("MQTT wake-up pipe") }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        wakeFileDescriptor = fds[0]
        wakeWriteDescriptor = fds[1]
    }

    deinit {
        close(wakeFileDescriptor)
        close(wakeWriteDescriptor)
    }

    // MARK: - The sampling loop's side

    /// Hands over the newest state; returns false when it equals the last one (nothing to send).
    @discardableResult
    public func offer(_ state: HomeAssistantState) -> Bool {
        let json = state.json
        return shared.withLock { s in
            if json == (s.pendingState ?? s.lastState) { return false }
            if s.pendingState != nil { s.droppedStates += 1 }
            s.pendingState = json
            return true
        }
    }

    /// The commands received since the last call, oldest first.
    public func takeCommands(into out: inout [ControlCommand]) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeFileDescriptor, &buffer, buffer.count) > 0 {}
        shared.withLock { s in
            out.append(contentsOf: s.commands)
            s.commands.removeAll(keepingCapacity: true)
        }
    }

    /// States replaced before they were sent (a slow or absent broker), commands dropped.
    public var dropped: (states: Int, commands: Int) { shared.withLock { ($0.droppedStates, $0.droppedCommands) } }

    // MARK: - The MQTT thread's side

    public func connected(_ link: MQTTLink) {
        link.publish(topics.availability, "online", qos: 1, retain: true)
        publishDiscovery(link)
        for topic in topics.subscriptions { link.subscribe(topic) }
    }

    private func publishDiscovery(_ link: MQTTLink) {
        for m in discovery.messages { link.publish(m.topic, m.payload, qos: 1, retain: true) }
        let state = shared.withLock { s in
            let latest = s.pendingState ?? s.lastState
            s.lastState = latest
            s.pendingState = nil
            return latest
        }
        if let state { link.publish(topics.state, state, retain: true) }
    }

    public func service(_ link: MQTTLink) {
        let (republish, state) = shared.withLock { s -> (Bool, String?) in
            defer { s.republish = false }
            return (s.republish, link.isBacklogged ? nil : s.pendingState)
        }
        if republish {
            logger.info("MQTT: Home Assistant is online: discovery published again")
            publishDiscovery(link)
            return
        }
        guard let state, link.publish(topics.state, state, retain: true, droppable: true) else { return }
        shared.withLock { s in
            // A newer state may have come meanwhile: keep that one pending.
            if s.pendingState == state { s.pendingState = nil }
            s.lastState = state
        }
    }

    public func received(topic: String, payload: [UInt8], link: MQTTLink) {
        switch parser.parse(topic: topic, payload: payload) {
        case .success(.command(let command)):
            shared.withLock { s in
                if s.commands.count >= Self.maxQueuedCommands {
                    s.commands.removeFirst()
                    s.droppedCommands += 1
                }
                s.commands.append(command)
            }
            var one: UInt8 = 1
            _ = write(wakeWriteDescriptor, &one, 1)
        case .success(.republishDiscovery):
            shared.withLock { $0.republish = true }
        case .success(.ignored):
            break
        case .failure(let error):
            logger.warning("MQTT: ignored a message: \(error)")
        }
    }
}
