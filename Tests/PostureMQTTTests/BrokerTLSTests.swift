import Foundation
import Testing

/// MQTT over TLS against a real mosquitto with a TLS listener: the daemon verifies the broker
/// with `tls_ca_file`, and a broker it cannot verify is refused (said once, sampling goes on).
@Suite(.enabled(if: Tools.available && TestCertificates.openssl != nil, "mosquitto, its clients or openssl are not installed"))
struct BrokerTLSTests {
    @Test func connectsOverTLSWithTheConfiguredCA() throws {
        let dir = try TestDirectory("tls")
        let certificates = try TestCertificates(dir: dir, name: "good")
        let broker = try Broker(port: Tools.freePort(), dir: dir, tls: certificates)
        defer { broker.stop() }
        let daemon = try Daemon(dir: dir, port: broker.port, extraMQTT: "tls_ca_file = \"\(certificates.caFile)\"")
        defer { daemon.stop() }
        #expect(daemon.waitForLog("MQTT: connected to 127.0.0.1:\(broker.port)"), "\(daemon.log)")
        #expect(try Tools.waitFor(10) { try broker.retained(["posture/availability"])["posture/availability"] == "online" })
        #expect(try Tools.waitFor(10) { try broker.retained(["posture/state"])["posture/state"] != nil })
    }

    @Test func aBrokerSignedByAnotherCAIsNotTrusted() throws {
        let dir = try TestDirectory("tls-untrusted")
        let brokerCertificates = try TestCertificates(dir: dir, name: "broker")
        let otherCA = try TestCertificates(dir: dir, name: "other")
        let broker = try Broker(port: Tools.freePort(), dir: dir, tls: brokerCertificates)
        defer { broker.stop() }
        let daemon = try Daemon(dir: dir, port: broker.port, extraMQTT: "tls_ca_file = \"\(otherCA.caFile)\"")
        defer { daemon.stop() }
        #expect(try Tools.waitFor(10) { try daemon.samples() > 0 })
        let before = try daemon.samples()
        #expect(Tools.waitFor(8) { ((try? daemon.samples()) ?? -1) > before + 100 })
        #expect(!daemon.log.contains("MQTT: connected"), "\(daemon.log)")
        // Said when it happens, not at every retry of the backoff.
        // (libmosquitto's words differ by version: "A TLS error occurred", or EPROTO.)
        #expect(daemon.count("MQTT: broker not reachable") >= 1, "\(daemon.log)")
        #expect(daemon.count("MQTT: broker not reachable") <= 2, "\(daemon.log)")
        #expect(try broker.retained(["posture/#"]).isEmpty)
    }
}
