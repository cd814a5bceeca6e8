import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A chip found in /dev, as shown in "chip not found" errors and by `posture probe`.
public struct GPIOChipInfo: Sendable, Equatable, CustomStringConvertible {
    /// Device name, e.g. `gpiochip0`.
    public var name: String
    /// Device path, e.g. `/dev/gpiochip0`.
    public var path: String
    /// The driver's label (`pinctrl-bcm2711`, `pinctrl-rp1`); nil when the chip could not be opened.
    public var label: String?
    public var lineCount: Int?
    /// Why the chip could not be opened (EACCES usually), nil when it could.
    public var openErrno: Int32?

    public init(name: String, path: String, label: String?, lineCount: Int?, openErrno: Int32? = nil) {
        self.name = name
        self.path = path
        self.label = label
        self.lineCount = lineCount
        self.openErrno = openErrno
    }

    public var description: String {
        if let label, let lineCount { return "\(name) [\(label)] \(lineCount) lines" }
        if let openErrno { return "\(name) (cannot open: \(SystemErrno.text(openErrno)))" }
        return name
    }
}

/// Everything that can go wrong with a chip or a line, with the errno where the kernel gave one
/// and what was being done, so the journal line alone says what to fix.
public enum GPIOError: Error, Equatable, CustomStringConvertible {
    /// The chip spec is empty or malformed.
    case invalidChipSpec(String)
    /// No chip matches the spec (ENOENT); `available` lists what is there.
    case chipNotFound(spec: String, available: [GPIOChipInfo])
    /// EACCES/EPERM opening a chip or requesting a line.
    case permissionDenied(path: String, operation: String, errno: Int32)
    /// EBUSY: the line is held by another consumer (another process, a kernel driver, or this process).
    case lineBusy(chip: String, offset: Int, consumer: String?)
    /// EINVAL because the offset is not below the chip's line count.
    case offsetOutOfRange(chip: String, offset: Int, lineCount: Int)
    /// The kernel refused the bias flags (EINVAL on kernels before 5.5 or drivers without bias support).
    case biasUnsupported(chip: String, offset: Int, bias: GPIOBias)
    /// libgpiod 1.x on a kernel built without the GPIO character device uAPI v1 (CONFIG_GPIO_CDEV_V1):
    /// its v1 calls fail with EINVAL. libgpiod 2.x uses the v2 uAPI every kernel since 5.10 has.
    case kernelLacksUAPIv1(chip: String, operation: String)
    /// Any other failure: the operation ("setting gpiochip0 line 17", ...) and errno.
    case system(operation: String, errno: Int32)

    /// The errno behind the error, when there is one.
    public var errno: Int32? {
        switch self {
        case .invalidChipSpec: return nil
        case .chipNotFound: return ENOENT
        case .permissionDenied(_, _, let code): return code
        case .lineBusy: return EBUSY
        case .offsetOutOfRange, .biasUnsupported, .kernelLacksUAPIv1: return EINVAL
        case .system(_, let code): return code
        }
    }

    public var description: String {
        switch self {
        case .invalidChipSpec(let spec):
            return "invalid GPIO chip '\(spec)': expected a path (/dev/gpiochip4), a name (gpiochip0), a number (0) "
                + "or a label (pinctrl-bcm2711), or several separated by commas (tried in order)"
        case .chipNotFound(let spec, let available):
            let list = available.isEmpty
                ? "no GPIO chips in /dev (in a container, pass the /dev/gpiochip* devices through)"
                : "available: " + available.map(\.description).joined(separator: "; ")
            return "GPIO chip '\(spec)' not found (ENOENT); \(list)"
        case .permissionDenied(let path, let operation, let code):
            return "\(operation): \(SystemErrno.text(code)) on \(path); the user needs read/write access: "
                + "add it to group 'gpio' (`usermod -aG gpio USER`) and install the udev rule "
                + "(`posture install` ships 60-posture.rules: /dev/gpiochip* 0660 root:gpio)"
        case .lineBusy(let chip, let offset, let consumer):
            let holder = consumer.map { "'\($0)'" } ?? "another consumer"
            return "\(chip) line \(offset) is busy (EBUSY): held by \(holder); "
                + "check with `gpioinfo \(chip)` and free it (another posture instance, a dtoverlay, or gpioset/gpiomon)"
        case .offsetOutOfRange(let chip, let offset, let lineCount):
            return "\(chip) has no line \(offset) (EINVAL): offsets are 0...\(max(lineCount - 1, 0)) "
                + "(\(lineCount) lines); GPIO numbers are BCM numbers, not physical pin numbers"
        case .biasUnsupported(let chip, let offset, let bias):
            return "\(chip) line \(offset): bias \(bias.rawValue) refused (EINVAL): the kernel (before 5.5) or the "
                + "driver cannot set pull resistors; use bias \"as-is\" with an external resistor"
        case .kernelLacksUAPIv1(let chip, let operation):
            return "\(operation): EINVAL (Invalid argument): this kernel has no GPIO uAPI v1 (built without "
                + "CONFIG_GPIO_CDEV_V1), which libgpiod 1.x needs, so no line of \(chip) can be used; build posture "
                + "against libgpiod 2.x (Debian 13 / Raspberry Pi OS Trixie: `apt install libgpiod-dev`, then "
                + "`swift build`), or boot a kernel with CONFIG_GPIO_CDEV_V1=y"
        case .system(let operation, let code):
            return "\(operation): \(SystemErrno.text(code))"
        }
    }
}
