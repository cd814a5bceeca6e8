import PostureCore
import PosturePipeline

/// One heap block of bytes; `let` fields, so reading them needs no exclusivity check.
final class ReplayByteBlock {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}

/// The replay's output block: text is stored straight into one preallocated byte block (room
/// for a whole line is checked once per line, not per byte) and handed to the `ReplayOutput`
/// in blocks of whole lines once `isFull`. Not generic: the per-sample code is compiled once.
/// A sample whose output does not fit the slack grows the block (the bytes are the same).
struct ReplayOutputBuffer {
    static let blockBytes = 1 << 16
    /// Room kept past `blockBytes` for the lines of the sample that crosses it.
    static let slackBytes = 4096
    private var block = ReplayByteBlock(capacity: Self.blockBytes + Self.slackBytes)
    private(set) var count = 0

    init() {}

    var isFull: Bool { count >= Self.blockBytes }

    mutating func flush<Output: ReplayOutput>(into output: inout Output) {
        guard count > 0 else { return }
        output.write(bytes: UnsafeRawBufferPointer(start: block.base, count: count))
        count = 0
    }

    /// Room for `bytes` more at `block.base + count`.
    @inline(__always) private mutating func reserve(_ bytes: Int) {
        if count + bytes > block.capacity { grow(count + bytes) }
    }

    @inline(never) private mutating func grow(_ needed: Int) {
        let bigger = ReplayByteBlock(capacity: max(needed, 2 * block.capacity))
        bigger.base.update(from: block.base, count: count)
        block = bigger
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(bytes: $0) }
    }

    mutating func append(bytes utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count)
        if let source = utf8.baseAddress { (block.base + count).update(from: source, count: utf8.count) }
        count += utf8.count
    }

    /// One `--emit samples` row (the same text as `ReplayEngine.appendSampleRow`).
    mutating func appendSampleRow(_ s: SampleState) {
        var posture = s.posture.rawValue, activity = s.activity.rawValue
        let names = posture.utf8.count + activity.utf8.count
        reserve(7 * (DecimalFormatting.maximumWrittenBytes + 1) + names + 2)
        let base = block.base + count
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
        count += at - base
    }
}
