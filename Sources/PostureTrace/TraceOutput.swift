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
    /// Ends the file (a gzip stream's trailer) and syncs it. Writing again afterwards is allowed
    /// (a gzip file then gets another member, which readers take as a continuation).
    func close() throws
}

extension TraceOutput {
    public func close() throws { try sync() }
}

/// Whether a trace file is gzip-compressed: by its name, `.gz` (as gzip and zcat expect).
public enum TraceCompression: Sendable {
    case none, gzip

    public init(path: String) { self = path.hasSuffix(".gz") ? .gzip : .none }
}

/// A trace file written with plain POSIX calls, plain or gzip (by the name, `.csv.gz`).
/// Refuses to replace an existing file unless asked, so a typo never overwrites a recording.
///
/// gzip: each `write` ends with a zlib sync flush before the bytes go to the OS, so a recorder
/// killed (or a Pi losing power after the next `sync`) leaves a file whose every byte up to the
/// last write decodes; only the gzip trailer is missing, which the reader reports as a cut.
public final class FileTraceOutput: TraceOutput {
    public let path: String
    public let compression: TraceCompression
    private let fd: Int32
    private let encoder: GzipEncoder?

    public init(path: String, overwrite: Bool = false, compression: TraceCompression? = nil) throws(TraceError) {
        self.path = path
        self.compression = compression ?? TraceCompression(path: path)
        encoder = self.compression == .gzip ? try GzipEncoder() : nil
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL)
        fd = open(path, flags, 0o644)
        if fd < 0 {
            let e = errno
            let why = e == EEXIST ? "already exists (use --overwrite to replace it)" : SystemErrno.message(e)
            throw TraceError(file: path, line: nil, message: "cannot create: \(why)")
        }
    }

    deinit { closeFile(fd) }

    public func write(_ text: String) throws {
        try send(text, flush: .sync)
    }

    private func send(_ text: String, flush: GzipEncoder.Flush) throws(TraceError) {
        try writeTrace(text, to: fd, encoder: encoder, flush: flush, path: path, failing: "write failed")
    }

    public func sync() throws {
        if fsync(fd) != 0 {
            throw TraceError(file: path, line: nil, message: "fsync failed: \(SystemErrno.message(errno))")
        }
    }

    public func close() throws {
        if encoder != nil { try send("", flush: .finish) }
        try sync()
    }
}

/// A trace file that appears complete or not at all (`posture simulate -o`, demo traces): text
/// is streamed (plain or gzip, by the name) into a temporary file beside it, which `commit`
/// syncs and renames over `path`. Dropped without `commit`, it leaves nothing behind.
public final class AtomicTraceFile {
    public let path: String
    private let temporary: String
    private let fd: Int32
    private let encoder: GzipEncoder?
    private var open = true

    public init(path: String) throws(TraceError) {
        self.path = path
        temporary = AtomicFile.temporaryPath(for: path)
        encoder = TraceCompression(path: path) == .gzip ? try GzipEncoder() : nil
        fd = openFile(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw TraceError(file: path, line: nil, message: "cannot create: \(SystemErrno.message(errno))") }
    }

    deinit {
        if open {
            closeFile(fd)
            unlink(temporary)
        }
    }

    public func write(_ text: String) throws(TraceError) {
        try send(text, flush: .none)
    }

    private func send(_ text: String, flush: GzipEncoder.Flush) throws(TraceError) {
        try writeTrace(text, to: fd, encoder: encoder, flush: flush, path: path, failing: "cannot write")
    }

    /// Ends the stream, syncs and renames the file into place.
    public func commit() throws(TraceError) {
        if encoder != nil { try send("", flush: .finish) }
        if fsync(fd) != 0 { throw TraceError(file: path, line: nil, message: "cannot write: \(SystemErrno.message(errno))") }
        open = false
        closeFile(fd)
        do { try AtomicFile.publish(temporary: temporary, as: path) } catch {
            throw TraceError(file: path, line: nil, message: "cannot write: \(SystemErrno.message(error.code))")
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

private func closeFile(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}

private func openFile(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, flags, mode)
    #else
    Darwin.open(path, flags, mode)
    #endif
}

/// Text to a file descriptor, through the gzip encoder when there is one.
private func writeTrace(_ text: String, to fd: Int32, encoder: GzipEncoder?, flush: GzipEncoder.Flush, path: String,
                        failing: String) throws(TraceError) {
    var text = text
    var failure: GzipWriteFailure?
    text.withUTF8 { utf8 in
        let bytes = UnsafeRawBufferPointer(utf8)
        if let encoder {
            do throws(GzipWriteFailure) {
                try encoder.compress(bytes, flush: flush) { writeAll(fd, $0) }
            } catch { failure = error }
        } else {
            let code = writeAll(fd, bytes)
            if code != 0 { failure = .write(code) }
        }
    }
    switch failure {
    case nil: return
    case .write(let code): throw TraceError(file: path, line: nil, message: "\(failing): \(SystemErrno.message(code))")
    case .zlib(let reason): throw TraceError(file: path, line: nil, message: "compression failed: \(reason)")
    }
}
