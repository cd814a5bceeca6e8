import Foundation
import PostureConfig
import PostureDaemon
import SystemSupport

/// Problems while installing, naming the file involved.
struct InstallError: Error, CustomStringConvertible {
    var description: String
}

/// The source checkout: the directory that holds systemd/posture.service and udev/60-posture.rules.
enum InstallSource {
    static let markers = ["systemd/posture.service", "systemd/posture.sysusers.conf", "udev/60-posture.rules"]

    static func locate(explicit: String?) throws -> String {
        let files = FileManager.default
        if let explicit {
            guard qualifies(explicit) else {
                throw InstallError(description: "--source \(explicit) does not hold \(markers.joined(separator: ", "))")
            }
            return explicit
        }
        var starts: [String] = []
        if let executable = try? files.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append((executable as NSString).deletingLastPathComponent)
        }
        starts.append(files.currentDirectoryPath)
        for start in starts {
            var directory = start
            while true {
                if qualifies(directory) { return directory }
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory || parent.isEmpty { break }
                directory = parent
            }
        }
        throw InstallError(description: "cannot find the unit and udev files (\(markers.joined(separator: ", "))) "
            + "above \(starts.joined(separator: " or ")); run the binary from its source checkout or pass --source DIR")
    }

    private static func qualifies(_ directory: String) -> Bool {
        markers.allSatisfy { FileManager.default.isReadableFile(atPath: directory + "/" + $0) }
    }
}

/// One file to put in place.
struct InstallStep {
    enum Content {
        case copy(path: String)
        case text(String)
        /// A file this version no longer wants (an old drop-in).
        case remove
    }

    var content: Content
    /// Absolute path on the target system (the destdir is prepended when writing).
    var destination: String
    var mode: Int
    var note: String?

    var modeText: String { String(mode, radix: 8) }
    var isRemoval: Bool { if case .remove = content { return true } else { return false } }

    /// Writes to a temporary file beside the destination and renames it over, so a running daemon's
    /// binary is replaced rather than overwritten (no ETXTBSY) and no half-written file is ever seen.
    func perform(root: String) throws {
        let files = FileManager.default
        let target = root + destination
        let directory = (target as NSString).deletingLastPathComponent
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                      attributes: [.posixPermissions: 0o755])
        } catch {
            throw InstallError(description: "cannot create \(directory): \(Self.reason(error))")
        }
        let data: Data
        switch content {
        case .remove:
            guard unlink(target) == 0 || errno == ENOENT else {
                throw InstallError(description: "cannot remove \(target) (\(SystemErrno.message(errno)))")
            }
            return
        case .copy(let path):
            guard let read = files.contents(atPath: path) else {
                throw InstallError(description: "cannot read \(path)")
            }
            data = read
        case .text(let text):
            data = Data(text.utf8)
        }
        let temporary = directory + "/.\((target as NSString).lastPathComponent).posture-install-\(getpid())"
        guard files.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: mode]) else {
            throw InstallError(description: "cannot write \(temporary) (\(SystemErrno.message(errno)))")
        }
        // createFile's mode is filtered by the umask: set it exactly.
        guard chmod(temporary, mode_t(mode)) == 0, rename(temporary, target) == 0 else {
            let reason = SystemErrno.message(errno)
            unlink(temporary)
            throw InstallError(description: "cannot install \(target) (\(reason))")
        }
    }

    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return SystemErrno.message(Int32(underlying.code))
        }
        return error.localizedDescription
    }
}

/// What `posture install` puts where, with the unit and udev rule rendered for the prefix and bus.
struct InstallPlan {
    static let unitPath = "/etc/systemd/system/posture.service"
    static let sysusersPath = "/etc/sysusers.d/posture.conf"
    static let udevPath = "/etc/udev/rules.d/60-posture.rules"
    static let configPath = "/etc/posture/posture.toml"
    /// The prefix and bus the files in the checkout are written for.
    static let shippedPrefix = "/usr/local"
    static let shippedBus = 1

    var steps: [InstallStep] = []

