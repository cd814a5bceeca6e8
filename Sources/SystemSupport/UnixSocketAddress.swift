#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Unix-domain socket address (sockaddr_un) built once and correctly: nil when the path does not
/// fit sun_path. With `allowingAbstractName`, a leading '@' names the Linux abstract namespace (as
/// systemd's NOTIFY_SOCKET does); abstract names are not NUL-terminated, the length says where they end.
public struct UnixSocketAddress: Sendable {
    public let path: String
    public let isAbstract: Bool
    private var storage = sockaddr_un()
    public private(set) var length: socklen_t = 0

    public init?(path: String, allowingAbstractName: Bool = false) {
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity else { return nil }
        self.path = path
        isAbstract = allowingAbstractName && bytes[0] == UInt8(ascii: "@")
        storage.sun_family = sa_family_t(AF_UNIX)
        let abstract = isAbstract
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            if abstract { raw[0] = 0 }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        length = socklen_t(pathOffset + bytes.count + (isAbstract ? 0 : 1))
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length (bind, connect, sendto).
    public func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> Result) rethrows -> Result {
        var copy = storage
        return try withUnsafePointer(to: &copy) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, length) }
        }
    }
}
