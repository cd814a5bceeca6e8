import Foundation
import PostureConfig

/// The unit has no network (PrivateNetwork=yes). With `[mqtt] enabled = true` in the installed
/// configuration, `posture install` adds a drop-in that opens only what the broker needs: IPv4
/// and IPv6 sockets, and IP traffic to the broker's addresses (and the name servers, when the
/// broker is a host name). Without MQTT an old drop-in is removed.
enum InstallNetworkDropIn {
    static let path = "/etc/systemd/system/posture.service.d/mqtt.conf"

    /// The step for the configuration at ROOT/etc/posture/posture.toml (defaults when missing or invalid).
    static func step(root: String) -> InstallStep? {
        let configFile = root + InstallPlan.configPath
        let config = (try? PostureConfiguration.load(path: configFile)) ?? PostureConfiguration()
        guard config.daemon.mqtt.enabled else {
            guard FileManager.default.fileExists(atPath: root + path) else { return nil }
            return InstallStep(content: .remove, destination: path, mode: 0o644, note: "[mqtt] is off: the service keeps PrivateNetwork=yes")
        }
        let m = config.daemon.mqtt
        let allowed = addresses(host: m.host, resolvConf: root + "/etc/resolv.conf")
        return InstallStep(content: .text(text(host: m.host, port: m.port, allowed: allowed)), destination: path, mode: 0o644,
                           note: "[mqtt] is on: network to \(allowed.joined(separator: " ")) only")
    }

    static func text(host: String, port: Int, allowed: [String]) -> String {
        """
        # Written by `posture install` because /etc/posture/posture.toml has [mqtt] enabled = true:
        # the network, for the MQTT broker \(host):\(port) only. Run `posture install` again after
        # changing the broker (or disabling MQTT: this file is then removed).
        [Service]
        PrivateNetwork=no
        RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
        IPAddressDeny=any
        IPAddressAllow=\(allowed.joined(separator: " "))

        """
    }

    /// What IPAddressAllow= needs: an IP literal as is, "localhost" for loopback names, else the
    /// host's addresses now plus the name servers (to look it up again at each connect).
    static func addresses(host: String, resolvConf: String) -> [String] {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if isIPLiteral(bare) { return [bare] }
        if bare == "localhost" || bare.hasSuffix(".localhost") { return ["localhost"] }
        var result = resolve(bare)
        let servers = ((try? String(contentsOfFile: resolvConf, encoding: .utf8)) ?? "").split(separator: "\n")
            .compactMap { line -> String? in
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                return words.count >= 2 && words[0] == "nameserver" && isIPLiteral(String(words[1])) ? String(words[1]) : nil
            }
        for s in servers where !result.contains(s) { result.append(s) }
        if result.isEmpty || servers.contains(where: { $0.hasPrefix("127.") }) { result.append("localhost") }
        return result
    }

    static func isIPLiteral(_ s: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, s, &v4) == 1 || inet_pton(AF_INET6, s, &v6) == 1
    }

    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var out: [String] = []
        var p: UnsafeMutablePointer<addrinfo>? = first
        while let a = p {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(a.pointee.ai_addr, a.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(cString: buffer)
                if !out.contains(text) { out.append(text) }
            }
            p = a.pointee.ai_next
        }
        return out
    }
}