    init(checkout: String, prefix: String, i2cBus: Int, root: String) throws {
        let binaryPath = "/proc/self/exe"
        let installedBinary = prefix + "/bin/posture"
        let running = (try? FileManager.default.destinationOfSymbolicLink(atPath: binaryPath)) ?? binaryPath
        if root.isEmpty && running == installedBinary {
            // Running the installed binary: it is already in place.
        } else {
            steps.append(InstallStep(content: .copy(path: binaryPath), destination: installedBinary, mode: 0o755,
                                     note: "from \(running)"))
        }

        let unit = try Self.render(try Self.read(checkout + "/systemd/posture.service"), file: "posture.service", [
            (Self.shippedPrefix + "/", prefix + "/"),
            (#"dev-i2c\x2d\#(Self.shippedBus).device"#, #"dev-i2c\x2d\#(i2cBus).device"#),
            ("DeviceAllow=/dev/i2c-\(Self.shippedBus) ", "DeviceAllow=/dev/i2c-\(i2cBus) "),
        ])
        steps.append(InstallStep(content: .text(unit), destination: Self.unitPath, mode: 0o644,
                                 note: "I2C bus \(i2cBus), ExecStart \(installedBinary)"))
        steps.append(InstallStep(content: .copy(path: checkout + "/systemd/posture.sysusers.conf"),
                                 destination: Self.sysusersPath, mode: 0o644, note: nil))
        let rules = try Self.render(try Self.read(checkout + "/udev/60-posture.rules"), file: "60-posture.rules", [
            (#"KERNEL=="i2c-\#(Self.shippedBus)""#, #"KERNEL=="i2c-\#(i2cBus)""#),
        ])
        steps.append(InstallStep(content: .text(rules), destination: Self.udevPath, mode: 0o644, note: nil))

        // The example configuration never replaces the administrator's.
        let example = checkout + "/config/posture.toml"
        let config: InstallStep.Content = FileManager.default.isReadableFile(atPath: example)
            ? .copy(path: example) : .text(PostureConfiguration().documentedTOML())
        let existing = FileManager.default.contents(atPath: root + Self.configPath)
        if existing == nil {
            steps.append(InstallStep(content: config, destination: Self.configPath, mode: 0o644, note: nil))
        } else if existing != Self.data(of: config) {
            steps.append(InstallStep(content: config, destination: Self.configPath + ".new", mode: 0o644,
                                     note: "\(Self.configPath) exists and is kept; compare with the .new file"))
        }

        if let step = Self.metricsDropIn(configPath: existing == nil ? example : root + Self.configPath) {
            steps.append(step)
        }
        if let dropIn = InstallNetworkDropIn.step(root: root) { steps.append(dropIn) }

        let readme = checkout + "/README.md"
        if FileManager.default.isReadableFile(atPath: readme) {
            steps.append(InstallStep(content: .copy(path: readme),
                                     destination: prefix + "/share/doc/posture/README.md", mode: 0o644, note: nil))
        }
        // `posture run --mock` looks for it under PREFIX/share/posture (and generates it when missing).
        let demo = checkout + "/config/demo-trace.csv"
        if FileManager.default.isReadableFile(atPath: demo) {
            steps.append(InstallStep(content: .copy(path: demo),
                                     destination: prefix + "/share/posture/demo-trace.csv", mode: 0o644, note: nil))
        }
    }

    static let metricsDropInPath = "/etc/systemd/system/posture.service.d/metrics.conf"

    /// The unit may write nothing outside its state and runtime directories (ProtectSystem=strict):
    /// with `[metrics] textfile` set, a drop-in opens that file's directory ("-": no failure
    /// while node_exporter's directory does not exist yet).
    static func metricsDropIn(configPath: String) -> InstallStep? {
        guard let loaded = try? DaemonConfigLoader.load(path: configPath) else { return nil }
        let textfile = loaded.config.daemon.metrics.textfilePath
        guard !textfile.isEmpty else { return nil }
        let directory = (textfile as NSString).deletingLastPathComponent
        let text = """
            # Written by `posture install`: [metrics] textfile = "\(textfile)" in \(Self.configPath).
            # Remove this file (and run `systemctl daemon-reload`) when the metrics are off.
            [Service]
            ReadWritePaths=-\(directory)

            """
        return InstallStep(content: .text(text), destination: metricsDropInPath, mode: 0o644,
                           note: "the service may write \(directory) (Prometheus textfile)")
    }

    static func data(of content: InstallStep.Content) -> Data? {
        switch content {
        case .copy(let path): return FileManager.default.contents(atPath: path)
        case .text(let text): return Data(text.utf8)
        case .remove: return nil
        }
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InstallError(description: "cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Replaces each anchor, failing if one is missing (the shipped file changed under us).
    static func render(_ text: String, file: String, _ replacements: [(String, String)]) throws -> String {
        var result = text
        for (anchor, replacement) in replacements {
            guard result.contains(anchor) else {
                throw InstallError(description: "\(file): expected '\(anchor)' to adapt it; is the checkout intact?")
            }
            result = result.replacingOccurrences(of: anchor, with: replacement)
        }
        return result
    }

    static func runCommand(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        do {
            try process.run()
        } catch {
            throw InstallError(description: "cannot run \(arguments.joined(separator: " ")): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InstallError(description: "\(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
    }
}
