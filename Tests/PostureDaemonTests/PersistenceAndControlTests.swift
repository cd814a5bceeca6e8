import Foundation
import MockIMU
import PostureCoaching
import PostureConfig
import PostureCore
@testable import PostureDaemon
import PostureControl
import SystemSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("State, history, reload")
struct PersistenceTests {
    @Test func calibrationSnoozeAndCountersSurviveARestart() throws {
        let dir = temporaryDirectory()
        let records = ServiceTests.slouchEpisode()
        var reference: Vector3?
        do {
            let h = try DaemonHarness(records: records, stateDirectory: dir)
            h.run(until: 5)
            #expect(h.service.handle(.calibrate).ok)
            #expect(h.service.handle(.snooze(seconds: 3600)).ok)
            h.run(until: 60)
            reference = h.service.pipeline.uprightReference
            h.service.shutdown()
        }
        let saved = try #require(reference)
        // A new daemon on the same directory, later: same wall clock day, 10 minutes on.
        let clock = ManualClock(monotonicSeconds: 5000, wallSeconds: ManualClock().wallSeconds + 600)
        let h2 = try DaemonHarness(records: Motion.records([(5, 0)]), stateDirectory: dir, clock: clock)
        let restored = try #require(h2.service.pipeline.uprightReference)
        #expect(restored.angleDegrees(to: saved) < 0.01)
        #expect(h2.service.nudger.isSnoozed(wall: clock.wallSeconds))
        let today = try #require(h2.service.stats(days: 1).first)
        #expect(today.counters.calibrations >= 2)  // the marker and the request
        #expect(today.counters.slouchedSeconds > 0)
        #expect(today.counters.nudgesSuppressed == 1)
        // The events went to the database.
        let history = try HistoryStore(path: dir + "/history.sqlite")
        let stored = try history.events(day: LocalCalendar(utcOffsetSeconds: 0).dayKey(clock.wallSeconds))
        #expect(stored.contains { $0.contains("\"event\":\"slouch_alert\"") })
    }

    @Test func corruptStateFileIsReportedAndReplaced() throws {
        let dir = temporaryDirectory()
        try Data("{\"upright_reference\": [1, 2".utf8).write(to: URL(fileURLWithPath: dir + "/state.json"))
        let h = try DaemonHarness(records: Motion.records([(3, 0)]), stateDirectory: dir)
        let fault = try #require(h.events.first { $0.name == EventName.fault })
        #expect(fault["kind"]?.stringValue == "state")
        #expect(FileManager.default.fileExists(atPath: dir + "/state.json.corrupt"))
        #expect(h.service.pipeline.uprightReference == nil)
        h.run(until: 2)
        h.service.shutdown()
        // The replacement is valid JSON.
        let (_, outcome) = StateStore(directory: dir).load()
        #expect(outcome == .loaded)
    }

    @Test func atomicWriteLeavesNoTemporaryFile() throws {
        let dir = temporaryDirectory()
        var s = PersistedState()
        s.uprightReference = [0, 0, 1]
        s.snoozeUntil = 12345
        try StateStore(directory: dir).save(s)
        try StateStore(directory: dir).save(s)
        let (loaded, outcome) = StateStore(directory: dir).load()
        #expect(outcome == .loaded && loaded == s)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["state.json"])
    }

    @Test func corruptDatabaseIsMovedAsideAndRecreated() throws {
        let dir = temporaryDirectory()
        let path = dir + "/history.sqlite"
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        let history = try HistoryStore(path: path)
        let aside = try #require(history.movedAsideTo)
        #expect(FileManager.default.fileExists(atPath: aside))
        history.append(PostureEventRecord(wallSeconds: 1, day: "2026-11-22", name: "posture", json: "{\"t\":1.000,\"event\":\"posture\"}"))
        var c = DailyCounters()
        c.bounces = 3
        try history.flush(counters: ["2026-11-22": c])
        #expect(try history.events(day: "2026-11-22").count == 1)
        #expect(try history.dailyCounters(limit: 5).first?.counters.bounces == 3)
    }

    @Test func reloadWithABrokenConfigKeepsTheOldOne() throws {
        let dir = temporaryDirectory()
        let path = dir + "/posture.toml"
        try "[nudge]\nslouch_cooldown_s = 42\n".write(toFile: path, atomically: true, encoding: .utf8)
        let h = try DaemonHarness(records: Motion.records([(3, 0)]))
        #expect(h.service.reload(configPath: path))
        #expect(h.service.config.daemon.nudge.slouchCooldownSeconds == 42)
        #expect(h.service.nudger.settings.slouchCooldownSeconds == 42)
        try "[nudge]\nslouch_cooldown_s = 42\n[slouch]\nangle_deg = 500\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(!h.service.reload(configPath: path))
        #expect(h.service.config.daemon.nudge.slouchCooldownSeconds == 42)
        #expect(h.service.config.pipeline.slouch.angleDegrees == 15)
        #expect(h.sink.lines.contains { $0.hasPrefix("<3>") && $0.contains("slouch.angle_deg") && $0.contains("keeping") })
        let messages = (h.notifier as? RecordingNotifier)?.messages ?? []
        #expect(messages.contains { $0.hasPrefix("RELOADING=1") })
        #expect(messages.last?.hasPrefix("READY=1") == true)
    }
}

