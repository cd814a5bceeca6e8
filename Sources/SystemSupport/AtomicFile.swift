#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an atomic write failed: the step, the file it concerned (the temporary file or the target) and the errno.
public struct AtomicWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Step: String, Sendable { case create, write, fsync, rename }
    public var step: Step
    public var path: String
    public var code: Int32
    /// "/var/lib/posture/state.json: rename failed: EACCES (Permission denied)".
    public var description: String { "\(path): \(step.rawValue) failed: \(SystemErrno.text(code))" }
}

/// Whole-file replacement that survives crashes and power loss: written to a temporary file beside
/// the target, synced, renamed over it, and the directory synced. Readers see the old or the new
/// content, never a part; a failure leaves no temporary file.
public enum AtomicFile {
    /// The temporary file's name for `path` (unique per process, so two writers do not share one).
    public static func temporaryPath(for path: String) -> String { path + ".tmp-\(getpid())" }

    /// `durable: false` skips the syncs: still atomic for readers, but a power cut may leave the
    /// old content (files rewritten every few seconds anyway, such as metrics).
    /// `exactMode` sets `mode` whatever the umask (a file another service reads).
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String, mode: mode_t = 0o644,
                             durable: Bool = true, exactMode: Bool = false) throws(AtomicWriteError) {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw AtomicWriteError(step: .create, path: temporary, code: errno) }
        var failure: AtomicWriteError?
        if exactMode { _ = fchmod(fd, mode) }
        let written = writeAll(fd, bytes)
        if written != 0 {
            failure = AtomicWriteError(step: .write, path: temporary, code: written)
        } else if durable && fsync(fd) != 0 {
            failure = AtomicWriteError(step: .fsync, path: temporary, code: errno)
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw failure
        }
        try publish(temporary: temporary, as: path, durable: durable)
    }

    /// Renames a written and synced temporary file over `path`, then syncs the directory (the
    /// rename itself is only durable then; `durable: false` skips that). On failure the
    /// temporary file is removed.
    public static func publish(temporary: String, as path: String, durable: Bool = true) throws(AtomicWriteError) {
        if rename(temporary, path) != 0 {
            let failure = AtomicWriteError(step: .rename, path: path, code: errno)
            unlink(temporary)
            throw failure
        }
        guard durable else { return }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let dfd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(AtomicWriteError) {
        var failure: AtomicWriteError?
        bytes.withUnsafeBytes { raw in
            do throws(AtomicWriteError) { try write(raw, to: path, mode: mode) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public static func write(_ text: String, to path: String, mode: mode_t = 0o644, durable: Bool = true,
                             exactMode: Bool = false) throws(AtomicWriteError) {
        var text = text
        var failure: AtomicWriteError?
        text.withUTF8 { utf8 in
            do throws(AtomicWriteError) { try write(UnsafeRawBufferPointer(utf8), to: path, mode: mode, durable: durable, exactMode: exactMode) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
