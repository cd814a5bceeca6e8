import Foundation
import Logging
import MockIMU
import PostureConfig
import PostureCore
@testable import PostureApp
import PostureDaemon
import Testing

@Suite("Mock trace loading")
struct MockTraceLoadingTests {
    @Test func streamsSamplesAndMarkersFromTheFile() throws {
        let dir = temporaryDirectory()
        let path = dir + "/mock.csv"
        try """
            # posture-trace v1
            # rate_hz: 50
            t,ax,ay,az,gx,gy,gz,marker
            5.00,0,0,1,0,0,0,
            5.02,0,0,1,0,0,0,stretch
            5.04,0,0,1,0,0,0,

            """.write(toFile: path, atomically: true, encoding: .utf8)
        var options = DaemonOptions(environment: [:])
        options.mockTracePath = path
        let sink = CapturingSink()
        let logger = Logger(label: "t") { StderrLogHandler(label: $0, level: .info, style: .journal, sink: sink) }
        let trace = try DaemonRunner.mockTrace(PostureConfiguration(), options: options, logger: logger)
        #expect(trace.samples.count == 3)
        #expect(trace.markers.count == 1)
        #expect(abs((trace.markers.first?.0 ?? -1) - 0.02) < 1e-9)   // seconds from the first sample
        #expect(trace.markers.first?.1 == .stretch)
        let motion = try #require(TraceMotionSource(trace.samples, loops: false))
        #expect(abs(motion.durationSeconds - 0.06) < 1e-9)           // 0.04 s span + one 0.02 s step
        #expect(sink.lines.contains { $0.contains("3 samples") })
    }

    @Test func aBadTraceNamesTheLine() throws {
        let dir = temporaryDirectory()
        let path = dir + "/bad.csv"
        try "t,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n0.02,0,0,nope,0,0,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        var options = DaemonOptions(environment: [:])
        options.mockTracePath = path
        let logger = Logger(label: "t") { StderrLogHandler(label: $0, level: .info, style: .journal, sink: CapturingSink()) }
        #expect {
            _ = try DaemonRunner.mockTrace(PostureConfiguration(), options: options, logger: logger)
        } throws: { error in
            "\(error)".contains(":3") && "\(error)".contains("az")
        }
    }
}
