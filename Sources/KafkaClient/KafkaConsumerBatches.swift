/// The records a `KafkaConsumer` receives, as non-empty batches of what was buffered, in order
/// per partition. Meant for one iterating task; ends after `KafkaConsumer.close()`, and a waiting
/// `next()` returns `nil` when its task is cancelled.
public struct KafkaConsumerBatches: AsyncSequence, Sendable {
    public typealias Element = [KafkaMessage]
    public typealias Failure = Never

    let buffer: MessageBuffer
    let maxCount: Int

    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let buffer: MessageBuffer
        let maxCount: Int

        public mutating func next() async -> [KafkaMessage]? {
            await buffer.nextBatch(maxCount: maxCount)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer, maxCount: maxCount)
    }
}
