#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes every byte to `fd`, resuming after signals (EINTR) and short writes. Returns 0 or the
/// errno that stopped it (EIO when the descriptor accepts nothing, rather than spinning).
public func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    guard let base = bytes.baseAddress else { return 0 }
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, base + offset, bytes.count - offset)
        if n < 0 {
            if errno == EINTR { continue }
            return errno
        }
        if n == 0 { return EIO }
        offset += n
    }
    return 0
}

/// `text` as UTF-8, all of it; 0 or the errno.
public func writeAll(_ text: String, toFileDescriptor fd: Int32) -> Int32 {
    var text = text
    return text.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
}
