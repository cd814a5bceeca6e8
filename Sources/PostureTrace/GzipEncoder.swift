import CZlib

/// A gzip stream (RFC 1952) compressed with zlib as text arrives, for `.csv.gz` traces.
/// zlib's state is about 270 KB at level 6; the output goes to `sink` in chunks of 64 KB.
final class GzipEncoder {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity = 1 << 16
    private var initialized = false
    /// The end marker (trailer) has been written: a later `compress` starts a new member.
    private var ended = false

    init(level: Int32 = 6) throws(TraceError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(capacity: outputCapacity)
        guard czlib_deflate_init_gzip(stream, level) == Z_OK else {
            throw TraceError(file: "", line: nil, message: "zlib could not start (out of memory)")
        }
        initialized = true
    }

    deinit {
        if initialized { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// How `compress` ends.
    enum Flush {
        /// Keep compressing (the best ratio): output may stay inside zlib.
        case none
        /// Everything so far decodes from the output (Z_SYNC_FLUSH, a few bytes): a file cut
        /// after this point keeps all text given up to here.
        case sync
        /// The end of the stream: the gzip trailer (length and CRC-32) follows.
        case finish
    }

    /// Compresses `bytes` and hands the compressed output to `sink`.
    func compress(_ bytes: UnsafeRawBufferPointer, flush: Flush,
                  sink: (UnsafeRawBufferPointer) -> Int32) throws(GzipWriteFailure) {
        if ended {
            deflateReset(stream)
            ended = false
        }
        let mode: Int32 = switch flush {
        case .none: Z_NO_FLUSH
        case .sync: Z_SYNC_FLUSH
        case .finish: Z_FINISH
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        while true {
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(outputCapacity)
            let status = deflate(stream, mode)
            if status == Z_STREAM_ERROR { throw .zlib("deflate failed (zlib status \(status))") }
            let produced = outputCapacity - Int(stream.pointee.avail_out)
            if produced > 0 {
                let failure = sink(UnsafeRawBufferPointer(start: output, count: produced))
                if failure != 0 { throw .write(failure) }
            }
            if status == Z_STREAM_END { ended = true; return }
            // Done when zlib did not fill the output buffer (all input taken, flush complete).
            if stream.pointee.avail_out != 0 && stream.pointee.avail_in == 0 && mode != Z_FINISH { return }
            if status == Z_BUF_ERROR && stream.pointee.avail_in == 0 && mode == Z_NO_FLUSH { return }
        }
    }
}

enum GzipWriteFailure: Error {
    case zlib(String)
    /// The sink's errno.
    case write(Int32)
}
