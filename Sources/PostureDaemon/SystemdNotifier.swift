import SystemSupport
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
    private let address: UnixSocketAddress

    /// From the environment systemd gives a Type=notify service; nil when not under systemd.
    public convenience init?(environment: [String: String]) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
        self.init(socketPath: path)
    }

    public init?(socketPath: String) {
        self.socketPath = socketPath
        guard socketPath.hasPrefix("/") || socketPath.hasPrefix("@"),
              let address = UnixSocketAddress(path: socketPath, allowingAbstractName: true) else { return nil }
        self.address = address
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
    }

    deinit { close(fd) }

    public func notify(_ message: String) {
        var text = message
        text.withUTF8 { buf in
            address.withSockaddr { sa, length in
                // Never block the sampling loop on a busy manager: a dropped STATUS is harmless
                // and a dropped WATCHDOG is repeated within the interval.
                _ = sendto(fd, buf.baseAddress, buf.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), sa, length)
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
