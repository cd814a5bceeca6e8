import Foundation
import PostureConfig
import PostureControl
import PostureCore
import PosturePipeline
@testable import PostureDaemon
import Testing

/// Parses a textfile with Prometheus' own Python client (Debian's python3-prometheus-client):
/// one line per sample, "family<TAB>type<TAB>name{labels}<TAB>value".
func parseWithPrometheusClient(_ path: String) throws -> [String] {
    let script = """
    import sys
    from prometheus_client.parser import text_string_to_metric_families
    for f in text_string_to_metric_families(open(sys.argv[1]).read()):
        for s in f.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
            print(f"{f.name}\\t{f.type}\\t{s.name}{{{labels}}}\\t{s.value}")
    """
    let process = Process()
    // Debian's interpreter: the module is a Debian package (a pyenv python3 earlier in PATH lacks it).
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", script, path]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw CLIFailure("prometheus_client could not parse \(path) (install python3-prometheus-client: .ci/setup --test): \(errors)")
    }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

@Suite("Prometheus textfile")
struct MetricsTextfileTests {
    func metricsConfig(_ path: String) -> PostureConfiguration {
        var config = PostureConfiguration()
        config.daemon.metrics.textfilePath = path
        config.daemon.metrics.intervalSeconds = 5
        return config
    }

    @Test func theDaemonWritesAFilePrometheusReads() throws {
        let dir = temporaryDirectory()
        let path = dir + "/posture.prom"
        let h = try DaemonHarness(records: ServiceTests.slouchEpisode(), config: metricsConfig(path))
        h.run(until: 4)
        #expect(FileManager.default.fileExists(atPath: path))
        h.run(until: 100)
        // Atomic: only the file itself, no temporary left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["posture.prom"])
        let samples = try parseWithPrometheusClient(path)
        #expect(!samples.isEmpty)
        func value(_ sample: String) -> Double? {
            samples.first { $0.split(separator: "\t")[2] == sample }.flatMap { Double($0.split(separator: "\t")[3]) }
        }
        func type(_ family: String) -> String? {
            samples.first { $0.hasPrefix(family + "\t") }.map { String($0.split(separator: "\t")[1]) }
        }
        #expect(value("posture_up{}") == 1)
        #expect(type("posture_slouched_seconds") == "counter")  // the client names counter families without _total
        #expect((value("posture_slouched_seconds_total{}") ?? 0) > 20)
        #expect(type("posture_sitting_bout_seconds") == "gauge")
        #expect(value("posture_nudges_total{kind=slouch}") == 1)
        #expect(value("posture_nudges_total{kind=sitting}") == 0)
        #expect(value("posture_sensor_faults_total{kind=fifo_overflow}") == 0)
        #expect(value("posture_slouch_alerts_total{}") == 1)
        #expect(value("posture_calibrated{}") == 1)
        #expect(value("posture_tilt_degrees{}") != nil)
        #expect((value("posture_samples_total{}") ?? 0) > 9000)
        h.service.shutdown()
        #expect(try parseWithPrometheusClient(path).contains { $0.hasSuffix("\tposture_up{}\t0.0") })
    }

    @Test func everyFamilyHasHelpAndTypeBeforeItsSamples() {
        var counters = ServiceMetricCounters()
        counters.observe(.fault(at: 1, kind: "bus_error", detail: "x"))
        counters.observe(.fault(at: 1, kind: "state", detail: "y"))
        counters.nudge(.warning, played: false)
        counters.observe(PostureEvent(timeSeconds: 2, payload: .alertWithheld(AlertWithheld(
            alert: "slouch_alert", reason: "budget", ignoredInARow: 3, backoffFactor: 4))))
        counters.observe(PostureEvent(timeSeconds: 3, payload: .slouchCorrected(SlouchCorrection(afterAlertSeconds: 9, tap: "played"))))
        var status = StatusReport(posture: "slouched", activity: "sitting", calibrated: true, tiltDegrees: 21.25, pitchDegrees: 20,
                                  rollDegrees: -3, sittingSeconds: 1800, snoozeUntil: nil, snoozeRemainingSeconds: nil,
                                  quietHoursNow: false,
                                  sensor: SensorReport(chip: "c", state: "ok", detail: nil, samples: 12, lastSampleAgeSeconds: 0, faults: 1),
                                  uptimeSeconds: 5, mock: false)
        status.alertBackoffFactor = 4
        var pipeline = PipelineCounters()
        pipeline.slouchedSeconds = 61.5
        let text = PrometheusText.render(MetricsSnapshot(up: true, status: status, pipeline: pipeline, service: counters,
                                                         startWallSeconds: 1_790_000_000))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty)
        var described: [String: String] = [:]
        var helped = Set<String>()
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
            if line.hasPrefix("# HELP ") { helped.insert(parts[2]); continue }
            if line.hasPrefix("# TYPE ") { described[parts[2]] = parts[3]; continue }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            #expect(helped.contains(name) && described[name] != nil, "\(name) sampled before its HELP/TYPE")
            if described[name] == "counter" { #expect(name.hasSuffix("_total")) }
            #expect(name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" })
        }
        #expect(lines.contains("posture_sensor_faults_total{kind=\"bus_error\"} 1"))
        #expect(lines.contains("posture_faults_total{kind=\"state\"} 1"))
        #expect(lines.contains("posture_nudges_suppressed_total{kind=\"warning\"} 1"))
        #expect(lines.contains("posture_slouched_seconds_total 61.500"))
        #expect(lines.contains("posture_sitting_bout_seconds 1800"))
        #expect(lines.contains("posture_slouching 1"))
        #expect(lines.contains("posture_alerts_withheld_total{reason=\"budget\"} 1"))
        #expect(lines.contains("posture_alerts_withheld_total{reason=\"cooldown\"} 0"))
        #expect(lines.contains("posture_slouch_corrected_total 1"))
        #expect(lines.contains("posture_alert_backoff_factor 4"))
        #expect(lines.contains("posture_nudges_total{kind=\"positive\"} 0"))
        #expect(PrometheusText.escapeLabel("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
        #expect(PrometheusText.number(.nan) == "NaN" && PrometheusText.number(-.infinity) == "-Inf")
    }

    @Test func theTextfileKeyWantsAnAbsolutePromPath() throws {
        #expect(try PostureConfiguration.parse("[metrics]\ntextfile = \"/var/lib/node-exporter/posture.prom\"\n")
            .daemon.metrics.textfilePath == "/var/lib/node-exporter/posture.prom")
        #expect(try PostureConfiguration.parse("[metrics]\ntextfile = \"\"\n").daemon.metrics.textfilePath.isEmpty)
        for bad in ["posture.prom", "/var/lib/node-exporter/posture.txt", "/var/lib/node-exporter/"] {
            #expect {
                _ = try PostureConfiguration.parse("[metrics]\ntextfile = \"\(bad)\"\n")
            } throws: { "\($0)".contains("metrics.textfile") && "\($0)".contains(".prom") }
        }
    }

    @Test func anUnwritablePathIsLoggedOnceAndTheDaemonGoesOn() throws {
        let path = temporaryDirectory() + "/missing-dir/posture.prom"
        let h = try DaemonHarness(records: ServiceTests.slouchEpisode(), config: metricsConfig(path))
        h.run(until: 30)
        #expect(h.sink.lines.filter { $0.contains("metrics:") && $0.contains(path) }.count == 1)
        #expect(h.service.sampleCount > 2500)
    }
}
