/// The records a `KafkaConsumer` receives, in order per partition. Meant for one iterating task;
/// the sequence ends after `KafkaConsumer.close()`, and a waiting `next()` returns `nil` when its
/// task is cancelled.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaMessage
    public typealias Failure = Never

    let buffer: MessageBuffer

    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let buffer: MessageBuffer

        public mutating func next() async -> KafkaMessage? {
            await buffer.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer)
    }
}
