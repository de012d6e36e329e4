import Logging

/// A consumer-group member.
///
/// A dedicated thread polls librdkafka and fills a bounded buffer that `messages` drains.
/// Offsets are committed only for messages you pass to `storeOffset(_:)` (see
/// `KafkaConsumerConfiguration` for when they are committed). Call `close()` when done.
public final class KafkaConsumer: Sendable {
    private let handle: RdKafkaHandle
    private let state: ConsumerState
    private let thread: DedicatedThread
    private let latch = CloseLatch()

    /// Group membership changes and consumer errors. Keeps the newest 1,000 undelivered events;
    /// finishes after `close()`.
    public let events: AsyncStream<KafkaConsumerEvent>

    /// - Throws: `KafkaError` with code `invalidConfiguration`.
    public init(configuration: KafkaConsumerConfiguration, logger: Logger) throws {
        let (events, continuation) = AsyncStream.makeStream(
            of: KafkaConsumerEvent.self, bufferingPolicy: .bufferingNewest(1000)
        )
        var logger = logger
        logger[metadataKey: "kafka.group"] = "\(configuration.groupID)"
        let state = ConsumerState(
            buffer: MessageBuffer(capacity: configuration.messageBufferSize), events: continuation, logger: logger
        )
        let rdConfiguration = try RdKafkaConfiguration()
        try rdConfiguration.set(configuration.properties())
        RdKafkaCallbacks.installConsumer(on: rdConfiguration)
        let handle = try RdKafkaHandle(
            .consumer, configuration: rdConfiguration, context: CallbackContext(logger: logger, consumer: state)
        )
        self.handle = handle
        self.state = state
        self.events = events
        thread = DedicatedThread(
            name: "kafka-consumer-poll",
            idle: { state.poll(handle) },
            wake: {
                handle.wakeConsumerPoll()
                state.buffer.wakePoller()
            }
        )
    }

    deinit {
        if latch.beginWithoutWaiting() {
            thread.stop(after: Self.closeJob(handle: handle, state: state, latch: latch))
        }
    }

    /// The records of the subscribed topics. Iterate from one task only.
    public var messages: KafkaConsumerMessages {
        KafkaConsumerMessages(buffer: state.buffer)
    }

    /// The same records as `messages`, delivered in batches of whatever is buffered (at most
    /// `maxCount`, in order per partition): the cheap way to consume at high rates. Iterate
    /// either `messages` or `batches`, from one task only.
    public func batches(maxCount: Int = 512) -> KafkaConsumerBatches {
        KafkaConsumerBatches(buffer: state.buffer, maxCount: maxCount)
    }

    /// Joins the group for `topics` (replacing any previous subscription); assignment follows
    /// asynchronously (see `events`).
    public func subscribe(topics: [String]) throws {
        try handle.subscribe(topics)
    }

    /// Marks `message` processed: its offset + 1 is committed with the next commit.
    /// - Throws: `KafkaError` with code `notAssigned` when the partition was revoked meanwhile
    ///   (its new owner will process the message again).
    public func storeOffset(_ message: KafkaMessage) throws {
        try handle.storeOffset(message.topicPartition, offset: message.offset + 1)
    }

    /// Commits the stored offsets now and waits for the broker's answer (on the poll thread).
    public func commit() async throws {
        let handle = self.handle
        try await thread.run("commit") { try handle.commitStored() }
    }

    /// Stops delivering `partitions` until `resume`: buffered messages of these partitions are
    /// held back (in order) and librdkafka stops fetching them. A revoked partition loses its pause.
    public func pause(_ partitions: [KafkaTopicPartition]) throws {
        guard !partitions.isEmpty else { return }
        state.buffer.pause(partitions)
        try handle.pause(partitions)
    }

    /// Delivers `partitions` again, starting with the messages held back by `pause`.
    public func resume(_ partitions: [KafkaTopicPartition]) throws {
        guard !partitions.isEmpty else { return }
        try handle.resume(partitions)
        state.buffer.resume(partitions)
    }

    /// The partitions currently assigned to this consumer.
    public func assignment() throws -> [KafkaTopicPartition] {
        try handle.assignment()
    }

    /// The low and high watermarks last seen in fetch responses for `tp` (no broker round-trip);
    /// `nil` before the first fetch. Lag = high - next offset to consume.
    public func watermarks(_ tp: KafkaTopicPartition) -> (low: Int64, high: Int64)? {
        handle.cachedWatermarks(tp)
    }

    /// Commits stored offsets, leaves the group, ends `messages` and `events`, and destroys the
    /// client. Idempotent.
    public func close() async {
        await latch.close {
            if !thread.stop(after: Self.closeJob(handle: handle, state: state, latch: latch)) {
                latch.finish()
            }
        }
    }

    private static func closeJob(handle: RdKafkaHandle, state: ConsumerState, latch: CloseLatch) -> DedicatedThread.Job {
        return {
            if let error = handle.closeConsumer() { state.report(error) }
            state.finish()
            handle.destroy(afterConsumerClose: true)
            latch.finish()
        }
    }
}
