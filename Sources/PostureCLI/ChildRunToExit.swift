import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

extension ChildRun {
    /// Runs `argv` to its exit with standard output to `stdoutPath` and standard error to
    /// `stderrPath`. The peak RSS is the child's VmHWM polled every few milliseconds until it
    /// exits (wait4's ru_maxrss would carry the parent's peak, see `peakRSSKilobytes`).
    static func runToExit(_ argv: [String], stdoutPath: String, stderrPath: String) throws -> ChildRun {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let start = SystemTime.monotonicSeconds()
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw CLIError("cannot start \(argv[0]): \(SystemErrno.message(rc))") }
        var status: Int32 = 0
        var usage = rusage()
        var memory: [String: Int] = [:]
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r < 0 && errno != EINTR { throw CLIError("waiting for \(argv[0]): \(SystemErrno.message(errno))") }
            // VmHWM only grows: the last reading before the exit is the peak (to within a poll).
            let now = readStatus(pid)
            if now["VmHWM"] != nil { memory = now }
            usleep(5_000)
        }
        let exited = (status & 0x7f) == 0
        return ChildRun(exitStatus: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
                        wallSeconds: SystemTime.monotonicSeconds() - start,
                        userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
                        systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
                        maxRSSKilobytes: usage.ru_maxrss, voluntarySwitches: usage.ru_nvcsw, status: memory)
    }
}
