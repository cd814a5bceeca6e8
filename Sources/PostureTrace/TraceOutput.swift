import PostureCore
import SystemSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a recording goes: a file, or memory in tests.
public protocol TraceOutput: AnyObject {
    /// Hands text to the operating system: after this, a crash of the process loses nothing.
    func write(_ text: String) throws
    /// Makes everything written durable (survives power loss).
    func sync() throws
}

/// A trace file written with plain POSIX calls. Refuses to replace an existing file
/// unless asked, so a typo never overwrites a recording.
public final class FileTraceOutput: TraceOutput {
    public let path: String
    private let fd: Int32

    public init(path: String, overwrite: Bool = false) throws(TraceError) {
        self.path = path
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL)
        fd = open(path, flags, 0o644)
        if fd < 0 {
            let e = errno
            let why = e == EEXIST ? "already exists (use --overwrite to replace it)" : SystemErrno.message(e)
            throw TraceError(file: path, line: nil, message: "cannot create: \(why)")
        }
    }

    deinit { close(fd) }

    public func write(_ text: String) throws {
        let failure = writeAll(text, toFileDescriptor: fd)
        if failure != 0 {
            throw TraceError(file: path, line: nil, message: "write failed: \(SystemErrno.message(failure))")
        }
    }

    public func sync() throws {
        if fsync(fd) != 0 {
            throw TraceError(file: path, line: nil, message: "fsync failed: \(SystemErrno.message(errno))")
        }
    }
}

/// Text kept in memory (tests, previews).
public final class MemoryTraceOutput: TraceOutput {
    public private(set) var text = ""
    public private(set) var writes = 0
    public private(set) var syncs = 0
    public init() {}
    public func write(_ text: String) throws { self.text += text; writes += 1 }
    public func sync() throws { syncs += 1 }
}
