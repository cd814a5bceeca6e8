/// How `--enable` activates the installed files, which depends on where they went.
enum InstallActivation: Equatable {
    /// This machine, systemd running: create the user, reload, re-trigger the devices, start now.
    case live
    /// This machine without a running systemd (a chroot building an SD-card image, a container):
    /// create the user and enable the unit; it starts at the next boot.
    case offline
    /// A --destdir tree (an image being built): the same, through the tools' --root.
    case staged(root: String)

    init(root: String, systemdRunning: Bool) {
        self = !root.isEmpty ? .staged(root: root) : systemdRunning ? .live : .offline
    }

    /// In this order: the user and groups exist before udev assigns them; systemd knows the new unit
    /// before the re-triggered I2C device asks for it.
    var commands: [[String]] {
        switch self {
        case .live:
            return [
                ["systemd-sysusers", InstallPlan.sysusersPath],
                ["systemctl", "daemon-reload"],
                ["udevadm", "control", "--reload"],
                ["udevadm", "trigger", "--action=add", "--subsystem-match=i2c-dev", "--subsystem-match=gpio"],
                ["systemctl", "enable", "--now", "posture.service"],
            ]
        case .offline:
            return [["systemd-sysusers", InstallPlan.sysusersPath], ["systemctl", "enable", "posture.service"]]
        case .staged(let root):
            return [["systemd-sysusers", "--root=\(root)", root + InstallPlan.sysusersPath],
                    ["systemctl", "--root=\(root)", "enable", "posture.service"]]
        }
    }

    var outcome: String {
        switch self {
        case .live:
            return "posture is running: `systemctl status posture`, events in `journalctl -u posture -f`"
        case .offline:
            return "posture is enabled; systemd is not running here (no /run/systemd/system), so it starts at the next boot"
        case .staged(let root):
            return "posture is enabled in \(root): it starts when that system boots (its udev rules apply then)"
        }
    }
}
