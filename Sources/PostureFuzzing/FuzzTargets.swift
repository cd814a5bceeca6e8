import Foundation
import PostureConfig
import PostureControl
import PostureCore
import PostureDaemon
import PostureEvaluation
import PostureTrace
import TOMLParsing


/// The bodies of the coverage-guided fuzz targets (Fuzz/, one libFuzzer executable each) and of
/// the regression test that replays every kept finding (Tests/FuzzRegressionTests): one input's
/// bytes through one reader's public entry point, as a user's file or a peer's line reaches it.
///
/// A reader must return a value or a clear error, never trap: a trap is the finding. Properties
/// that must hold besides (a decoded value encodes and decodes to itself) are returned as a
/// problem text; the fuzz executable aborts on one, the regression test expects none.
///
/// Adding a target (MQTT payloads once the MQTT module is on main): a case here and in `run`, `Fuzz/Sources/fuzz-<case>/main.swift` (a copy
/// of another target's with the case changed), its name in Fuzz/Package.swift's `targets`, and a
/// few seeds in Fuzz/corpus/<case>/. `.ci/fuzz` and FuzzRegressionTests pick it up from there.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case trace, gzip, config, state, control, events, bus
    // TODO(mqtt): `case mqtt` — the Home Assistant command topic payloads and the retained
    // state/config messages the daemon reads back, through the MQTT module's decoder.

    /// Runs one input; nil when every property held.
    public func run(_ bytes: [UInt8]) -> String? {
        switch self {
        case .trace: return Self.trace(bytes)
        // The same entry point on gzip data (seeds: gzip-compressed traces): the reader inflates
        // by the magic bytes so mutations reach zlib's inflate and the
        // member and cut-stream handling.
        case .gzip: return Self.trace(bytes)
        case .config: return Self.config(bytes)
        case .state: return Self.state(bytes)
        case .control: return Self.control(bytes)
        case .events: return Self.events(bytes)
        case .bus: return FuzzedI2CBus.exercise(bytes)
        }
    }

    /// posture-trace v1 from bytes, as `replay`, `score` and the mock daemon read files, then
    /// through `posture replay` (calibrated at the first sample, so every detector runs).
    static func trace(_ bytes: [UInt8]) -> String? {
        guard let trace = try? TraceReader.parse(bytes: bytes, file: "fuzz.csv") else { return nil }
        // What was accepted is within the documented physical ranges (later arithmetic relies on it).
        for r in trace.records {
            let s = r.sample
            guard s.timeSeconds.isFinite, abs(s.timeSeconds) <= TraceReader.maxAbsTimeSeconds else {
                return "accepted t = \(s.timeSeconds)"
            }
        }
        let presses = trace.records.first.map { [TimedAction(timeSeconds: $0.sample.timeSeconds, action: .calibrate)] } ?? []
        var output = StringReplayOutput()
        ReplayEngine.run(trace: trace, settings: PostureConfiguration().pipeline, presses: presses, emit: .events, into: &output)
        // The scorer reads what replay wrote.
        do { _ = try EventJSONCodec.decodeLines(output.text) } catch {
            return "replay wrote events the scorer cannot read: \(error)"
        }
        return nil
    }

    /// The TOML parser alone, then the whole configuration loader (UTF-8 check, schema, ranges).
    static func config(_ bytes: [UInt8]) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        _ = try? TOMLDocument.parse(text)
        guard let config = try? PostureConfiguration.parse(text, file: "fuzz.toml") else { return nil }
        // An accepted configuration documents itself as a file that loads back to the same values.
        let documented = config.documentedTOML()
        let reloaded: PostureConfiguration
        do { reloaded = try PostureConfiguration.parse(documented, file: "documented.toml") } catch {
            return "documentedTOML() of an accepted configuration does not load: \(error)"
        }
        return reloaded == config ? nil : "documentedTOML() of an accepted configuration loads to other values"
    }

    /// state.json as the daemon restores it at start (a bad file is moved aside, never fatal).
    static func state(_ bytes: [UInt8]) -> String? {
        guard mkdir(FuzzScratch.directory, 0o700) == 0 || errno == EEXIST else { return "cannot make \(FuzzScratch.directory)" }
        defer { rmdir(FuzzScratch.directory) }
        let store = StateStore(directory: FuzzScratch.directory)
        let path = store.path
        guard FuzzScratch.store(bytes, to: path) else { return "cannot write \(path)" }
        let (state, outcome) = store.load()
        unlink(path)
        unlink(path + ".corrupt")
        if outcome == .loaded, let problem = state.rangeProblem { return "loaded a state with \(problem)" }
        return nil
    }

    /// One control-socket line (the daemon splits at newline; any bytes may arrive) and a reply.
    static func control(_ bytes: [UInt8]) -> String? {
        let line = Substring(String(decoding: bytes, as: UTF8.self))
        if case .success(let command) = ControlCodec.decodeCommand(line) {
            let again = ControlCodec.decodeCommand(Substring(ControlCodec.encode(command)))
            guard case .success(let decoded) = again, decoded == command else {
                return "command \(command) does not survive encode/decode: \(again)"
            }
        }
        _ = ControlCodec.decodeResponse(bytes)
        return nil
    }

    /// The scorer's events file (JSON Lines, as `replay` and the history write it).
    static func events(_ bytes: [UInt8]) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self),
              let events = try? EventJSONCodec.decodeLines(text) else { return nil }
        for event in events {
            let line = EventJSONCodec.encode(event)
            do { _ = try EventJSONCodec.decode(line) } catch {
                return "event does not decode from its own encoding \(line): \(error)"
            }
        }
        return nil
    }
}

/// A private directory for targets whose entry point takes a path (state.json): in memory when
/// /dev/shm exists (thousands of files a second).
enum FuzzScratch {
    /// Made for each input and removed after it (no directory left behind).
    static let directory: String = {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory()
        return base + "/posture-fuzz-\(getpid())"
    }()

    /// Plain open/write/close (FileManager.createFile writes a temporary file and renames it).
    static func store(_ bytes: [UInt8], to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
    }
}
