import Foundation
import PostureConfig
import PosturePipeline

/// Loads the daemon's configuration: an explicit file must exist; the default file
/// (/etc/posture/posture.toml) may be missing, which means every default.
public enum DaemonConfigLoader {
    public static let defaultPath = "/etc/posture/posture.toml"

    public struct Loaded: Sendable {
        public var config: PostureConfiguration
        /// The file read, or nil when the defaults were used.
        public var path: String?
        /// Told to the user (a missing default file).
        public var notice: String?
        /// What a mock trace's `# mounting:` line set (keys the file did not set), for the log.
        public var fromMounting: [String] = []
    }

    /// `mounting`: a mock trace's `# mounting:` line, the default for the placement and
    /// forward axis where the file does not set them (as `posture replay` does).
    public static func load(path: String?, mounting: TraceMounting? = nil) throws(ConfigError) -> Loaded {
        let file = path ?? defaultPath
        var loaded: Loaded
        var keysSet: Set<String> = []
        if path == nil && !FileManager.default.fileExists(atPath: file) {
            loaded = Loaded(config: PostureConfiguration(), path: nil,
                            notice: "no configuration file at \(file): using the defaults (`posture config defaults` prints them)")
        } else {
            loaded = Loaded(config: try PostureConfiguration.load(path: file, keysSet: &keysSet), path: file, notice: nil)
        }
        if let mounting {
            loaded.fromMounting = mounting.adopt(into: &loaded.config.pipeline, explicit: PostureConfiguration.mountingKeys(set: keysSet))
        }
        return loaded
    }
}

extension PostureService {
    /// SIGHUP: reads the configuration again. An invalid file is logged (naming the key)
    /// and the running configuration is kept. Returns whether the new one was applied.
    @discardableResult
    public func reload(configPath: String?, mounting: TraceMounting? = nil) -> Bool {
        notifyReloading()
        do {
            let loaded = try DaemonConfigLoader.load(path: configPath, mounting: mounting)
            reload(loaded.config)
            return true
        } catch {
            logger.error("reload failed, keeping the running configuration: \(error)")
            notifyReady(status: "running: reload failed (\(error.key ?? "file")), old configuration kept")
            return false
        }
    }
}
