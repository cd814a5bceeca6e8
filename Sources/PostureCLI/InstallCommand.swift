import ArgumentParser
import Foundation

/// `posture install`: puts the running binary, the systemd unit, the sysusers file, the udev rules
/// and an example configuration in place, then prints (or, with `--enable`, runs) the commands that
/// activate them. The unit, sysusers and udev files come from the source checkout the binary was
/// built in (found from the binary's or the current directory, or `--source`).
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install posture as a systemd service (binary, unit, user, udev rules, example config).",
        discussion: """
            Files (DESTDIR prepended when given):
              PREFIX/bin/posture                    this binary
              /etc/systemd/system/posture.service    the unit (ExecStart under PREFIX, waits for /dev/i2c-BUS)
              /etc/sysusers.d/posture.conf           user posture in groups i2c and gpio
              /etc/udev/rules.d/60-posture.rules     i2c/gpio device groups; starts the service on /dev/i2c-BUS
              /etc/posture/posture.toml              example config (an existing one is kept: .new beside it)
              PREFIX/share/doc/posture/README.md     when the checkout has one
              PREFIX/share/posture/demo-trace.csv    the demo trace of `posture run --mock`
            Example: sudo .build/release/posture install --enable
            """
    )

    @Option(help: "Installation prefix of the binary and its documentation.")
    var prefix = "/usr/local"

    @Option(help: "Stage everything under this directory instead of / (packaging, checking).")
    var destdir: String?

    @Option(name: .customLong("i2c-bus"), help: "The sensor's I2C bus N (/dev/i2c-N).")
    var i2cBus = 1

    @Option(help: "The source checkout holding systemd/, udev/ and config/ (default: searched upwards from the binary and the current directory).")
    var source: String?

    @Flag(help: "Print what would be installed and change nothing.")
    var dryRun = false

    @Flag(help: ArgumentHelp("Then create the user and enable the service: started now on a running systemd (root only); "
                             + "enabled for the next boot in a --destdir image or where systemd is not running (chroot)."))
    var enable = false

    func validate() throws {
        guard prefix.hasPrefix("/") else { throw ValidationError("--prefix must be an absolute path, got '\(prefix)'") }
        guard (0...1023).contains(i2cBus) else { throw ValidationError("--i2c-bus must be 0...1023, got \(i2cBus)") }
        if enable && !dryRun && destdir == nil && geteuid() != 0 {
            throw ValidationError("--enable needs root (run with sudo), or leave it out and run the printed commands")
        }
    }

    func run() throws {
        let root = destdir.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        let checkout = try InstallSource.locate(explicit: source)
        let plan = try InstallPlan(checkout: checkout, prefix: normalisedPrefix, i2cBus: i2cBus, root: root)
        for step in plan.steps {
            if dryRun {
                print("would \(step.isRemoval ? "remove" : "install") \(root)\(step.destination) (\(step.modeText))\(step.note.map { ": " + $0 } ?? "")")
            } else {
                try step.perform(root: root)
                print("\(step.isRemoval ? "removed" : "installed") \(root)\(step.destination) (\(step.modeText))\(step.note.map { ": " + $0 } ?? "")")
            }
        }
        let activation = InstallActivation(root: root,
                                           systemdRunning: FileManager.default.fileExists(atPath: "/run/systemd/system"))
        let commands = activation.commands
        if enable {
            for command in commands {
                print((dryRun ? "would run: " : "running: ") + command.joined(separator: " "))
                if !dryRun {
                    fflush(nil)   // our lines before the command's own output
                    try InstallPlan.runCommand(command)
                }
            }
            if !dryRun { print(activation.outcome) }
        } else {
            // For an image, the commands to run once it has booted (or --enable now, offline).
            let next = root.isEmpty ? commands : InstallActivation.live.commands
            print(root.isEmpty ? "\nNext, as root (or `posture install --enable`):"
                               : "\nNext, as root on the target system (or --enable now to enable it in \(root)):")
            for command in next { print("  " + command.joined(separator: " ")) }
            print("Events go to the journal: journalctl -u posture -f")
            print("Members of group posture may use `posture status` etc.: usermod -aG posture USER")
        }
    }

    /// Without trailing slashes ("/" becomes "", so paths join as prefix + "/bin/posture").
    private var normalisedPrefix: String {
        var trimmed = Substring(prefix)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
