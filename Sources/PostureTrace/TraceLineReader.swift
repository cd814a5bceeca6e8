#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines of a trace through one fixed buffer: memory is the same for a 1 KB and a 5 GB file.
/// A line longer than `maximumLineBytes` is an error (quoting its start), so a file without
/// newlines is refused in bounded memory and time.
final class TraceLineReader {
    /// Far above any trace line (a data row is under 200 bytes, a header under 1 KB).
    static let maximumLineBytes = 16 * 1024
    static let bufferBytes = 64 * 1024

    let file: String
    private let source: TraceByteSource
    private let buffer: UnsafeMutablePointer<UInt8>
    private var start = 0, end = 0
    private var ended = false
    /// The source ended early (a cut gzip stream); set once `nextLine` returned nil.
    private(set) var cutShort = false
    /// 1-based number of the line last returned.
    private(set) var line = 0
    /// Bytes consumed from the (uncompressed) source so far.
    private(set) var bytesRead = 0
    /// Bytes of an incomplete last line dropped because the stream was cut inside it.
    private(set) var droppedBytes = 0

    init(source: TraceByteSource, file: String) {
        self.source = source
        self.file = file
        buffer = .allocate(capacity: Self.bufferBytes)
    }

    deinit { buffer.deallocate() }

    func error(_ message: String, line: Int? = nil) -> TraceError {
        TraceError(file: file, line: line ?? self.line, message: message)
    }

    /// Reads more into the buffer after the unconsumed part (moved to the front first).
    private func fill() throws(TraceError) {
        if start > 0 {
            let pending = end - start
            if pending > 0 { memmove(buffer, buffer + start, pending) }
            start = 0
            end = pending
        }
        do {
            let n = try source.read(into: buffer + end, count: Self.bufferBytes - end)
            if n == 0 { ended = true }
            end += n
            bytesRead += n
        } catch {
            switch error {
            case .io(let reason):
                throw TraceError(file: file, line: nil, message: "read failed after \(bytesRead) bytes (line \(line + 1)): \(reason)")
            case .corrupt(let reason):
                throw TraceError(file: file, line: line + 1,
                                 message: "corrupt gzip data (\(reason)) after \(bytesRead) uncompressed bytes; the \(line) lines before were read")
            case .truncated:
                ended = true
                cutShort = true
            }
        }
    }

    /// The next line without its newline (nor a trailing CR), or nil at the end. `terminated`
    /// tells whether it ended with a newline. The pointer is valid until the next call.
    func nextLine() throws(TraceError) -> (bytes: UnsafePointer<UInt8>, count: Int, terminated: Bool)? {
        var searched = 0
        while true {
            let pending = end - start
            if pending > searched,
               let nl = memchr(buffer + start + searched, 0x0A, pending - searched) {
                let lineStart = buffer + start
                let length = UnsafeMutablePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - lineStart
                line += 1
                start += length + 1
                if length > Self.maximumLineBytes { throw tooLong(lineStart, line: line) }
                let content = length > 0 && lineStart[length - 1] == 0x0D ? length - 1 : length
                if line == 1 { try checkFirstLine(lineStart, content) }
                return (UnsafePointer(lineStart), content, true)
            }
            searched = pending
            if ended {
                guard pending > 0 else { return nil }
                if cutShort {
                    // The cut fell inside this line: it is incomplete, not a line of the file.
                    droppedBytes = pending
                    start = end
                    return nil
                }
                line += 1
                start = end
                if pending > Self.maximumLineBytes { throw tooLong(buffer + end - pending, line: line) }
                let lineStart = buffer + end - pending
                let content = lineStart[pending - 1] == 0x0D ? pending - 1 : pending
                if line == 1 { try checkFirstLine(lineStart, content) }
                return (UnsafePointer(lineStart), content, false)
            }
            if pending > Self.maximumLineBytes { throw tooLong(buffer + start, line: line + 1) }
            try fill()
        }
    }

    /// A carriage return inside the first line means CR-only (classic Mac) line endings.
    private func checkFirstLine(_ p: UnsafeMutablePointer<UInt8>, _ count: Int) throws(TraceError) {
        if count > 0, memchr(p, 0x0D, count) != nil {
            throw error("CR-only line endings; expected LF or CRLF line endings", line: 1)
        }
    }

    private func tooLong(_ p: UnsafeMutablePointer<UInt8>, line: Int) -> TraceError {
        // CR-only (classic Mac) line endings make the whole file one line: say that instead.
        if line == 1, memchr(p, 0x0D, Self.maximumLineBytes) != nil {
            return error("CR-only line endings; expected LF or CRLF line endings", line: 1)
        }
        let excerpt = String(decoding: UnsafeBufferPointer(start: p, count: 80), as: UTF8.self)
        return error("line longer than \(Self.maximumLineBytes) bytes (starting '\(excerpt)…'); expected posture-trace v1 CSV lines", line: line)
    }
}
