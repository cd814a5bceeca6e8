import Foundation
import PostureConfig

/// Where the socket and the state go. The configured paths are used when they can be
/// (under systemd: RuntimeDirectory and StateDirectory); a user trying `posture run --mock`
/// without root gets per-user locations instead of a permission error, with a notice.
public struct DaemonPaths: Equatable, Sendable {
    public var socketPath: String
    public var stateDirectory: String
    /// What was changed and why, for the log.
    public var notes: [String] = []

    /// The subfolder of the state directory a mock run keeps its own calibration, counters and history in.
    public static let mockStateSubdirectory = "mock"

    /// `stateDirectory` (`posture run --state-dir`) wins over everything. Without it a mock run
    /// (the demo) gets `mock/` below the usual state directory: demo data must never restore
    /// into or overwrite the wearer's calibration and counters.
    public static func resolve(_ config: PostureConfiguration, environment: [String: String],
                               mock: Bool = false, stateDirectory explicitState: String? = nil) -> DaemonPaths {
        var paths = resolveConfigured(config, environment: environment)
        if let explicitState {
            paths.stateDirectory = explicitState
        } else if mock {
            paths.stateDirectory += "/" + mockStateSubdirectory
            paths.notes.append("mock mode: state in \(paths.stateDirectory), apart from the service's (--state-dir to choose)")
        }
        return paths
    }

    private static func resolveConfigured(_ config: PostureConfiguration, environment: [String: String]) -> DaemonPaths {
        let defaults = DaemonSettings()
        var paths = DaemonPaths(socketPath: config.daemon.control.socketPath, stateDirectory: config.daemon.state.directory)
        let socketDir = (paths.socketPath as NSString).deletingLastPathComponent
        if paths.socketPath == defaults.control.socketPath && !canCreate(in: socketDir) {
            paths.socketPath = userRuntimeDirectory(environment) + "/control.sock"
            paths.notes.append("\(defaults.control.socketPath) is not writable for this user: control socket at \(paths.socketPath)")
        }
        if paths.stateDirectory == defaults.state.directory && !canCreate(in: paths.stateDirectory) {
            paths.stateDirectory = userStateDirectory(environment)
            paths.notes.append("\(defaults.state.directory) is not writable for this user: state in \(paths.stateDirectory)")
        }
        return paths
    }

    /// The socket a client should try: the configured one, or the per-user one a
    /// non-root daemon would have used.
    public static func clientSocketCandidates(_ config: PostureConfiguration, environment: [String: String]) -> [String] {
        var out = [config.daemon.control.socketPath]
        if config.daemon.control.socketPath == DaemonSettings().control.socketPath {
            out.append(userRuntimeDirectory(environment) + "/control.sock")
        }
        return out
    }

    /// Where readers (`posture stats` without the daemon, `report`, `export`) look for the state:
    /// the configured directory, then the per-user one a non-root daemon would have used.
    public static func readerStateCandidates(_ config: PostureConfiguration, environment: [String: String]) -> [String] {
        var out = [config.daemon.state.directory]
        if config.daemon.state.directory == DaemonSettings().state.directory {
            out.append(userStateDirectory(environment))
        }
        return out
    }

    static func canCreate(in directory: String) -> Bool {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) {
            return isDir.boolValue && access(directory, W_OK | X_OK) == 0
        }
        let parent = (directory as NSString).deletingLastPathComponent
        return access(parent, W_OK | X_OK) == 0
    }

    static func userRuntimeDirectory(_ env: [String: String]) -> String {
        if let xdg = env["XDG_RUNTIME_DIR"], !xdg.isEmpty { return xdg + "/posture" }
        return "/tmp/posture-\(getuid())"
    }

    static func userStateDirectory(_ env: [String: String]) -> String {
        if let xdg = env["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/posture" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.local/state/posture"
    }

    /// mkdir -p with owner+group permissions.
    public static func ensureDirectory(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw FileError(path: path, operation: "mkdir", errno: ENOTDIR) }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try ensureDirectory(parent) }
        guard mkdir(path, 0o750) == 0 || errno == EEXIST else { throw FileError(path: path, operation: "mkdir", errno: errno) }
    }
}

/// Finds the bundled demo trace of `posture run --mock`, for a checkout (`swift run`) and
/// an installed binary alike.
public enum DemoTrace {
    public static let fileName = "demo-trace.csv"

    /// Candidate paths, most specific first.
    public static func candidates(environment: [String: String], executablePath: String,
                                  currentDirectory: String) -> [String] {
        var out: [String] = []
        if let p = environment["POSTURE_DEMO_TRACE"], !p.isEmpty { out.append(p) }
        out.append(currentDirectory + "/config/" + fileName)
        // The executable's directory and its ancestors: .build/debug/posture -> repo/config;
        // /usr/local/bin/posture -> /usr/local/share/posture.
        var dir = (executablePath as NSString).deletingLastPathComponent
        for _ in 0..<4 where dir.count > 1 {
            out.append(dir + "/config/" + fileName)
            out.append(dir + "/share/posture/" + fileName)
            dir = (dir as NSString).deletingLastPathComponent
        }
        out.append("/usr/local/share/posture/" + fileName)
        out.append("/usr/share/posture/" + fileName)
        return out
    }

    public static func locate(environment: [String: String], executablePath: String, currentDirectory: String) -> String? {
        candidates(environment: environment, executablePath: executablePath, currentDirectory: currentDirectory)
            .first { FileManager.default.isReadableFile(atPath: $0) }
    }
}
