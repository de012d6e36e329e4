/// The notifications of one `LISTEN`, as an async sequence with a single consumer.
///
/// Iteration ends after `cancel()`, after the client is closed, or when the consuming task is
/// cancelled (which also stops the listener).
public struct PostgresNotifications: AsyncSequence, Sendable {
    public typealias Element = PostgresNotification

    private let listener: NotificationListener

    init(listener: NotificationListener) { self.listener = listener }

    /// The channel listened to.
    public var channel: String { listener.channel }

    /// True while LISTEN is in effect (false while reconnecting).
    public var isListening: Bool { listener.isListening }

    /// Returns once LISTEN is in effect, so a NOTIFY sent afterwards will be delivered.
    /// - Throws: `.closed` if the listener was cancelled, `CancellationError` if the task was.
    public func waitUntilListening() async throws { try await listener.waitUntilListening() }

    /// Stops listening, closes the dedicated connection and ends the sequence.
    public func cancel() { listener.cancel() }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: listener.stream.makeAsyncIterator())
    }

    /// Iterates notifications in arrival order.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<PostgresNotification>.Iterator

        public mutating func next() async -> PostgresNotification? { await base.next() }
    }
}
