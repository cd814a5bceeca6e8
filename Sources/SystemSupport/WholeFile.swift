import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a whole-file read failed: the errno and the step, so each caller words its own message.
public struct WholeFileError: Error, Equatable, Sendable {
    public enum Step: Sendable {
        case open, read
        /// Refused by a read with a size limit: a FIFO, device or socket (code EINVAL).
        case notRegularFile
        /// Refused by a read with a size limit: the file is larger (code EFBIG).
        case tooLarge
    }
    public var step: Step
    public var code: Int32
    public init(step: Step, code: Int32) {
        self.step = step
        self.code = code
    }
    /// errno's text, e.g. "No such file or directory".
    public var reason: String { step == .notRegularFile ? "not a regular file" : SystemErrno.message(code) }
}

/// Reads small files (traces, the config) with POSIX calls: errors keep errno, and no
/// Foundation file code is paged into the daemon for them.
public enum WholeFile {
    /// The whole file. With `maximumBytes`, only a regular file of at most that size is read,
    /// so a FIFO, `/dev/zero` or a huge file is refused in bounded time and memory.
    public static func read(path: String, maximumBytes: Int? = nil) throws(WholeFileError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO would otherwise wait for a writer before fstat can refuse it.
        let fd = open(path, O_RDONLY | O_CLOEXEC | (maximumBytes == nil ? 0 : O_NONBLOCK))
        if fd < 0 { throw WholeFileError(step: .open, code: errno) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw WholeFileError(step: .read, code: EISDIR) }
            if maximumBytes != nil, (st.st_mode & S_IFMT) != S_IFREG { throw WholeFileError(step: .notRegularFile, code: EINVAL) }
        } else if maximumBytes != nil {
            throw WholeFileError(step: .read, code: errno)
        }
        let limit = maximumBytes ?? Int.max
        if Int(st.st_size) > limit { throw WholeFileError(step: .tooLarge, code: EFBIG) }
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
            // The file grew since fstat, or reports no size (as /proc files do).
            if out.count + n > limit { throw WholeFileError(step: .tooLarge, code: EFBIG) }
            out.append(contentsOf: chunk[0..<n])
        }
    }
}