@Suite("Control socket and sd_notify")
struct ControlAndNotifyTests {
    @Test func controlProtocolRoundTripsOverTheSocket() throws {
        let dir = temporaryDirectory()
        let path = dir + "/control.sock"
        let h = try DaemonHarness(records: ServiceTests.slouchEpisode())
        h.run(until: 5)
        let server = try ControlServer(path: path, mode: 0o660)
        defer { server.shutdown() }
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o660)

        // Typed commands as the CLI sends them, then lines no client of ours would send.
        let requests = [
            ControlCodec.encode(.status), ControlCodec.encode(.snooze(seconds: 90)), ControlCodec.encode(.stats(days: 3)),
            ControlCodec.encode(.stretch), "{\"cmd\":\"nonsense\"}", "{\"cmd\":\"snooze\",\"seconds\":-1}", "snooze 90",
        ]
        let results = ResultBox()
        let client = Thread {
            for r in requests { results.append(Result { try ControlClient.exchange(r, socketPath: path) }) }
            results.done()
        }
        client.start()
        // Serve until the client has its answers (poll with a timeout: no fixed sleeping).
        while !results.isDone {
            var fds = server.pollRequests.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), 50)
            server.serve(ready: Set(fds.filter { $0.revents != 0 }.map(\.fd)), now: 0) { h.service.handle($0) }
        }
        let answers = try results.values.map { try $0.get() }
        try #require(answers.count == requests.count)
        #expect(answers[0].ok && answers[0].status?.calibrated == true && answers[0].status?.sensor.state == "ok")
        #expect(answers[1].ok && answers[1].status?.snoozeRemainingSeconds == 90)
        #expect(answers[2].ok && answers[2].stats?.count == 1)
        #expect(answers[3].ok)
        #expect(!answers[4].ok && answers[4].error?.contains("unknown command") == true)
        #expect(!answers[5].ok && answers[5].error?.contains("snooze needs \"seconds\"") == true)
        #expect(!answers[6].ok && answers[6].error?.contains("not a JSON request object") == true)
    }

    @Test func missingDaemonNamesTheSocket() {
        let path = temporaryDirectory() + "/none.sock"
        #expect {
            _ = try ControlClient.send(.status, socketPath: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("not running")
        }
    }

    @Test func readyThenWatchdogWhichStopsWhenTheBusStalls() throws {
        let dir = temporaryDirectory()
        let receiver = try DatagramReceiver(path: dir + "/notify.sock")
        let notifier = try #require(SystemdNotifier(socketPath: dir + "/notify.sock"))
        var faults = MockFaultPlan()
        faults.stuckWindows = [20..<1000]
        let h = try DaemonHarness(records: Motion.records([(60, 0)], markers: [(3, .calibrate)]), faults: faults,
                                  notifier: notifier, watchdogIntervalSeconds: 1)
        // The receiver drains as systemd would (a datagram queue holds only a few messages).
        var early: [String] = []
        for t in 1...19 {
            h.run(until: Double(t))
            early += receiver.drain()
        }
        #expect(early.filter { $0.contains("READY=1") }.count == 1)
        let pingsBefore = early.filter { $0 == "WATCHDOG=1" }.count
        #expect(pingsBefore >= 17)
        var late: [String] = []
        for t in 20...40 {
            h.run(until: Double(t))
            late += receiver.drain()
        }
        // Pings continue until the stall is noticed (2 s without samples), then stop.
        #expect(late.filter { $0 == "WATCHDOG=1" }.count <= 3)
        #expect(late.contains { $0.contains("STATUS=sensor stalled") })
        #expect(h.service.status().sensor.state == "stalled")
        #expect(h.events.contains { $0.name == EventName.fault && $0["kind"]?.stringValue == "stall" })
        h.service.shutdown()
        #expect(receiver.drain().contains("STOPPING=1"))
    }

    @Test func abstractNotifySocketAddress() throws {
        let name = "@posture-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let receiver = try DatagramReceiver(path: name)
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": name]))
        notifier.notify("READY=1\nSTATUS=hello")
        #expect(receiver.drain() == ["READY=1\nSTATUS=hello"])
        #expect(SystemdNotifier(environment: [:]) == nil)
        #expect(SystemdNotifier.watchdogIntervalSeconds(environment: ["WATCHDOG_USEC": "10000000"]) == 10)
        #expect(SystemdNotifier.watchdogIntervalSeconds(environment: ["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "1"]) == nil)
    }
}

/// A bound datagram socket standing in for systemd's notify socket (path or '@abstract').
final class DatagramReceiver {
    let fd: Int32
    let path: String
    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            if path.hasPrefix("@") { raw[0] = 0 }
        }
        let len = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (path.hasPrefix("@") ? 0 : 1))
        let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard r == 0 else { throw POSIXError(.EADDRINUSE) }
    }
    deinit {
        close(fd)
        if !path.hasPrefix("@") { unlink(path) }
    }
    func drain() -> [String] {
        var out: [String] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buf, buf.count, Int32(MSG_DONTWAIT))
            if n <= 0 { return out }
            out.append(String(decoding: buf[0..<n], as: UTF8.self))
        }
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Result<ControlResponse, Error>] = []
    private var finished = false
    func append(_ r: Result<ControlResponse, Error>) { lock.withLock { items.append(r) } }
    func done() { lock.withLock { finished = true } }
    var isDone: Bool { lock.withLock { finished } }
    var values: [Result<ControlResponse, Error>] { lock.withLock { items } }
}
