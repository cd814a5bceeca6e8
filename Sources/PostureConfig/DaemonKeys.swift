// The daemon's settings (bus, chip, GPIO lines, nudge patterns, control socket, state)
// and their TOML keys.

public struct DaemonSettings: Equatable, Sendable {
    public init() {}
}

extension PostureConfiguration {
    public static var daemonSectionDocs: [ConfigSectionDoc] { [] }
    public static var daemonKeys: [ConfigKeySpec] { [] }
}

extension PostureConfiguration {
    static var daemonCrossChecks: [@Sendable (PostureConfiguration) -> (key: String, message: String)?] { [] }
}
