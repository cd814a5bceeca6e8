import ArgumentParser
import PostureCore
import PostureTrace
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// `posture bench trace`: how fast traces are read and written (CSV parsing, gzip), on a
/// recording-like trace made in memory. Thread CPU time, best of 3 passes.
struct TraceBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace reading and writing speed: CSV parsing, numbers, gzip (one core).",
        discussion: "Build with -c release for meaningful figures: swift run -c release posture bench trace.")

    @Option(help: "Samples in the generated trace.")
    var samples: Int = 1_000_000

    func validate() throws {
        if !(1000...50_000_000).contains(samples) { throw ValidationError("--samples must be 1000 to 50000000") }
    }

    func run() throws {
        #if DEBUG
        print("warning: debug build; use swift run -c release for real figures")
        #endif
        let writer = TraceWriter(metadata: [("rate_hz", "100"), ("sensor", "mpu6050")])
        var random = SplitMix64(seed: 1)
        var text = writer.header()
        text.reserveCapacity(samples * 70)
        for i in 0..<samples {
            let record = TraceRecord(sample: IMUSample(
                timeSeconds: Double(i) / 100 + 0.0003 * random.unit(),
                accelG: Vector3(0.3 * (random.unit() - 0.5), 0.3 * (random.unit() - 0.5), 0.95 + 0.1 * random.unit()),
                gyroDegreesPerSecond: Vector3(40 * (random.unit() - 0.5), 40 * (random.unit() - 0.5), 40 * (random.unit() - 0.5))))
            writer.appendRow(record, to: &text)
        }
        let bytes = Array(text.utf8)
        text = ""
        print("\(samples) samples, \(bytes.count / samples) bytes per line, best of 3 passes, thread CPU time")

        var checksum = 0.0
        let parse = best {
            do {
                let stream = try TraceStream(bytes: bytes, file: "memory")
                while let r = try stream.next() { checksum += r.sample.accelG.x }
            } catch { print("error: \(error)") }
        }
        report("parse from memory (TraceStream: lines, fields, 7 numbers, record)", parse)

        let path = "/tmp/posture-bench-trace-\(getpid())"
        defer { unlink(path + ".csv"); unlink(path + ".csv.gz") }
        let plain = try FileTraceOutput(path: path + ".csv", overwrite: true)
        let gzip = try FileTraceOutput(path: path + ".csv.gz", overwrite: true)
        let chunk = 100 * 65  // about one second of a 100 Hz recording per write, as the recorder does
        var gzipSeconds = 0.0
        var start = 0
        while start < bytes.count {
            var end = min(bytes.count, start + chunk)
            while end < bytes.count && bytes[end - 1] != 0x0A { end += 1 }
            let piece = String(decoding: bytes[start..<end], as: UTF8.self)
            try plain.write(piece)
            let t0 = SystemTime.threadCPUSeconds()
            try gzip.write(piece)
            gzipSeconds += SystemTime.threadCPUSeconds() - t0
            start = end
        }
        try plain.close()
        try gzip.close()
        report("write gzip, a sync flush per ~6.5 KB (recorder)", gzipSeconds)
        var st = stat()
        if stat(path + ".csv.gz", &st) == 0 {
            print("  gzip size: \(Int(st.st_size)) of \(bytes.count) bytes (\(DecimalFormatting.string(Double(bytes.count) / Double(st.st_size), fractionDigits: 2))x smaller)")
        }
        for name in [".csv", ".csv.gz"] {
            let seconds = best {
                do { _ = try TraceReader.read(path: path + name) { checksum += $0.sample.gyroDegreesPerSecond.x } } catch { print("error: \(error)") }
            }
            report("read \(name) file (streaming)", seconds)
        }

        // The number parser alone, against Double(String) on the same fields.
        var fields: [(Int, Int)] = []
        var fieldStart = 0
        for (i, b) in bytes.enumerated() where b == 0x2C || b == 0x0A {
            if i > fieldStart && bytes[fieldStart] != 0x23 { fields.append((fieldStart, i)) }
            fieldStart = i + 1
            if fields.count >= 2_000_000 { break }
        }
        var numbers: [(Int, Int)] = []
        var fast = 0.0
        bytes.withUnsafeBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }
            numbers = fields.filter { DecimalParsing.parse(p, $0.0, $0.1) != nil }
            fast = best { for (s, e) in numbers { checksum += DecimalParsing.parse(p, s, e) ?? 0 } }
        }
        let strings = numbers.prefix(500_000).map { String(decoding: bytes[$0.0..<$0.1], as: UTF8.self) }
        let swift = best { for s in strings { checksum += Double(s) ?? 0 } }
        print("numbers: \(ns(fast / Double(numbers.count))) ns each (trace parser), Double(String) \(ns(swift / Double(strings.count))) ns each"
            + " (from a String already made)")
        if checksum.isNaN { print("") }
    }

    private func best(_ body: () -> Void) -> Double {
        var fastest = Double.infinity
        for _ in 0..<3 {
            let t0 = SystemTime.threadCPUSeconds()
            body()
            fastest = min(fastest, SystemTime.threadCPUSeconds() - t0)
        }
        return fastest
    }

    private func ns(_ seconds: Double) -> String { DecimalFormatting.string(seconds * 1e9, fractionDigits: 1) }

    private func report(_ what: String, _ seconds: Double) {
        print("\(what): \(ns(seconds / Double(samples))) ns/sample, "
            + "\(DecimalFormatting.string(Double(samples) / seconds / 1e6, fractionDigits: 2)) M samples/s")
    }
}
