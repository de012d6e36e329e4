/// One reply from Redis (RESP2).
public enum RedisValue: Sendable, Hashable {
    /// A simple string such as `OK` or `PONG`.
    case status(String)
    /// An error reply. `RedisClient.send` throws these; `pipeline` returns them in place.
    case error(String)
    /// An integer reply.
    case integer(Int64)
    /// A binary-safe bulk string.
    case bulk([UInt8])
    /// A nil bulk string or nil array (missing key, Lua `false`…).
    case null
    /// An array reply.
    case array([RedisValue])

    /// The text of a status reply, or a bulk reply decoded as UTF-8 (nil when not valid UTF-8).
    public var string: String? {
        switch self {
        case .status(let text): text
        case .bulk(let bytes): String(validating: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The raw bytes of a bulk reply, or the UTF-8 bytes of a status reply.
    public var bytes: [UInt8]? {
        switch self {
        case .bulk(let bytes): bytes
        case .status(let text): Array(text.utf8)
        default: nil
        }
    }

    /// An integer reply, or a bulk/status reply holding a decimal integer (as `GET` of a counter).
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .bulk, .status: string.flatMap { Int64($0) }
        default: nil
        }
    }

    /// The elements of an array reply.
    public var array: [RedisValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The message of an error reply.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }

    /// True for a nil reply.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
