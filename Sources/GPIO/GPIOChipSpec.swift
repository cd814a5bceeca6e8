#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How the configuration names a chip. Raspberry Pi models number their chips differently
/// (the 40-pin header is gpiochip0 on a Pi 4, gpiochip4 on a Pi 5 with kernels before 6.6.45,
/// gpiochip0 again after), so a label is the portable choice; several alternatives separated by
/// commas are tried in order, e.g. `pinctrl-rp1,pinctrl-bcm2711,pinctrl-bcm2835` for "any Pi".
public enum GPIOChipSpec: Sendable, Equatable {
    /// `/dev/gpiochip4` (anything starting with `/`).
    case path(String)
    /// `gpiochip0`.
    case name(String)
    /// `0` (opens /dev/gpiochip0).
    case number(Int)
    /// The driver label, e.g. `pinctrl-bcm2711`, `pinctrl-rp1`.
    case label(String)

    /// The 40-pin header's chip on every Raspberry Pi model (Pi 5, Pi 4/400/CM4, Pi 0-3).
    public static let raspberryPiHeader = "pinctrl-rp1,pinctrl-bcm2711,pinctrl-bcm2835"

    /// Parses one alternative (no commas).
    public init(parsing text: String) throws(GPIOError) {
        let spec = text.trimmingSpaces()
        guard !spec.isEmpty, !spec.contains(",") else { throw .invalidChipSpec(text) }
        if spec.hasPrefix("/") {
            self = .path(spec)
        } else if spec.allSatisfy(\.isASCIIDigit) {
            guard let number = Int(spec) else { throw .invalidChipSpec(text) }
            self = .number(number)
        } else if spec.hasPrefix("gpiochip"), spec.dropFirst("gpiochip".count).allSatisfy(\.isASCIIDigit),
                  spec.count > "gpiochip".count {
            self = .name(spec)
        } else {
            self = .label(spec)
        }
    }

    /// Parses a comma-separated list of alternatives.
    public static func alternatives(_ text: String) throws(GPIOError) -> [GPIOChipSpec] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var specs: [GPIOChipSpec] = []
        for part in parts { specs.append(try GPIOChipSpec(parsing: part)) }
        return specs
    }

    /// The device path for specs that name one directly (nil for labels).
    public var devicePath: String? {
        switch self {
        case .path(let path): return path
        case .name(let name): return "/dev/" + name
        case .number(let number): return "/dev/gpiochip\(number)"
        case .label: return nil
        }
    }
}

/// Opens a chip by path, name, number or label, or the first of several comma-separated
/// alternatives that exists. Uses libgpiod 1.6 or 2.x, whichever posture was built against (LibgpiodBuild).
///
/// Errors: `.chipNotFound` lists the chips present; `.permissionDenied` carries the udev/group hint.
public func openGPIOChip(_ spec: String) throws(GPIOError) -> any GPIOChip & Sendable {
    try LibgpiodChip.open(spec: spec)
}

/// The chips in /dev with their labels and line counts (chips that cannot be opened are listed
/// with their errno), in numeric order.
public func listGPIOChips() -> [GPIOChipInfo] {
    LibgpiodChip.listChips()
}

/// The `gpiochipN` entries of a device directory, sorted by N. Pure directory scan, shared by
/// every libgpiod version (libgpiod 2.x has no chip iterator at all).
func gpioChipDeviceNames(in directory: String = "/dev") -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names: [(number: Int, name: String)] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        guard name.hasPrefix("gpiochip"), let number = Int(name.dropFirst("gpiochip".count)) else { continue }
        names.append((number, name))
    }
    return names.sorted { $0.number < $1.number }.map(\.name)
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
