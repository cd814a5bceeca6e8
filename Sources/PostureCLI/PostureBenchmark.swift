#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PostureCore
import PostureEvaluation
import PosturePipeline
import PostureTrace
import SystemSupport
import TiltEstimation

/// Returns the process's heap allocation count so far.
public typealias AllocationCounter = () -> Int

/// The benchmark behind `posture bench` and `posture-bench`.
public enum PostureBenchmark {
    /// Passes over the data per measurement; the best pass is reported.
    static let passes = 5

    public static func run(data: String?, allocationCounter: AllocationCounter?, print: (String) -> Void) throws {
        let folder = try BroadData.folder(explicit: data)
        let paths = try BroadData.traceFiles(in: folder).map { folder + "/" + $0 }
        var traces: [Trace] = []
        for path in paths { traces.append(try TraceReader.read(path: path)) }
        let samples = traces.reduce(0) { $0 + $1.records.count }
        #if DEBUG
        print("warning: debug build; use swift run -c release for real figures")
        #endif
        print("\(traces.count) BROAD traces, \(samples) samples, best of \(passes) passes, one core (thread CPU time)")

        let filter = best { timeFilter(traces) }
        print(line("tilt estimation (TiltFilter)", samples, filter))
        let pipeline = best { timePipeline(traces) }
        print(line("PosturePipeline.process", samples, pipeline))
        let replay = best { timeReplay(paths) }
        print(line("posture replay end to end (read + replay)", samples, replay))

        guard let allocationCounter else {
            print("heap allocations per sample: run `swift run -c release posture-bench`")
            return
        }
        // The counter must see a known allocation, or its zeros would mean nothing.
        let probeStart = allocationCounter()
        let probe = [Double](repeating: 1, count: 64 + samples % 7)
        sink += probe[0]
        guard allocationCounter() > probeStart else {
            print("heap allocations per sample: the allocation counter saw no allocation; not counted")
            return
        }
        let (filterAllocations, pipelineAllocations) = countAllocations(traces, allocationCounter)
        print("heap allocations per sample, steady state: tilt filter \(filterAllocations.perSample), "
              + "pipeline \(pipelineAllocations.perSample) (\(filterAllocations.total) and \(pipelineAllocations.total) "
              + "in \(filterAllocations.samples) samples)")
    }

    static func line(_ name: String, _ samples: Int, _ seconds: Double) -> String {
        let rate = Double(samples) / seconds
        return BroadReport.pad(name + ":", 44) + DecimalFormatting.string(rate / 1e6, fractionDigits: 2)
            + " M samples/s (" + DecimalFormatting.string(seconds * 1e9 / Double(samples), fractionDigits: 0) + " ns/sample)"
    }

    static func best(_ body: () -> Double) -> Double {
        var fastest = Double.infinity
        for _ in 0..<passes { fastest = min(fastest, body()) }
        return fastest
    }

    /// CPU time of this thread spent in `body`: on a shared machine, time the thread
    /// was not scheduled does not count (wall-clock time where that clock is missing).
    static func seconds(_ body: () -> Void) -> Double {
        let start = threadCPUSeconds()
        body()
        return threadCPUSeconds() - start
    }

    static func threadCPUSeconds() -> Double { SystemTime.threadCPUSeconds() }

    /// A value derived from the results so the optimiser cannot drop the work.
    nonisolated(unsafe) static var sink = 0.0

    static func timeFilter(_ traces: [Trace]) -> Double {
        var total = 0.0
        for trace in traces {
            total += trace.records.withUnsafeBufferPointer { records in
                seconds { sink += runFilter(records, counter: nil).check }
            }
        }
        return total
    }

    /// Samples before this index are start-up: allocations are counted after it.
    static let warmUpSamples = 300

    /// Runs a fresh filter over `records`; with a counter, also the heap allocations
    /// made after the warm-up.
    @inline(never)
    static func runFilter(_ records: UnsafeBufferPointer<TraceRecord>, counter: AllocationCounter?)
        -> (check: Double, allocations: Int) {
        var filter = TiltFilter()
        var last = records.first?.sample.timeSeconds ?? 0
        var check = 0.0
        var before = 0
        for i in records.indices {
            if i == warmUpSamples, let counter { before = counter() }
            let s = records[i].sample
            filter.update(accelG: s.accelG, gyroDegreesPerSecond: s.gyroDegreesPerSecond, dtSeconds: s.timeSeconds - last)
            last = s.timeSeconds
            check += filter.up.z
        }
        return (check, counter.map { $0() - before } ?? 0)
    }

    static func timePipeline(_ traces: [Trace]) -> Double {
        var total = 0.0
        var events: [PostureEvent] = []
        events.reserveCapacity(64)
        for trace in traces {
            total += trace.records.withUnsafeBufferPointer { records in
                seconds { sink += runPipeline(records, events: &events, counter: nil).check }
            }
        }
        return total
    }

    @inline(never)
    static func runPipeline(_ records: UnsafeBufferPointer<TraceRecord>, events: inout [PostureEvent],
                            counter: AllocationCounter?) -> (check: Double, allocations: Int) {
        var pipeline = PosturePipeline()
        var check = 0.0
        var before = 0
        for i in records.indices {
            if i == warmUpSamples, let counter { before = counter() }
            events.removeAll(keepingCapacity: true)
            pipeline.process(records[i].sample, action: records[i].marker, events: &events)
            check += pipeline.state.up.z
        }
        return (check, counter.map { $0() - before } ?? 0)
    }

    /// Output that only counts bytes (replay's formatting is measured, not stdout).
    struct CountingOutput: ReplayOutput {
        var bytes = 0
        mutating func write(_ text: String) { bytes += text.utf8.count }
        mutating func write(bytes chunk: UnsafeRawBufferPointer) { bytes += chunk.count }
    }

    static func timeReplay(_ paths: [String]) -> Double {
        seconds {
            for path in paths {
                guard let trace = try? TraceReader.read(path: path) else { continue }
                var output = CountingOutput()
                ReplayEngine.run(trace: trace, settings: PipelineSettings(), emit: .events, into: &output)
                sink += Double(output.bytes)
            }
        }
    }

    struct AllocationCount {
        var total: Int
        var samples: Int
        var perSample: String {
            samples > 0 ? DecimalFormatting.string(Double(total) / Double(samples), fractionDigits: 4) : "n/a"
        }
    }

    /// Allocations after the warm-up of each trace (start-up excluded).
    static func countAllocations(_ traces: [Trace], _ counter: @escaping AllocationCounter) -> (filter: AllocationCount, pipeline: AllocationCount) {
        var filter = AllocationCount(total: 0, samples: 0)
        var pipeline = filter
        var events: [PostureEvent] = []
        events.reserveCapacity(64)
        for trace in traces where trace.records.count > warmUpSamples {
            trace.records.withUnsafeBufferPointer { records in
                let f = runFilter(records, counter: counter)
                let p = runPipeline(records, events: &events, counter: counter)
                sink += f.check + p.check
                filter.total += f.allocations
                pipeline.total += p.allocations
                filter.samples += records.count - warmUpSamples
                pipeline.samples += records.count - warmUpSamples
            }
        }
        return (filter, pipeline)
    }
}
