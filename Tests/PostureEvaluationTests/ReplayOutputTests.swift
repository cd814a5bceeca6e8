import PostureConfig
import PostureCore
import PosturePipeline
import PostureSimulator
import PostureTrace
import Testing
import PostureEvaluation

/// The replay's byte output block against the String formatting it replaced: the same text,
/// across many 64 KB blocks, and the same lines in each block handed out.
@Suite struct ReplayOutputTests {
    /// Records what it is given, block by block.
    struct BlockOutput: ReplayOutput {
        var text = ""
        var blocks: [Int] = []
        var wholeLines = true
        mutating func write(_ text: String) { self.text += text; blocks.append(text.utf8.count) }
        mutating func write(bytes: UnsafeRawBufferPointer) {
            wholeLines = wholeLines && bytes.last == UInt8(ascii: "\n")
            write(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func sampleRowsMatchTheStringFormatter() {
        var options = SimulationOptions()
        options.durationSeconds = 300
        let trace = ScenarioSimulator.generate(.mixedDay, seed: 4, options: options).trace
        #expect(trace.records.count > 20_000)
        let settings = PostureConfiguration().pipeline
        var expected = ReplayEngine.samplesHeader
        var pipeline = PosturePipeline(settings: settings)
        var events: [PostureEvent] = []
        for record in trace.records {
            events.removeAll(keepingCapacity: true)
            pipeline.process(record.sample, action: record.marker, events: &events)
            ReplayEngine.appendSampleRow(pipeline.state, to: &expected)
        }
        var out = BlockOutput()
        ReplayEngine.run(trace: trace, settings: settings, emit: .samples, into: &out)
        #expect(out.blocks.count > 10)
        #expect(out.wholeLines)
        #expect(out.text == expected)
    }

    @Test func eventLinesMatchTheCodec() {
        var options = SimulationOptions()
        options.durationSeconds = 600
        let trace = ScenarioSimulator.generate(.mixedDay, seed: 5, options: options).trace
        let settings = PostureConfiguration().pipeline
        var expected = ""
        var pipeline = PosturePipeline(settings: settings)
        var events: [PostureEvent] = []
        for record in trace.records {
            events.removeAll(keepingCapacity: true)
            pipeline.process(record.sample, action: record.marker, events: &events)
            for e in events { expected += EventJSONCodec.encode(e) + "\n" }
        }
        #expect(!expected.isEmpty)
        var out = BlockOutput()
        ReplayEngine.run(trace: trace, settings: settings, emit: .events, into: &out)
        #expect(out.wholeLines)
        #expect(out.text == expected)
    }
}
