import Foundation
import PostureConfig

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
    }

    public static func load(path: String?) throws(ConfigError) -> Loaded {
        let file = path ?? defaultPath
        if path == nil && !FileManager.default.fileExists(atPath: file) {
            return Loaded(config: PostureConfiguration(), path: nil,
                          notice: "no configuration file at \(file): using the defaults (`posture config defaults` prints them)")
        }
        return Loaded(config: try PostureConfiguration.load(path: file), path: file, notice: nil)
    }
}

extension PostureService {
    /// SIGHUP: reads the configuration again. An invalid file is logged (naming the key)
    /// and the running configuration is kept. Returns whether the new one was applied.
    @discardableResult
    public func reload(configPath: String?) -> Bool {
        notifyReloading()
        do {
            let loaded = try DaemonConfigLoader.load(path: configPath)
            reload(loaded.config)
            return true
        } catch {
            logger.error("reload failed, keeping the running configuration: \(error)")
            notifyReady(status: "running: reload failed (\(error.key ?? "file")), old configuration kept")
            return false
        }
    }
}
