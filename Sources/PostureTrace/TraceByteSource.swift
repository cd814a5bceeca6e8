import CZlib
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the bytes of a trace stopped coming, before the reader words it with file and line.
enum TraceInputFailure: Error {
    /// A read failed (errno's text).
    case io(String)
    /// The gzip data is damaged (zlib's reason).
    case corrupt(String)
    /// The gzip stream ends before its end marker: the file was cut (a power loss, a full disk,
    /// a copy in progress). Everything before the cut has been delivered.
    case truncated
}

/// Where the bytes of a trace come from, a chunk at a time: a file, a gzip stream, memory.
protocol TraceByteSource: AnyObject {
    /// Up to `count` bytes into `buffer`; 0 at the end of the data.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(TraceInputFailure) -> Int
}

/// A regular file, read with POSIX calls.
final class FileByteSource: TraceByteSource {
    private let fd: Int32

    /// Opens `path` for reading; only a regular file is accepted, so `/dev/zero`, a FIFO or a
    /// terminal is refused at once instead of being read forever or waiting for a writer.
    init(path: String) throws(TraceError) {
        // O_NONBLOCK: opening a FIFO would otherwise wait for a writer before fstat can refuse it.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { throw TraceError(file: path, line: nil, message: "cannot open: \(SystemErrno.message(errno))") }
        var st = stat()
        if fstat(fd, &st) != 0 {
            let e = errno
            close(fd)
            throw TraceError(file: path, line: nil, message: "cannot read: \(SystemErrno.message(e))")
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            close(fd)
            throw TraceError(file: path, line: nil, message: "is a directory, expected a trace file")
        default:
            close(fd)
            throw TraceError(file: path, line: nil, message: "not a regular file (a device, FIFO or socket); expected a trace file")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The first bytes of the file without moving the read position (the gzip magic check).
    func peek(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
        return Array(bytes.prefix(max(0, n)))
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(TraceInputFailure) -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(fd, buffer, count)
            #else
            let n = Darwin.read(fd, buffer, count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .io(SystemErrno.message(errno))
        }
    }
}

/// Bytes in memory (tests, text already read).
final class MemoryByteSource: TraceByteSource {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(TraceInputFailure) -> Int {
        let n = min(count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { buffer.update(from: base + position, count: n) }
        }
        position += n
        return n
    }
}

/// The uncompressed bytes of a gzip stream (RFC 1952), inflated with zlib a chunk at a time
/// (zlib's state is about 45 KB, the input buffer 64 KB, whatever the file's size). Several
/// gzip members one after another (`cat a.gz b.gz`, or a recording resumed) read as one text,
/// as `gzip -d` reads them.
final class GzipByteSource: TraceByteSource {
    static let magic: [UInt8] = [0x1F, 0x8B]

    private let compressed: TraceByteSource
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 1 << 16
    private var inputEnded = false
    private var memberEnded = false
    private var initialized = false

    init(_ compressed: TraceByteSource) throws(TraceError) {
        self.compressed = compressed
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: inputCapacity)
        guard czlib_inflate_init_gzip(stream) == Z_OK else {
            throw TraceError(file: "", line: nil, message: "zlib could not start (out of memory)")
        }
        initialized = true
    }

    deinit {
        if initialized { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    private func refill() throws(TraceInputFailure) {
        guard stream.pointee.avail_in == 0 && !inputEnded else { return }
        let n = try compressed.read(into: input, count: inputCapacity)
        if n == 0 { inputEnded = true; return }
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(n)
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(TraceInputFailure) -> Int {
        let want = UInt32(min(count, Int(UInt32.max)))
        stream.pointee.next_out = buffer
        stream.pointee.avail_out = want
        while true {
            try refill()
            let produced = Int(want - stream.pointee.avail_out)
            if memberEnded {
                // Between members: the end of the file, or the next member's magic.
                if stream.pointee.avail_in == 0 {
                    if inputEnded { return produced }
                    continue
                }
                if stream.pointee.next_in.pointee != Self.magic[0] {
                    throw .corrupt("unexpected data after the end of the gzip stream")
                }
                inflateReset(stream)
                memberEnded = false
            }
            let status = inflate(stream, Z_NO_FLUSH)
            let total = Int(want - stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                memberEnded = true
                if stream.pointee.avail_out == 0 { return total }
            case Z_OK:
                if stream.pointee.avail_out == 0 { return total }
            case Z_BUF_ERROR:
                // No progress possible: more input is needed. At the end of the file, the stream
                // was cut: first hand over what was inflated, then report the cut.
                if stream.pointee.avail_in == 0 && inputEnded {
                    if total > 0 { return total }
                    throw .truncated
                }
            case Z_MEM_ERROR:
                throw .io("zlib is out of memory")
            default:
                // Z_DATA_ERROR (bad header, block or checksum), Z_NEED_DICT, Z_STREAM_ERROR.
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw .corrupt(reason)
            }
        }
    }
}
