import CMosquitto
import Foundation
import Logging
import Synchronization
import SystemSupport

/// Where and how to connect.
public struct MQTTEndpoint: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var clientID: String
    public var username: String?
    public var password: String?
    public var tlsCAFile: String?
    public var tlsCertFile: String?
    public var tlsKeyFile: String?
    public var keepaliveSeconds: Int
    public var reconnectMaxSeconds: Double
    /// Published (retained) by the broker when the connection drops without a clean stop.
    public var will: (topic: String, payload: String)?

    public init(host: String, port: Int, clientID: String, keepaliveSeconds: Int = 60, reconnectMaxSeconds: Double = 60) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.keepaliveSeconds = keepaliveSeconds
        self.reconnectMaxSeconds = reconnectMaxSeconds
    }

    public static func == (a: MQTTEndpoint, b: MQTTEndpoint) -> Bool {
        a.host == b.host && a.port == b.port && a.clientID == b.clientID && a.username == b.username
            && a.password == b.password && a.tlsCAFile == b.tlsCAFile && a.tlsCertFile == b.tlsCertFile
            && a.tlsKeyFile == b.tlsKeyFile && a.keepaliveSeconds == b.keepaliveSeconds
            && a.reconnectMaxSeconds == b.reconnectMaxSeconds && a.will?.topic == b.will?.topic && a.will?.payload == b.will?.payload
    }
}

/// What the connection does on its thread when it (re)connects and while it runs. Called on the
/// MQTT thread only.
public protocol MQTTSession: AnyObject, Sendable {
    /// Connected (CONNACK accepted): publish what the broker must know, subscribe.
    func connected(_ link: MQTTLink)
    /// One turn of the loop (about every 100 ms while connected): publish what is pending.
    func service(_ link: MQTTLink)
    /// A message arrived on a subscribed topic.
    func received(topic: String, payload: [UInt8], link: MQTTLink)
}

/// The operations a session may use, on the MQTT thread.
public final class MQTTLink: @unchecked Sendable {
    fileprivate let mosq: OpaquePointer
    /// Messages handed to libmosquitto and not yet written to the socket: a slow broker makes
    /// this grow, and `publish(..., droppable: true)` then skips instead of queueing without bound.
    fileprivate var inFlight = 0
    public static let maxInFlight = 16

    fileprivate init(mosq: OpaquePointer) { self.mosq = mosq }

    /// Publishes; false when not handed over (a droppable message while the broker lags, or an error).
    @discardableResult
    public func publish(_ topic: String, _ payload: String, qos: Int32 = 0, retain: Bool = true, droppable: Bool = false) -> Bool {
        if droppable && inFlight >= Self.maxInFlight { return false }
        let bytes = Array(payload.utf8)
        let rc = bytes.withUnsafeBytes { buf in
            mosquitto_publish(mosq, nil, topic, Int32(buf.count), buf.baseAddress, qos, retain)
        }
        if rc == MOSQ_ERR_SUCCESS.rawValue { inFlight += 1 }
        return rc == MOSQ_ERR_SUCCESS.rawValue
    }

    public func subscribe(_ topic: String, qos: Int32 = 1) {
        _ = mosquitto_subscribe(mosq, nil, topic, qos)
    }

    public var isBacklogged: Bool { inFlight >= Self.maxInFlight }
}

/// The connection's state as logged: once per change, not per retry.
public enum MQTTConnectionState: Equatable, Sendable, CustomStringConvertible {
    case connecting(String)
    case unreachable(String)
    case refused(String)
    case connected(String)
    case lost(String)

    public var description: String {
        switch self {
        case .connecting(let to): return "MQTT: connecting to \(to)..."
        case .unreachable(let why): return "MQTT: broker not reachable: \(why); retrying with backoff"
        case .refused(let why): return "MQTT: refused: \(why); retrying with backoff"
        case .connected(let to): return "MQTT: connected to \(to)"
        case .lost(let why): return "MQTT: connection lost: \(why); reconnecting"
        }
    }
}

/// A libmosquitto client on its own thread: connects, reconnects with backoff, runs the
/// session. Nothing here is called from the sampling loop except `start` and `stop`; the
/// session exchanges data with the service through its own lock.
public final class MQTTConnection: @unchecked Sendable {
    public let endpoint: MQTTEndpoint
    let session: MQTTSession
    let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private var thread: Thread?
    /// The last state logged (MQTT thread only).
    private var lastLogged: MQTTConnectionState?

    // Set by callbacks during mosquitto_loop (MQTT thread only).
    fileprivate var connackCode: Int32?
    fileprivate var link: MQTTLink?

    public init(endpoint: MQTTEndpoint, session: MQTTSession, logger: Logger) {
        self.endpoint = endpoint
        self.session = session
        self.logger = logger
    }

    public func start() {
        let t = Thread { [self] in
            run()
            finished.signal()
        }
        t.name = "posture-mqtt"
        t.stackSize = 256 * 1024
        thread = t
        t.start()
    }

    /// Publishes offline (clean stop: the last will is not sent), disconnects, and waits at most
    /// `timeoutSeconds` for the thread (a connect blocked on an unreachable host is left behind).
    public func stop(timeoutSeconds: Double = 2) {
        guard thread != nil else { return }
        stopRequested.store(true, ordering: .releasing)
        _ = finished.wait(timeout: .now() + timeoutSeconds)
        thread = nil
    }

    var stopping: Bool { stopRequested.load(ordering: .acquiring) }

    private func report(_ state: MQTTConnectionState) {
        guard state != lastLogged else { return }
        lastLogged = state
        switch state {
        case .connected, .connecting: logger.notice("\(state)")
        case .unreachable, .refused, .lost: logger.warning("\(state)")
        }
    }

