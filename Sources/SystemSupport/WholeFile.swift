import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a whole-file read failed: the errno and the step, so each caller words its own message.
public struct WholeFileError: Error, Equatable, Sendable {
    public enum Step: Sendable { case open, read }
    public var step: Step
    public var code: Int32
    public init(step: Step, code: Int32) {
        self.step = step
        self.code = code
    }
    /// errno's text, e.g. "No such file or directory".
    public var reason: String { SystemErrno.message(code) }
}

/// Reads small files (traces, the config) with POSIX calls: errors keep errno, and no
/// Foundation file code is paged into the daemon for them.
public enum WholeFile {
    public static func read(path: String) throws(WholeFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw WholeFileError(step: .open, code: errno) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { throw WholeFileError(step: .read, code: EISDIR) }
        var out: [UInt8] = []
        out.reserveCapacity(max(0, Int(st.st_size)) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { buf in
                #if canImport(Glibc)
                Glibc.read(fd, buf.baseAddress, buf.count)
                #else
                Darwin.read(fd, buf.baseAddress, buf.count)
                #endif
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw WholeFileError(step: .read, code: errno)
            }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }
}
