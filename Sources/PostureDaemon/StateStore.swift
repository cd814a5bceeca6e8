import Foundation
import PostureCoaching
import PostureCore
import SystemSupport
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
    /// Alerts paused: until resumed (no `paused_until`) or until `paused_until` (wall clock).
    public var paused: Bool?
    public var pausedUntil: Double?
    /// Counters by local day ("2026-11-22"): today and yesterday (older days live in the database).
    public var counters: [String: DailyCounters] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case version, uprightReference = "upright_reference", calibratedAt = "calibrated_at"
        case snoozeUntil = "snooze_until", counters, paused, pausedUntil = "paused_until"
    }
}

extension PersistedState {
    /// Wall times beyond this (year 2286) are not times this program wrote.
    public static let maxWallSeconds = 1e10
    /// Beyond this a wall time no longer converts to `time_t` safely everywhere.
    public static let maxSnoozeUntilSeconds = 1e17
    /// Far above what a day can hold (86400 s, a few thousand events), far below overflow.
    public static let maxCounterSeconds = 1e7
    public static let maxCounterCount = 1_000_000_000

    /// What makes the file unusable although it decodes: values no run of the daemon writes,
    /// which would trap later (time conversions, counter overflow) or never expire.
    public var rangeProblem: String? {
        func wall(_ name: String, _ v: Double?, _ limit: Double) -> String? {
            guard let v, !(v.isFinite && abs(v) <= limit) else { return nil }
            return "\(name) out of range (\(v))"
        }
        // A far but convertible snooze end is shortened when restored, not refused.
        if let p = wall("calibrated_at", calibratedAt, Self.maxWallSeconds) ?? wall("snooze_until", snoozeUntil, Self.maxSnoozeUntilSeconds)
            ?? wall("paused_until", pausedUntil, Self.maxSnoozeUntilSeconds) {
            return p
        }
        for (day, c) in counters.sorted(by: { $0.key < $1.key }) {
            let seconds = [("slouched_s", c.slouchedSeconds), ("upright_s", c.uprightSeconds), ("sitting_s", c.sittingSeconds),
                           ("longest_sitting_bout_s", c.longestSittingBoutSeconds), ("hold_s_total", c.holdSecondsTotal),
                           ("longest_hold_s", c.longestHoldSeconds)]
            for (name, v) in seconds where !(v.isFinite && v >= 0 && v <= Self.maxCounterSeconds) {
                return "counters \(day) \(name) out of range (\(v))"
            }
            let counts = [("slouch_alerts", c.slouchAlerts), ("sitting_nudges", c.sittingNudges), ("nudges_played", c.nudgesPlayed),
                          ("nudges_suppressed", c.nudgesSuppressed), ("stretch_sessions", c.stretchSessions), ("holds", c.holds),
                          ("holds_target_met", c.holdsTargetMet), ("bounces", c.bounces), ("jerks", c.jerks),
                          ("faults", c.faults), ("calibrations", c.calibrations), ("routines", c.routines),
                          ("routines_completed", c.routinesCompleted), ("routine_steps_done", c.routineStepsDone),
                          ("corrected_after_alert", c.correctedAfterAlert), ("alerts_backed_off", c.alertsBackedOff)]
            for (name, v) in counts where !(0...Self.maxCounterCount).contains(v) {
                return "counters \(day) \(name) out of range (\(v))"
            }
        }
        return nil
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
        removeStaleTemporaries()
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
            if let problem = state.rangeProblem {
                return (PersistedState(), .corrupt(detail: problem, movedTo: moveAside()))
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
        do {
            try AtomicFile.write([UInt8](data), to: path)
        } catch {
            throw FileError(path: error.path, operation: error.step == .create ? "open" : error.step.rawValue, errno: error.code)
        }
    }

    /// A kill -9 (or power cut) during `save` leaves its `state.json.tmp-<pid>` behind; each
    /// restart would add one. Removes those of processes that no longer exist.
    private func removeStaleTemporaries() {
        let prefix = "state.json.tmp-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            _ = unlink(directory + "/" + name)
        }
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
    public var description: String { "\(path): \(operation) failed: \(SystemErrno.message(errno))" }
}


