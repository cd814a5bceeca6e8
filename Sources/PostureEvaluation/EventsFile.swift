import PostureCore
import SystemSupport

/// An events file that cannot be used: the path, and the line and field when it is one.
public struct EventsFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var decoding: EventDecodingError?
    public var message: String

    public var description: String {
        guard let decoding else { return "\(path): \(message)" }
        let field = decoding.field.map { "field \"\($0)\": " } ?? ""
        return "\(path)" + (decoding.line.map { ":\($0)" } ?? "") + ": " + field + decoding.message
    }
}

/// JSON Lines events as `posture replay` (or the daemon's history) writes them.
public enum EventsFile {
    public static func read(path: String) throws(EventsFileError) -> [PostureEvent] {
        let bytes: [UInt8]
        do { bytes = try WholeFile.read(path: path) } catch {
            throw EventsFileError(path: path, message: "cannot read the events file: \(error.reason)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw EventsFileError(path: path, message: "not UTF-8 text")
        }
        do { return try EventJSONCodec.decodeLines(text) } catch {
            throw EventsFileError(path: path, decoding: error, message: error.message)
        }
    }
}
