/// One binary-safe argument of a Redis command.
///
/// String and integer literals convert implicitly: `["SET", .string(key), .bytes(payload)]`,
/// `["EXPIRE", .string(key), 30]`.
public struct RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// The bytes sent to the server.
    public let bytes: [UInt8]

    /// Wraps raw bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(stringLiteral value: String) {
        self.bytes = Array(value.utf8)
    }

    public init(integerLiteral value: Int64) {
        self.bytes = Array(String(value).utf8)
    }

    /// The UTF-8 bytes of `value`.
    public static func string(_ value: String) -> RedisArgument {
        RedisArgument(bytes: Array(value.utf8))
    }

    /// Raw bytes, sent unchanged.
    public static func bytes(_ value: some Sequence<UInt8>) -> RedisArgument {
        RedisArgument(bytes: Array(value))
    }

    /// An integer in decimal, as Redis expects for counts, TTLs and increments.
    public static func int(_ value: some BinaryInteger) -> RedisArgument {
        RedisArgument(bytes: Array(String(value).utf8))
    }

    /// A floating-point number in a form Redis parses (scores, `INCRBYFLOAT`).
    public static func double(_ value: Double) -> RedisArgument {
        RedisArgument(bytes: Array(String(value).utf8))
    }
}
