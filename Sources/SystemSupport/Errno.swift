#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// errno values as people read them: the symbolic name and the C library's text, in one table.
/// `SystemErrno.text(ENODEV)` is "ENODEV (No such device)".
public enum SystemErrno {
    /// Every errno the kernel returns, by its canonical name (EAGAIN, not EWOULDBLOCK; EDEADLK, not
    /// EDEADLOCK; EOPNOTSUPP, not ENOTSUP).
    public static let names: [Int32: String] = {
        var table: [Int32: String] = [:]
        for (code, name) in portableNames + platformNames where table[code] == nil { table[code] = name }
        return table
    }()

    static let portableNames: [(Int32, String)] = [
        (EPERM, "EPERM"), (ENOENT, "ENOENT"), (ESRCH, "ESRCH"), (EINTR, "EINTR"), (EIO, "EIO"), (ENXIO, "ENXIO"),
        (E2BIG, "E2BIG"), (ENOEXEC, "ENOEXEC"), (EBADF, "EBADF"), (ECHILD, "ECHILD"), (EAGAIN, "EAGAIN"),
        (ENOMEM, "ENOMEM"), (EACCES, "EACCES"), (EFAULT, "EFAULT"), (ENOTBLK, "ENOTBLK"), (EBUSY, "EBUSY"),
        (EEXIST, "EEXIST"), (EXDEV, "EXDEV"), (ENODEV, "ENODEV"), (ENOTDIR, "ENOTDIR"), (EISDIR, "EISDIR"),
        (EINVAL, "EINVAL"), (ENFILE, "ENFILE"), (EMFILE, "EMFILE"), (ENOTTY, "ENOTTY"), (ETXTBSY, "ETXTBSY"),
        (EFBIG, "EFBIG"), (ENOSPC, "ENOSPC"), (ESPIPE, "ESPIPE"), (EROFS, "EROFS"), (EMLINK, "EMLINK"),
        (EPIPE, "EPIPE"), (EDOM, "EDOM"), (ERANGE, "ERANGE"), (EDEADLK, "EDEADLK"), (ENAMETOOLONG, "ENAMETOOLONG"),
        (ENOLCK, "ENOLCK"), (ENOSYS, "ENOSYS"), (ENOTEMPTY, "ENOTEMPTY"), (ELOOP, "ELOOP"), (ENOMSG, "ENOMSG"),
        (EIDRM, "EIDRM"), (ENOSTR, "ENOSTR"), (ENODATA, "ENODATA"), (ETIME, "ETIME"), (ENOSR, "ENOSR"),
        (EREMOTE, "EREMOTE"), (ENOLINK, "ENOLINK"), (EPROTO, "EPROTO"), (EMULTIHOP, "EMULTIHOP"),
        (EBADMSG, "EBADMSG"), (EOVERFLOW, "EOVERFLOW"), (EILSEQ, "EILSEQ"), (EUSERS, "EUSERS"),
        (ENOTSOCK, "ENOTSOCK"), (EDESTADDRREQ, "EDESTADDRREQ"), (EMSGSIZE, "EMSGSIZE"), (EPROTOTYPE, "EPROTOTYPE"),
        (ENOPROTOOPT, "ENOPROTOOPT"), (EPROTONOSUPPORT, "EPROTONOSUPPORT"), (ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT"),
        (EOPNOTSUPP, "EOPNOTSUPP"), (EPFNOSUPPORT, "EPFNOSUPPORT"), (EAFNOSUPPORT, "EAFNOSUPPORT"),
        (EADDRINUSE, "EADDRINUSE"), (EADDRNOTAVAIL, "EADDRNOTAVAIL"), (ENETDOWN, "ENETDOWN"),
        (ENETUNREACH, "ENETUNREACH"), (ENETRESET, "ENETRESET"), (ECONNABORTED, "ECONNABORTED"),
        (ECONNRESET, "ECONNRESET"), (ENOBUFS, "ENOBUFS"), (EISCONN, "EISCONN"), (ENOTCONN, "ENOTCONN"),
        (ESHUTDOWN, "ESHUTDOWN"), (ETOOMANYREFS, "ETOOMANYREFS"), (ETIMEDOUT, "ETIMEDOUT"),
        (ECONNREFUSED, "ECONNREFUSED"), (EHOSTDOWN, "EHOSTDOWN"), (EHOSTUNREACH, "EHOSTUNREACH"),
        (EALREADY, "EALREADY"), (EINPROGRESS, "EINPROGRESS"), (ESTALE, "ESTALE"), (EDQUOT, "EDQUOT"),
        (ECANCELED, "ECANCELED"), (EOWNERDEAD, "EOWNERDEAD"), (ENOTRECOVERABLE, "ENOTRECOVERABLE"),
    ]

    #if os(Linux)
    static let platformNames: [(Int32, String)] = [
        (ECHRNG, "ECHRNG"), (EL2NSYNC, "EL2NSYNC"), (EL3HLT, "EL3HLT"), (EL3RST, "EL3RST"), (ELNRNG, "ELNRNG"),
        (EUNATCH, "EUNATCH"), (ENOCSI, "ENOCSI"), (EL2HLT, "EL2HLT"), (EBADE, "EBADE"), (EBADR, "EBADR"),
        (EXFULL, "EXFULL"), (ENOANO, "ENOANO"), (EBADRQC, "EBADRQC"), (EBADSLT, "EBADSLT"), (EBFONT, "EBFONT"),
        (ENONET, "ENONET"), (ENOPKG, "ENOPKG"), (EADV, "EADV"), (ESRMNT, "ESRMNT"), (ECOMM, "ECOMM"),
        (EDOTDOT, "EDOTDOT"), (ENOTUNIQ, "ENOTUNIQ"), (EBADFD, "EBADFD"), (EREMCHG, "EREMCHG"), (ELIBACC, "ELIBACC"),
        (ELIBBAD, "ELIBBAD"), (ELIBSCN, "ELIBSCN"), (ELIBMAX, "ELIBMAX"), (ELIBEXEC, "ELIBEXEC"),
        (ERESTART, "ERESTART"), (ESTRPIPE, "ESTRPIPE"), (EUCLEAN, "EUCLEAN"), (ENOTNAM, "ENOTNAM"),
        (ENAVAIL, "ENAVAIL"), (EISNAM, "EISNAM"), (EREMOTEIO, "EREMOTEIO"), (ENOMEDIUM, "ENOMEDIUM"),
        (EMEDIUMTYPE, "EMEDIUMTYPE"), (ENOKEY, "ENOKEY"), (EKEYEXPIRED, "EKEYEXPIRED"), (EKEYREVOKED, "EKEYREVOKED"),
        (EKEYREJECTED, "EKEYREJECTED"), (ERFKILL, "ERFKILL"), (EHWPOISON, "EHWPOISON"),
    ]
    #else
    static let platformNames: [(Int32, String)] = []
    #endif

    /// "ENODEV"; "errno 4242" for a number no table knows.
    public static func name(_ code: Int32) -> String { names[code] ?? "errno \(code)" }

    /// The C library's text, e.g. "No such device" (strerror).
    public static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// "ENODEV (No such device)".
    public static func text(_ code: Int32) -> String { "\(name(code)) (\(message(code)))" }

    /// The calling thread's errno now.
    public static var current: Int32 { errno }
}

/// A failed system call: what was being done and the errno, worded once.
public struct SystemCallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was being done, e.g. "poll" or "signal pipe".
    public var operation: String
    public var code: Int32

    public init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    /// "poll: EBADF (Bad file descriptor)".
    public var description: String { "\(operation): \(SystemErrno.text(code))" }
}
