import Foundation
import PostureCoaching
import PostureCore
#if canImport(Glibc)
import Glibc
#endif

/// What survives a restart, a kill -9 and a power cut: calibration, snooze, recent counters.
public struct PersistedState: Codable, Equatable, Sendable {
    public var version = 1
    /// The upright reference, unit vector in sensor axes.
    public var uprightReference: [Double]?
    /// Wall-clock time of the calibration.
    public var calibratedAt: Double?
    /// Wall-clock end of the snooze.
    public var snoozeUntil: Double?
    /// Counters by local day ("2026-11-22"): today and yesterday (older days live in the database).
    public var counters: [String: DailyCounters] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case version, uprightReference = "upright_reference", calibratedAt = "calibrated_at"
        case snoozeUntil = "snooze_until", counters
    }
}

/// Why the stored state could not be used (it is then replaced, never fatal).
public enum StateLoadOutcome: Equatable, Sendable {
    case loaded
    case missing
    /// The file was unreadable or corrupt and was moved to `movedTo`.
    case corrupt(detail: String, movedTo: String?)
}

/// Reads and writes `state.json` atomically: write a temporary file, fsync it, rename it
/// over the old one, fsync the directory. A reader sees the old or the new file, whole.
public struct StateStore: Sendable {
    public let directory: String
    public var path: String { directory + "/state.json" }

    public init(directory: String) { self.directory = directory }

    public func load() -> (PersistedState, StateLoadOutcome) {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                return (PersistedState(), .corrupt(detail: "unreadable", movedTo: moveAside()))
            }
            return (PersistedState(), .missing)
        }
        do {
            let state = try JSONDecoder().decode(PersistedState.self, from: data)
            if let up = state.uprightReference, up.count != 3 || !up.allSatisfy(\.isFinite) {
                return (PersistedState(), .corrupt(detail: "upright_reference is not a 3-vector", movedTo: moveAside()))
            }
            return (state, .loaded)
        } catch {
            return (PersistedState(), .corrupt(detail: Self.describe(error), movedTo: moveAside()))
        }
    }

    public func save(_ state: PersistedState) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(state)
        try AtomicFile.write(data, to: path)
    }

    private func moveAside() -> String? {
        let target = path + ".corrupt"
        _ = unlink(target)
        return rename(path, target) == 0 ? target : nil
    }

    static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let ctx) = error { return "not valid JSON (\(ctx.debugDescription))" }
        if case DecodingError.typeMismatch(_, let ctx) = error {
            return "wrong type at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))"
        }
        if case DecodingError.keyNotFound(let key, _) = error { return "missing \(key.stringValue)" }
        return "\(error)"
    }
}

public struct FileError: Error, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var errno: Int32
    public var description: String { "\(path): \(operation) failed: \(String(cString: strerror(errno)))" }
}

/// Crash-safe file replacement.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        let temp = path + ".tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError(path: temp, operation: "open", errno: errno) }
        let writeErrno = data.withUnsafeBytes { writeAll(fd, $0) }
        var ok = writeErrno == 0
        var failure = FileError(path: temp, operation: "write", errno: writeErrno)
        if ok && fsync(fd) != 0 { ok = false; failure = FileError(path: temp, operation: "fsync", errno: errno) }
        close(fd)
        guard ok else { unlink(temp); throw failure }
        guard rename(temp, path) == 0 else {
            let e = errno
            unlink(temp)
            throw FileError(path: path, operation: "rename", errno: e)
        }
        // The rename itself is only durable once the directory is synced.
        let dir = (path as NSString).deletingLastPathComponent
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}


