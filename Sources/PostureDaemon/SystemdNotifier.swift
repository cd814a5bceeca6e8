#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where service-manager notifications go: systemd, or a recorder in tests.
public protocol ServiceNotifier: AnyObject {
    /// One or more `KEY=value` lines, e.g. "READY=1\nSTATUS=running".
    func notify(_ message: String)
}

/// sd_notify(3) without libsystemd: one datagram per message to $NOTIFY_SOCKET
/// (a path, or an abstract socket name written with a leading '@').
public final class SystemdNotifier: ServiceNotifier {
    public let socketPath: String
    private let fd: Int32
    private var address = sockaddr_un()
    private var addressLength: socklen_t = 0

    /// From the environment systemd gives a Type=notify service; nil when not under systemd.
    public convenience init?(environment: [String: String]) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
        self.init(socketPath: path)
    }

    public init?(socketPath: String) {
        self.socketPath = socketPath
        let bytes = Array(socketPath.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard let first = bytes.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "@"), bytes.count < capacity else {
            return nil
        }
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            if first == UInt8(ascii: "@") { raw[0] = 0 }  // abstract namespace
        }
        // Abstract names are not NUL-terminated: the length says where they end.
        addressLength = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (first == UInt8(ascii: "@") ? 0 : 1))
    }

    deinit { close(fd) }

    public func notify(_ message: String) {
        var text = message
        text.withUTF8 { buf in
            withUnsafePointer(to: &address) { ptr in
                ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                    // Never block the sampling loop on a busy manager: a dropped STATUS is harmless
                    // and a dropped WATCHDOG is repeated within the interval.
                    _ = sendto(fd, buf.baseAddress, buf.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), sa, addressLength)
                }
            }
        }
    }

    /// The watchdog interval systemd expects pings within (WATCHDOG_USEC), if enabled for this process.
    public static func watchdogIntervalSeconds(environment: [String: String]) -> Double? {
        guard let usec = environment["WATCHDOG_USEC"].flatMap({ Double($0) }), usec > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"].flatMap({ Int32($0) }), pid != getpid() { return nil }
        return usec / 1e6
    }
}
