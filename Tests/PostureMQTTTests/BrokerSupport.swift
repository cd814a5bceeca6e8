import Foundation
import Testing

/// A real mosquitto broker on loopback, its clients, and the `posture` daemon under test.
enum Tools {
    static func find(_ name: String) -> String? {
        ["/usr/sbin/", "/usr/bin/", "/usr/local/sbin/", "/usr/local/bin/", "/sbin/", "/bin/"].map { $0 + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let mosquitto = find("mosquitto")
    static let sub = find("mosquitto_sub")
    static let pub = find("mosquitto_pub")
    static let passwd = find("mosquitto_passwd")
    /// The broker tests need mosquitto and mosquitto-clients (.ci/setup --test installs them).
    static let available = mosquitto != nil && sub != nil && pub != nil && passwd != nil

    static var posture: String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("posture")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// Children inherit the spawning thread's signal mask: the test runner's threads may block
    /// SIGALRM, which mosquitto_sub -W needs. Unblocked on this thread before spawning.
    static func unblockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGALRM, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&set, s) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    @discardableResult
    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
        unblockSignals()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A TCP port nobody listens on now (bound to port 0, then released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` pass (a wait with a deadline,
    /// not a measurement): true when it held.
    static func waitFor(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return true }
            usleep(100_000)
        }
        return try condition()
    }
}

final class TestDirectory {
    let path: String
    init(_ name: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("posture-mqtt-\(getpid())-\(name)").path
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ text: String) throws -> String {
        let p = path + "/" + name
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
}

/// mosquitto on 127.0.0.1:port with its own configuration (anonymous, or a password file).
final class Broker {
    let port: Int
    let process = Process()
    /// With TLS: the CA file clients verify the broker with.
    let caFile: String?

    init(port: Int, dir: TestDirectory, user: (name: String, password: String)? = nil, tls: TestCertificates? = nil) throws {
        self.port = port
        caFile = tls?.caFile
        var conf = "listener \(port) 127.0.0.1\npersistence false\nlog_dest stderr\n"
        if let tls { conf += "cafile \(tls.caFile)\ncertfile \(tls.serverCertFile)\nkeyfile \(tls.serverKeyFile)\n" }
        if let user {
            let file = dir.path + "/broker.passwd"
            try Tools.run(Tools.passwd!, ["-c", "-b", file, user.name, user.password])
            // mosquitto started as root reads it after dropping to its own user (Debian 13's 2.0.21 does).
            chmod(file, 0o644)
            conf += "allow_anonymous false\npassword_file \(file)\n"
        } else {
            conf += "allow_anonymous true\n"
        }
        let confPath = try dir.write("mosquitto-\(port).conf", conf)
        process.executableURL = URL(fileURLWithPath: Tools.mosquitto!)
        process.arguments = ["-c", confPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: try dir.write("mosquitto-\(port).log", ""))
        Tools.unblockSignals()
        try process.run()
        let up = Tools.waitFor(10) { (try? Tools.run(Tools.sub!, self.clientArgs(user) + ["-t", "probe/none", "-W", "1"]))?.status == 27 }
        #expect(up, "mosquitto did not start on port \(port)")
    }

    func clientArgs(_ user: (name: String, password: String)? = nil) -> [String] {
        var a = ["-h", "127.0.0.1", "-p", String(port)]
        if let caFile { a += ["--cafile", caFile] }
        if let user { a += ["-u", user.name, "-P", user.password] }
        return a
    }

    /// The retained messages under `topics`, topic -> payload.
    func retained(_ topics: [String], user: (name: String, password: String)? = nil) throws -> [String: String] {
        let args = clientArgs(user) + topics.flatMap { ["-t", $0] } + ["-v", "--retained-only", "-W", "1"]
        let out = try Tools.run(Tools.sub!, args).stdout
        var result: [String: String] = [:]
        for line in out.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            result[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        return result
    }

    func publish(_ topic: String, _ payload: String, retain: Bool = false) throws {
        try Tools.run(Tools.pub!, clientArgs() + ["-t", topic, "-m", payload] + (retain ? ["-r"] : []))
    }

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }
}

/// `posture run --mock` with [mqtt] on, its log in a file.
final class Daemon {
    let process = Process()
    let logPath: String
    let socketPath: String

    init(dir: TestDirectory, port: Int, extraMQTT: String = "") throws {
        socketPath = dir.path + "/control.sock"
        let config = try dir.write("posture.toml", """
            [control]
            socket = "\(socketPath)"
            [mqtt]
            enabled = true
            host = "127.0.0.1"
            port = \(port)
            client_id = "posture-test"
            keepalive_s = 5
            reconnect_max_s = 2
            state_interval_s = 0.5
            \(extraMQTT)
            """)
        logPath = try dir.write("daemon.log", "")
        guard let posture = Tools.posture else { throw CocoaError(.fileNoSuchFile) }
        process.executableURL = URL(fileURLWithPath: posture)
        process.arguments = ["run", "--mock", "--config", config, "--state-dir", dir.path + "/state"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": dir.path]
        Tools.unblockSignals()
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func count(_ text: String) -> Int { log.components(separatedBy: text).count - 1 }

    func waitForLog(_ text: String, seconds: Double = 15) -> Bool { Tools.waitFor(seconds) { log.contains(text) } }

    /// `posture status --json` of this daemon.
    func status() throws -> [String: Any] {
        let out = try Tools.run(Tools.posture!, ["status", "--json", "--socket", socketPath]).stdout
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        return object?["status"] as? [String: Any] ?? [:]
    }

    func samples() throws -> Int { ((try status())["sensor"] as? [String: Any])?["samples"] as? Int ?? -1 }

    func command(_ args: [String]) throws -> String {
        try Tools.run(Tools.posture!, args + ["--socket", socketPath]).stdout
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }
}

func json(_ text: String?) -> [String: Any] {
    guard let text, let o = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
    return o
}

/// A throw-away CA and a server certificate for 127.0.0.1, made with openssl.
struct TestCertificates {
    static let openssl = Tools.find("openssl")
    let caFile: String
    let serverCertFile: String
    let serverKeyFile: String

    init(dir: TestDirectory, name: String) throws {
        guard let openssl = Self.openssl else { throw CocoaError(.fileNoSuchFile) }
        let p = dir.path + "/" + name
        caFile = p + "-ca.crt"
        serverCertFile = p + "-server.crt"
        serverKeyFile = p + "-server.key"
        let ext = try dir.write(name + "-ext.cnf", "subjectAltName=IP:127.0.0.1\n")
        for args in [["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p + "-ca.key", "-out", caFile, "-days", "2",
                      "-subj", "/CN=posture test CA \(name)"],
                     ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", serverKeyFile, "-out", p + "-server.csr", "-subj", "/CN=127.0.0.1"],
                     ["x509", "-req", "-in", p + "-server.csr", "-CA", caFile, "-CAkey", p + "-ca.key", "-CAcreateserial",
                      "-out", serverCertFile, "-days", "2", "-extfile", ext]] {
            let status = try Tools.run(openssl, args).status
            #expect(status == 0, "openssl \(args.joined(separator: " "))")
        }
        // mosquitto started as root drops to its own user before it reads the key: a test key.
        chmod(serverKeyFile, 0o644)
    }
}
