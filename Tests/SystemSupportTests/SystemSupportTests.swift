import Testing
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

struct ErrnoNameTests {
    @Test func namesTheErrnosDriversReport() {
        let expected: [(Int32, String)] = [
            (ENODEV, "ENODEV"), (EBUSY, "EBUSY"), (ENXIO, "ENXIO"), (EREMOTEIO, "EREMOTEIO"),
            (ETIMEDOUT, "ETIMEDOUT"), (EOPNOTSUPP, "EOPNOTSUPP"), (EAGAIN, "EAGAIN"), (EINTR, "EINTR"),
            (EACCES, "EACCES"), (ENOENT, "ENOENT"), (EINVAL, "EINVAL"), (EIO, "EIO"),
        ]
        for (code, name) in expected { #expect(SystemErrno.name(code) == name) }
    }

    @Test func textIsNameAndStrerror() {
        #expect(SystemErrno.text(ENODEV) == "ENODEV (No such device)")
        #expect(SystemErrno.text(EBUSY) == "EBUSY (Device or resource busy)")
        #expect(SystemErrno.message(ENOENT) == "No such file or directory")
    }

    @Test func everyKernelErrnoHasAName() {
        // Linux numbers its errnos 1...133 without gaps except 41 and 58 (never used).
        let missing = (1...133).filter { $0 != 41 && $0 != 58 && SystemErrno.names[Int32($0)] == nil }
        #expect(missing.isEmpty, "no name for \(missing)")
    }

    @Test func unknownNumberIsSaidAsANumber() {
        #expect(SystemErrno.name(4242) == "errno 4242")
        #expect(SystemCallError("poll", code: EBADF).description == "poll: EBADF (Bad file descriptor)")
    }
}

struct AtomicFileTests {
    func scratchDirectory() -> String {
        var template = Array("/tmp/posture-systemsupport-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        #expect(made != nil)
        return String(cString: template)
    }

    func entries(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    @Test func replacesContentAndLeavesNoTemporaryFile() throws {
        let dir = scratchDirectory()
        let path = dir + "/state.json"
        try AtomicFile.write("old content that is longer", to: path)
        try AtomicFile.write("new", to: path, mode: 0o600)
        #expect(try WholeFile.read(path: path) == Array("new".utf8))
        #expect(entries(dir) == ["state.json"])
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
        unlink(path)
        rmdir(dir)
    }

    @Test func failureNamesTheStepAndLeavesNothing() {
        let dir = scratchDirectory()
        #expect(mkdir(dir + "/target", 0o755) == 0)
        // A directory cannot be replaced by a file: rename fails with EISDIR.
        #expect(throws: AtomicWriteError.self) { try AtomicFile.write("x", to: dir + "/target") }
        do {
            try AtomicFile.write("x", to: dir + "/target")
        } catch {
            #expect(error.step == .rename)
            #expect(error.code == EISDIR)
            #expect(error.description.hasSuffix("rename failed: EISDIR (Is a directory)"))
        }
        #expect(entries(dir) == ["target"])
        #expect(throws: AtomicWriteError.self) { try AtomicFile.write("x", to: dir + "/missing/file") }
        rmdir(dir + "/target")
        rmdir(dir)
    }

    @Test func wholeFileReadKeepsErrno() {
        #expect(throws: WholeFileError(step: .open, code: ENOENT)) { try WholeFile.read(path: "/nonexistent/posture") }
        #expect(throws: WholeFileError(step: .read, code: EISDIR)) { try WholeFile.read(path: "/") }
    }
}

struct PollWaitTests {
    @Test func timeoutsClampInsteadOfTrapping() {
        #expect(PollWait.milliseconds(seconds: 0) == 0)
        #expect(PollWait.milliseconds(seconds: -5) == 0)
        #expect(PollWait.milliseconds(seconds: .nan) == 0)
        #expect(PollWait.milliseconds(seconds: 0.0001) == 1, "rounded up: never wake early")
        #expect(PollWait.milliseconds(seconds: 1.5) == 1500)
        #expect(PollWait.milliseconds(seconds: 1e12) == Int32.max)
        #expect(PollWait.milliseconds(seconds: .greatestFiniteMagnitude) == Int32.max)
        #expect(PollWait.milliseconds(seconds: .infinity) == -1)
    }

    @Test func reportsAReadablePipeAndTimesOutOnAnEmptyOne() throws {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(!PollWait.isReadable(fds[0], timeoutSeconds: 0))
        #expect(writeAll("x", toFileDescriptor: fds[1]) == 0)
        var descriptors = [pollfd(fd: -1, events: Int16(POLLIN), revents: 0), pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)]
        #expect(try PollWait.wait(&descriptors, timeoutSeconds: 0) == 1)
        #expect(descriptors[0].revents == 0)
        #expect(descriptors[1].revents & Int16(POLLIN) != 0)
    }

    @Test func aClosedDescriptorIsAnEventNotAnError() throws {
        var descriptors = [pollfd(fd: 1_000_000, events: Int16(POLLIN), revents: 0)]
        #expect(try PollWait.wait(&descriptors, timeoutSeconds: 0) == 1)
        #expect(descriptors[0].revents & Int16(POLLNVAL) != 0)
    }
}

struct ClockTests {
    @Test func systemClockIsMonotonic() {
        let clock = SystemClock()
        var last = clock.monotonicSeconds
        for _ in 0..<1000 {
            let now = clock.nowSeconds()
            #expect(now >= last)
            last = now
        }
        #expect(clock.realSecondsPerClockSecond == 1)
        #expect(abs(clock.wallSeconds - SystemTime.wallSeconds()) < 5)
    }

