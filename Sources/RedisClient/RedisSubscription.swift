import Logging

/// A live pub/sub subscription: an async sequence of the messages received.
///
/// It runs on its own connection and dedicated thread. After a connection loss it reconnects
/// with backoff and subscribes again to the same channels and patterns, so a long-lived
/// subscriber survives a Redis restart. Messages published while it is disconnected (or before
/// `awaitSubscribed` returns) are lost: Redis pub/sub does not store them.
///
/// Iterate it from one task. The sequence ends after `cancel()`, `RedisClient.close()`, or when
/// the iterating task is cancelled. Messages are buffered up to the `bufferSize` given to
/// `RedisClient.subscribe`; beyond it the oldest are dropped (and a warning is logged).
public final class RedisSubscription: AsyncSequence, Sendable {
    public typealias Element = RedisPubSubMessage
    public typealias Failure = Never

    private let stream: AsyncStream<RedisPubSubMessage>
    private let loop: SubscriberLoop?

    init(
        configuration: RedisConfiguration,
        channels: [String],
        patterns: [String],
        bufferSize: Int,
        logger: Logger,
        registry: SubscriberRegistry
    ) {
        let (stream, continuation) = AsyncStream.makeStream(
            of: RedisPubSubMessage.self, bufferingPolicy: .bufferingNewest(Swift.max(1, bufferSize)))
        self.stream = stream
        let loop = SubscriberLoop(
            configuration: configuration,
            channels: channels,
            patterns: patterns,
            logger: logger,
            continuation: continuation,
            onFinish: { registry.remove($0) }
        )
        // Registered before it starts, so `RedisClient.close()` cannot miss it.
        guard !channels.isEmpty || !patterns.isEmpty, registry.insert(loop) else {
            continuation.finish()
            self.loop = nil
            return
        }
        self.loop = loop
        continuation.onTermination = { _ in loop.cancel() }
        loop.start()
    }

    deinit {
        // Iterators keep their subscription alive, so this runs only when nobody can read it.
        loop?.cancel()
    }

    /// Returns once the server acknowledged every channel and pattern on the current connection.
    ///
    /// Call it before publishing in tests, and after a reconnect it waits for the re-subscribe.
    /// - Throws: `RedisError` `.timeout` after `timeout`, `.closed` if the subscription ended.
    public func awaitSubscribed(timeout: Duration = .seconds(10)) async throws {
        guard let loop else { throw RedisError.subscriptionClosed }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await loop.waitUntilSubscribed() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw RedisError(code: .timeout, message: "subscription not acknowledged within \(timeout)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Whether the subscription is currently acknowledged on a live connection.
    public var isSubscribed: Bool {
        loop?.subscribed ?? false
    }

    /// Unsubscribes and ends the sequence. Idempotent.
    public func cancel() {
        loop?.cancel()
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), owner: self)
    }

    /// Iterates the received messages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<RedisPubSubMessage>.Iterator
        /// Keeps the subscription (and so its connection) alive while someone iterates.
        let owner: RedisSubscription

        public mutating func next() async -> RedisPubSubMessage? {
            await base.next()
        }
    }
}
