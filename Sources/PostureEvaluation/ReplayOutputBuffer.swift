import PostureCore
import PosturePipeline

/// The replay's output block: text is stored straight into one preallocated byte block (room
/// for a whole line is checked once per line, not per byte) and handed to the `ReplayOutput`
/// in blocks of whole lines.
struct ReplayOutputBuffer {
    static let blockBytes = 1 << 16
    /// Room kept past `blockBytes` for the line that crosses it.
    static let slackBytes = 4096
    private var storage: [UInt8]
    private(set) var count = 0

    init() { storage = [UInt8](repeating: 0, count: Self.blockBytes + Self.slackBytes) }

    var isFull: Bool { count >= Self.blockBytes }

    mutating func flush<Output: ReplayOutput>(into output: inout Output) {
        guard count > 0 else { return }
        let used = count
        storage.withUnsafeBytes { output.write(bytes: UnsafeRawBufferPointer(rebasing: $0[..<used])) }
        count = 0
    }

    /// Room for `bytes` more, flushing first if needed; lines longer than the slack go straight out.
    private mutating func makeRoom<Output: ReplayOutput>(_ bytes: Int, output: inout Output) -> Bool {
        if count + bytes <= storage.count { return true }
        flush(into: &output)
        return bytes <= storage.count
    }

    mutating func append<Output: ReplayOutput>(_ text: String, output: inout Output) {
        var text = text
        text.withUTF8 { utf8 in
            guard makeRoom(utf8.count, output: &output) else {
                output.write(bytes: UnsafeRawBufferPointer(utf8))
                return
            }
            guard let source = utf8.baseAddress else { return }
            let start = count
            storage.withUnsafeMutableBufferPointer { p in (p.baseAddress! + start).update(from: source, count: utf8.count) }
            count += utf8.count
        }
    }

    /// One `--emit samples` row (the same text as `ReplayEngine.appendSampleRow`).
    mutating func appendSampleRow<Output: ReplayOutput>(_ s: SampleState, output: inout Output) {
        var posture = s.posture.rawValue, activity = s.activity.rawValue
        let names = posture.utf8.count + activity.utf8.count
        guard makeRoom(7 * (DecimalFormatting.maximumWrittenBytes + 1) + names + 2, output: &output) else {
            var row = ""
            ReplayEngine.appendSampleRow(s, to: &row)
            output.write(row)
            return
        }
        let start = count
        count += storage.withUnsafeMutableBufferPointer { p -> Int in
            let base = p.baseAddress! + start
            var at = base
            @inline(__always) func number(_ x: Double, _ digits: Int, then separator: UInt8) {
                at += DecimalFormatting.write(x, fractionDigits: digits, to: at)
                at.pointee = separator
                at += 1
            }
            let comma = UInt8(ascii: ",")
            number(s.timeSeconds, 4, then: comma)
            number(s.up.x, 5, then: comma)
            number(s.up.y, 5, then: comma)
            number(s.up.z, 5, then: comma)
            number(s.tiltDegrees, 2, then: comma)
            number(s.pitchDegrees, 2, then: comma)
            number(s.rollDegrees, 2, then: comma)
            @inline(__always) func copy(_ utf8: UnsafeBufferPointer<UInt8>) {
                if let source = utf8.baseAddress { at.update(from: source, count: utf8.count) }
                at += utf8.count
            }
            posture.withUTF8(copy)
            at.pointee = comma
            at += 1
            activity.withUTF8(copy)
            at.pointee = UInt8(ascii: "\n")
            at += 1
            return at - base
        }
    }
}
