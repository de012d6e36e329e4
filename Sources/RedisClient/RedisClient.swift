import Logging
import Synchronization

/// A Redis client built on hiredis: commands travel on a few multiplexed SwiftNIO connections
/// (hiredis formats and parses, NIO moves the bytes); subscriptions use blocking hiredis
/// connections on dedicated threads.
///
/// Connections open lazily on first use, so `init` never fails or blocks. When the server goes
/// away, calls fail fast with a retryable `.connection` error; once it is back, calls succeed
/// again on the same client. Every public method is safe to call from any task.
public final class RedisClient: Sendable {
    /// The configuration the client was created with.
    public let configuration: RedisConfiguration
    private let logger: Logger
    private let pool: MultiplexedPool
    private let subscribers = SubscriberRegistry()
    private let isClosed = Atomic<Bool>(false)

    /// Creates a client; no connection is made until the first command.
    /// - Parameter logger: receives connection-state events; never commands, values or passwords.
    public init(configuration: RedisConfiguration, logger: Logger) {
        var logger = logger
        logger[metadataKey: "redis.server"] = "\(configuration.host):\(configuration.port)"
        self.configuration = configuration
        self.logger = logger
        self.pool = MultiplexedPool(configuration: configuration, logger: logger)
    }

    deinit {
        close()
    }

    /// Sends one command, given as strings, and returns its reply.
    /// - Throws: `RedisError`: `.server` for an error reply, `.connection`, `.timeout`, `.closed`.
    @discardableResult
    public func send(_ arguments: String...) async throws -> RedisValue {
        try await send(arguments.map(RedisArgument.string))
    }

    /// Sends one command with binary-safe arguments and returns its reply.
    /// - Throws: `RedisError`: `.server` for an error reply, `.connection`, `.timeout`, `.closed`.
    @discardableResult
    public func send(_ arguments: [RedisArgument]) async throws -> RedisValue {
        let reply = try await pool.execute([arguments])[0]
        if case .error(let message) = reply {
            throw RedisError.server(message)
        }
        return reply
    }

    /// Sends all `commands` in one round trip and returns their replies in the same order.
    ///
    /// An error reply to one command is returned in place as `.error`; the others still run.
    /// That text is the server's raw message and may echo arguments: wrap it with `RedisError`
    /// semantics of your own before logging it. Redis does not make a pipeline atomic (wrap it
    /// in `MULTI`/`EXEC` for that).
    /// - Throws: `RedisError` when the connection fails (replies already read are lost).
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        return try await pool.execute(commands)
    }

    /// Runs a Lua script with `EVALSHA`, loading it first when the server does not know it.
    /// - Throws: `RedisError(.server)` when the script fails or returns an error reply.
    public func evaluate(
        _ script: RedisScript, keys: [String], arguments: [RedisArgument]
    ) async throws -> RedisValue {
        let evalsha: [RedisArgument] =
            ["EVALSHA", .string(script.sha1), .int(keys.count)] + keys.map(RedisArgument.string) + arguments
        var reply = try await pool.execute([evalsha])[0]
        // The script cache is empty after a restart or SCRIPT FLUSH: load the script and run it
        // again, both in one request so they travel on the same connection.
        if case .error(let message) = reply, message.hasPrefix("NOSCRIPT") {
            let replies = try await pool.execute([["SCRIPT", "LOAD", .string(script.source)], evalsha])
            reply = replies[0].errorMessage == nil ? replies[1] : replies[0]
        }
        if case .error(let message) = reply {
            throw RedisError.server(message)
        }
        return reply
    }

    /// Checks that the server answers `PING` (readiness probes).
    /// - Throws: `RedisError` when it does not.
    public func ping() async throws {
        let reply = try await send("PING")
        guard reply.string == "PONG" else {
            throw RedisError(code: .protocolError, message: "unexpected reply to PING")
        }
    }

    /// Publishes `payload` on `channel` and returns how many subscribers received it.
    @discardableResult
    public func publish(_ channel: String, _ payload: [UInt8]) async throws -> Int64 {
        let reply = try await send(["PUBLISH", .string(channel), .bytes(payload)])
        guard case .integer(let receivers) = reply else {
            throw RedisError(code: .protocolError, message: "unexpected reply to PUBLISH")
        }
        return receivers
    }

    /// Subscribes to `channels` and `patterns` on a dedicated connection.
    ///
    /// Returns at once; use `awaitSubscribed()` to know the server acknowledged. With nothing to
    /// subscribe to, or on a closed client, the returned sequence is already finished.
    /// - Parameter bufferSize: messages kept while the consumer is slower than the publishers.
    public func subscribe(
        channels: [String], patterns: [String] = [], bufferSize: Int = 10_000
    ) -> RedisSubscription {
        RedisSubscription(
            configuration: configuration,
            channels: channels,
            patterns: patterns,
            bufferSize: bufferSize,
            logger: logger,
            registry: subscribers
        )
    }

    /// Closes the client: queued commands fail with `.closed`, subscriptions end, and pooled
    /// connections are freed once their current command finishes. Idempotent.
    public func close() {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        pool.close()
        subscribers.close()
    }
}