    @Test func fasterClockScalesTime() {
        let clock = SystemClock(speed: 10)
        #expect(clock.realSecondsPerClockSecond == 0.1)
        #expect(SystemClock(speed: -1).realSecondsPerClockSecond == 1, "a nonsense speed runs in real time")
    }

    /// `--speed` speeds the monotonic clock only: wall times (stored events, days) stay real.
    @Test func fasterClockKeepsRealWallTime() {
        let clock = SystemClock(speed: 1000)
        SystemTime.sleep(seconds: 0.05)
        #expect(clock.monotonicSeconds - SystemTime.monotonicSeconds() > 10, "the monotonic clock ran ahead")
        #expect(abs(clock.wallSeconds - SystemTime.wallSeconds()) < 1)
        #expect(clock.wallSecondsPerClockSecond == 0.001)
        #expect(SystemClock().wallSecondsPerClockSecond == 1)
        #expect(ManualClock().wallSecondsPerClockSecond == 1, "a manual clock moves wall and monotonic together")
    }

    @Test func manualClockMovesOnlyForwardAndWhenTold() {
        let clock = ManualClock(monotonicSeconds: 10, wallSeconds: 1000)
        #expect(clock.nowSeconds() == 10)
        clock.sleep(seconds: 2)
        #expect(clock.now == 12 && clock.wallSeconds == 1002 && clock.sleptSeconds == 2)
        clock.advance(to: 11)
        #expect(clock.now == 12, "never backwards")
        clock.advance(by: -3)
        #expect(clock.now == 12)
        clock.set(20)
        #expect(clock.monotonicSeconds == 20 && clock.wallSeconds == 1010 && clock.sleptSeconds == 2)
        #expect(clock.realSecondsPerClockSecond == 0)
    }

    @Test func timespecConversionSaturates() {
        #expect(SystemTime.timespecFor(seconds: .nan).tv_sec == 0)
        #expect(SystemTime.timespecFor(seconds: 1.25).tv_sec == 1)
        #expect(SystemTime.timespecFor(seconds: 1.25).tv_nsec == 250_000_000)
        #expect(SystemTime.timespecFor(seconds: 1e300).tv_sec == Int(Int32.max))
    }

    @Test func calendarUsesTheOffset() {
        let utc = LocalCalendar(utcOffsetSeconds: 0)
        #expect(utc.dayKey(1_790_000_000) == "2026-09-21")
        #expect(utc.timeOfDay(1_790_000_000) == "14:13:20")
        #expect(LocalCalendar(utcOffsetSeconds: 3600).minuteOfDay(1_790_000_000) == 15 * 60 + 13)
    }

    /// The inverse of dayKey (the report's day axis), and day arithmetic across months and years.
    @Test func startOfDayAndDayArithmetic() throws {
        let plus2 = LocalCalendar(utcOffsetSeconds: 7200)
        let start = try #require(plus2.startOfDay("2026-09-21"))
        #expect(plus2.dayKey(start) == "2026-09-21" && plus2.timeOfDay(start) == "00:00:00")
        #expect(plus2.dayKey(start - 1) == "2026-09-20")
        #expect(LocalCalendar.dayKey("2026-03-01", adding: -1) == "2026-02-28")
        #expect(LocalCalendar.dayKey("2024-03-01", adding: -1) == "2024-02-29")
        #expect(LocalCalendar.dayKey("2026-12-31", adding: 1) == "2027-01-01")
        #expect(LocalCalendar.dayKey("2026-11-24", adding: -6) == "2026-11-18")
        for bad in ["2026-02-30", "2026-13-01", "26-11-24", "2026-1-24", "yesterday", ""] {
            #expect(LocalCalendar.dayKey(bad, adding: 0) == nil, "\(bad)")
            #expect(plus2.startOfDay(bad) == nil, "\(bad)")
        }
        let local = LocalCalendar()
        let localStart = try #require(local.startOfDay("2026-11-24"))
        #expect(local.dayKey(localStart) == "2026-11-24" && local.dayKey(localStart - 1) == "2026-11-23")
    }
}

struct UnixSocketAddressTests {
    @Test func pathAddressIsNulTerminated() throws {
        let address = try #require(UnixSocketAddress(path: "/run/posture.sock"))
        #expect(!address.isAbstract)
        #expect(Int(address.length) == 2 + "/run/posture.sock".utf8.count + 1)
    }

    @Test func abstractNamesOnlyWhenAllowed() throws {
        let abstract = try #require(UnixSocketAddress(path: "@posture", allowingAbstractName: true))
        #expect(abstract.isAbstract && Int(abstract.length) == 2 + 8)
        let literal = try #require(UnixSocketAddress(path: "@posture"))
        #expect(!literal.isAbstract)
    }

    @Test func tooLongOrEmptyIsRefused() {
        #expect(UnixSocketAddress(path: "/" + String(repeating: "x", count: 200)) == nil)
        #expect(UnixSocketAddress(path: "") == nil)
    }
}

struct SignalWatcherTests {
    @Test func deliversStopThroughThePipe() throws {
        let watcher = try SignalWatcher(stopSignals: [SIGUSR1], reloadSignals: [SIGUSR2])
        defer { watcher.restoreDefaults() }
        #expect(!watcher.checkForStop())
        raise(SIGUSR2)
        #expect(watcher.drain() == [.reload])
        #expect(!watcher.stopReceived)
        raise(SIGUSR1)
        #expect(PollWait.isReadable(watcher.readFD, timeoutSeconds: 1))
        #expect(watcher.checkForStop())
        #expect(watcher.checkForStop(), "a stop stays requested")
    }
}
