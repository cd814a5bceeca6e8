import Foundation
import PostureDaemon
import Testing

/// kill -9 at random moments of a running `posture run --mock` (state.json rewritten atomically,
/// history.sqlite in WAL mode): after every kill both files load as they are, nothing is moved
/// aside, and the next start succeeds (a stale socket is no obstacle) and removes the temporary
/// files of interrupted saves.
@Suite struct KillNineTests {
    static let cycles = 12
    /// A short trace (2 MB of the demo trace takes a debug build seconds to load).
    static let trace = String(#filePath.dropLast("PostureCLITests/KillNineTests.swift".count)) + "GoldenTests/Traces/desk-slouch.csv"

    @Test func killNineKeepsStateAndHistoryLoadable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-kill9-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir + "/state", withIntermediateDirectories: true)
        let config = dir + "/posture.toml"
        // The shortest flush interval and a 50x clock: a write every 0.1 s, so kills land mid-write too.
        try """
            [control]
            socket = "\(dir)/control.sock"
            [state]
            flush_interval_s = 5.0
            """.write(toFile: config, atomically: true, encoding: .utf8)
        guard let executable = PostureProcess.executable else {
            Issue.record("posture executable not found next to the tests")
            return
        }
        let store = StateStore(directory: dir + "/state")
        var generator = SystemRandomNumberGenerator()
        var loadedStates = 0
        var delays: [Double] = []
        for cycle in 0..<Self.cycles {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["run", "--mock-trace", Self.trace, "--speed", "50", "--config", config, "--state-dir", dir + "/state", "--stop-after", "5000"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            // From early start-up (files being created) to well into steady running.
            let delay = Double.random(in: 0.3...3.0, using: &generator)
            delays.append(delay)
            usleep(useconds_t(delay * 1_000_000))
            #expect(process.isRunning, "cycle \(cycle): the daemon stopped by itself before the kill")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)

            let (_, outcome) = store.load()
            switch outcome {
            case .loaded: loadedStates += 1
            case .missing: break
            case .corrupt(let detail, _): Issue.record("cycle \(cycle), kill after \(delay) s: state.json corrupt: \(detail)")
            }
            if FileManager.default.fileExists(atPath: dir + "/state/history.sqlite") {
                let history = try HistoryStore(path: dir + "/state/history.sqlite")
                #expect(history.movedAsideTo == nil, "cycle \(cycle), kill after \(delay) s: history.sqlite was corrupt")
                _ = try history.dailyCounters(limit: 7)
            }
        }
        #expect(loadedStates > 0, "no kill came after the first state write (delays \(delays))")
        // After all the kills the daemon still starts and stops cleanly on the same files.
        let last = try PostureProcess.run(["run", "--mock-trace", Self.trace, "--speed", "50", "--config", config, "--state-dir", dir + "/state", "--stop-after", "10"])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(!last.stderr.contains("corrupt"), "\(last.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/state")
        let movedAside = names.filter { $0.contains("corrupt") }
        #expect(movedAside.isEmpty, "moved aside: \(movedAside)")
        // A kill during a save leaves state.json.tmp-<pid>: the next start removes it (they piled up).
        let temporaries = names.filter { $0.hasPrefix("state.json.tmp-") }
        #expect(temporaries.isEmpty, "left behind: \(temporaries)")
    }
}
