/// The one error type of the RedisClient module.
///
/// `description` is safe to log: it never contains command arguments, values or passwords.
public struct RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure happened.
    public enum Code: String, Sendable, Hashable {
        /// The server could not be reached, or the connection broke (I/O error, EOF).
        case connection
        /// The server did not answer within `RedisConfiguration.commandTimeout`.
        case timeout
        /// The server answered with an error reply.
        case server
        /// The server sent something the client cannot understand.
        case protocolError
        /// A `RedisConfiguration` (or its URL) is malformed.
        case invalidConfiguration
        /// The caller passed something Redis cannot accept (for example an empty command).
        case invalidArgument
        /// The client or subscription was closed.
        case closed
    }

    /// What kind of failure happened.
    public let code: Code
    /// A short, log-safe explanation.
    public let message: String
    /// Whether retrying the same operation later may succeed.
    public let isRetryable: Bool

    /// Creates an error; `isRetryable` defaults to true for `.connection` and `.timeout` only.
    public init(code: Code, message: String, isRetryable: Bool? = nil) {
        self.code = code
        self.message = message
        self.isRetryable = isRetryable ?? (code == .connection || code == .timeout)
    }

    /// For `.server` errors, the first word of the server's reply (`ERR`, `WRONGTYPE`, `NOSCRIPT`…).
    public var serverErrorPrefix: String? {
        guard code == .server else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    public var description: String {
        "RedisError(\(code.rawValue)): \(message)"
    }
}

extension RedisError {
    /// Server error prefixes that describe a transient server state rather than a bad command.
    private static let transientServerPrefixes: Set<String> = [
        "LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN", "READONLY",
    ]

    /// Wraps a server error reply, cutting the parts Redis fills with caller-supplied values.
    static func server(_ reply: String) -> RedisError {
        var text = Substring(reply)
        // Redis 7 echoes the first arguments of an unknown command; they may be keys or values.
        if let echo = text.range(of: ", with args beginning with:") {
            text = text[..<echo.lowerBound]
        }
        let limit = 256
        let message = text.count > limit ? String(text.prefix(limit)) + "…" : String(text)
        let prefix = message.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        return RedisError(
            code: .server,
            message: message,
            isRetryable: transientServerPrefixes.contains(prefix)
        )
    }

    static let clientClosed = RedisError(code: .closed, message: "the redis client is closed")
}