    private static let initOnce: Bool = { mosquitto_lib_init() == MOSQ_ERR_SUCCESS.rawValue }()

    private func run() {
        _ = Self.initOnce
        guard let mosq = mosquitto_new(endpoint.clientID, true, Unmanaged.passUnretained(self).toOpaque()) else {
            logger.error("MQTT: cannot create a client (out of memory?); MQTT off")
            return
        }
        defer { mosquitto_destroy(mosq) }
        if let problem = configure(mosq) {
            logger.error("MQTT: \(problem); MQTT off")
            return
        }
        let link = MQTTLink(mosq: mosq)
        self.link = link
        let target = "\(endpoint.host):\(endpoint.port)"
        var backoff = 1.0
        report(.connecting(target))
        while !stopping {
            connackCode = nil
            let rc = mosquitto_connect(mosq, endpoint.host, Int32(endpoint.port), Int32(endpoint.keepaliveSeconds))
            if rc != MOSQ_ERR_SUCCESS.rawValue {
                report(.unreachable("\(target): \(Self.describe(rc))"))
                pause(&backoff)
                continue
            }
            // Wait for the broker's answer (CONNACK), a few seconds at most.
            var waited = 0
            var loopRC = MOSQ_ERR_SUCCESS.rawValue
            while connackCode == nil && !stopping && waited < 100 && loopRC == MOSQ_ERR_SUCCESS.rawValue {
                loopRC = mosquitto_loop(mosq, 100, 1)
                waited += 1
            }
            guard let code = connackCode, code == 0 else {
                let why = connackCode.map { String(cString: mosquitto_connack_string($0)) }
                if let why { report(.refused(why)) } else { report(.unreachable("\(target): no answer to CONNECT (\(Self.describe(loopRC)))")) }
                _ = mosquitto_disconnect(mosq)
                _ = mosquitto_loop(mosq, 10, 1)
                pause(&backoff)
                continue
            }
            backoff = 1
            link.inFlight = 0
            report(.connected(target))
            session.connected(link)
            var error = MOSQ_ERR_SUCCESS.rawValue
            while !stopping {
                session.service(link)
                error = mosquitto_loop(mosq, 100, 1)
                if error != MOSQ_ERR_SUCCESS.rawValue { break }
            }
            if stopping {
                session.service(link)
                cleanStop(mosq, link)
                return
            }
            report(.lost(Self.describe(error)))
            report(.connecting(target))
            pause(&backoff)
        }
    }

    /// Options, credentials, TLS, the last will; a description of what failed.
    private func configure(_ mosq: OpaquePointer) -> String? {
        _ = mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, Int32(MQTT_PROTOCOL_V311))
        mosquitto_connect_callback_set(mosq) { _, obj, rc in
            guard let obj else { return }
            Unmanaged<MQTTConnection>.fromOpaque(obj).takeUnretainedValue().connackCode = rc
        }
        mosquitto_publish_callback_set(mosq) { _, obj, _ in
            guard let obj else { return }
            let c = Unmanaged<MQTTConnection>.fromOpaque(obj).takeUnretainedValue()
            if let link = c.link, link.inFlight > 0 { link.inFlight -= 1 }
        }
        mosquitto_message_callback_set(mosq) { _, obj, message in
            guard let obj, let message, let topic = message.pointee.topic else { return }
            let c = Unmanaged<MQTTConnection>.fromOpaque(obj).takeUnretainedValue()
            let n = Int(max(0, message.pointee.payloadlen))
            var payload = [UInt8](repeating: 0, count: n)
            if n > 0, let p = message.pointee.payload { payload.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: p, count: n)) } }
            if let link = c.link { c.session.received(topic: String(cString: topic), payload: payload, link: link) }
        }
        if let user = endpoint.username {
            let rc = mosquitto_username_pw_set(mosq, user, endpoint.password)
            if rc != MOSQ_ERR_SUCCESS.rawValue { return "user name: \(Self.describe(rc))" }
        }
        if let ca = endpoint.tlsCAFile {
            let rc = mosquitto_tls_set(mosq, ca, nil, endpoint.tlsCertFile, endpoint.tlsKeyFile, nil)
            if rc != MOSQ_ERR_SUCCESS.rawValue { return "TLS files (\(ca)): \(Self.describe(rc))" }
        }
        if let will = endpoint.will {
            let bytes = Array(will.payload.utf8)
            let rc = bytes.withUnsafeBytes { mosquitto_will_set(mosq, will.topic, Int32($0.count), $0.baseAddress, 1, true) }
            if rc != MOSQ_ERR_SUCCESS.rawValue { return "last will: \(Self.describe(rc))" }
        }
        return nil
    }

    /// The will's opposite on a clean stop: offline, retained; then a clean disconnect (no will).
    private func cleanStop(_ mosq: OpaquePointer, _ link: MQTTLink) {
        if let will = endpoint.will { link.publish(will.topic, will.payload, qos: 1, retain: true) }
        for _ in 0..<10 where link.inFlight > 0 {
            if mosquitto_loop(mosq, 50, 1) != MOSQ_ERR_SUCCESS.rawValue { break }
        }
        _ = mosquitto_disconnect(mosq)
        _ = mosquitto_loop(mosq, 50, 1)
    }

    /// Sleeps `backoff` seconds in small steps (a stop ends it), then doubles it up to the maximum.
    private func pause(_ backoff: inout Double) {
        var left = backoff
        while left > 0 && !stopping {
            usleep(100_000)
            left -= 0.1
        }
        backoff = min(backoff * 2, endpoint.reconnectMaxSeconds)
    }

    static func describe(_ rc: Int32) -> String {
        if rc == MOSQ_ERR_ERRNO.rawValue { return SystemErrno.text(errno) }
        return String(cString: mosquitto_strerror(rc))
    }
}
