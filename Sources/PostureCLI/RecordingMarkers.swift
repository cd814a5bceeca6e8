import GPIO
import PostureCore
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// Lines typed on standard input, read without blocking (poll with a zero timeout).
struct TypedMarkers {
    private var line: [UInt8] = []
    private var closed = false

    mutating func poll() -> [UserAction] {
        var actions: [UserAction] = []
        while !closed {
            guard PollWait.isReadable(0, timeoutSeconds: 0) else { break }
            var chunk = [UInt8](repeating: 0, count: 256)
            let n = read(0, &chunk, chunk.count)
            if n <= 0 { closed = true; break }
            for b in chunk.prefix(n) {
                if b == UInt8(ascii: "\n") {
                    let text = String(decoding: line, as: UTF8.self)
                    line.removeAll(keepingCapacity: true)
                    if let a = UserAction(typed: text) {
                        actions.append(a)
                        writeStandardError("marker: \(a.rawValue)\n")
                    } else if !text.allSatisfy({ $0 == " " || $0 == "\r" }) {
                        writeStandardError("not a marker: '\(text)' (c, s, z or a)\n")
                    }
                } else if line.count < 200 {
                    line.append(b)
                }
            }
        }
        return actions
    }
}

/// Presses of a button wired from a GPIO line to GND (internal pull-up, active low), each
/// one a marker; bounces within 0.2 s of a press are ignored.
final class ButtonMarkers {
    private let line: GPIOInputLine
    private let action: UserAction
    private var lastPressSeconds = -Double.infinity
    static let debounceSeconds = 0.2

    init(chip spec: String, line offset: Int, action: UserAction) throws {
        let chip = try openGPIOChip(spec)
        line = try chip.requestInput(offset: offset, activeLow: true, bias: .pullUp, consumer: "posture record")
        self.action = action
    }

    func poll() -> [UserAction] {
        guard let edges = try? line.waitForEdges(timeoutSeconds: 0) else { return [] }
        var actions: [UserAction] = []
        for e in edges where e.kind == .rising && e.timeSeconds - lastPressSeconds >= Self.debounceSeconds {
            lastPressSeconds = e.timeSeconds
            actions.append(action)
            writeStandardError("marker: \(action.rawValue) (button)\n")
        }
        return actions
    }
}
