import Dispatch
import Logging

/// An idempotent (`acks=all`) Kafka producer.
///
/// Delivery reports are served by a dedicated poll thread; each `send` resumes when the broker
/// acknowledged its record. Call `shutdown(timeout:)` before dropping the producer to flush
/// what is queued; dropping it without does the same in the background.
public final class KafkaProducer: Sendable {
    private let handle: RdKafkaHandle
    private let deliveries: DeliveryRegistry
    private let thread: DedicatedThread
    private let latch = CloseLatch()
    private let logger: Logger
    private let messageTimeout: Duration

    /// Connects lazily: construction fails only for invalid configuration.
    /// - Throws: `KafkaError` with code `invalidConfiguration`.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws {
        let deliveries = DeliveryRegistry(capacity: configuration.maxInFlightMessages)
        let rdConfiguration = try RdKafkaConfiguration()
        // librdkafka's queue is a little larger than our slot count: a freed slot can be reused
        // a moment before librdkafka drops the delivered message from its count.
        try rdConfiguration.set("queue.buffering.max.messages", String(min(deliveries.capacity + 1024, Int(Int32.max))))
        try rdConfiguration.set(configuration.properties())
        RdKafkaCallbacks.installProducer(on: rdConfiguration)
        let handle = try RdKafkaHandle(
            .producer, configuration: rdConfiguration,
            context: CallbackContext(logger: logger, deliveries: deliveries)
        )
        self.handle = handle
        self.deliveries = deliveries
        self.logger = logger
        self.messageTimeout = configuration.messageTimeout
        thread = DedicatedThread(name: "kafka-producer-poll", idle: {
            handle.pollEvents(timeoutMilliseconds: 100)
            deliveries.completePending()
        })
    }

    deinit {
        if latch.beginWithoutWaiting() {
            thread.stop(after: Self.shutdownJob(
                handle: handle, deliveries: deliveries, timeout: messageTimeout, logger: logger, latch: latch
            ))
        }
    }

    /// Sends one record and waits for the broker's acknowledgement.
    /// - Returns: where the record was stored.
    /// - Throws: `KafkaError` (`timedOut` after `messageTimeout`, `unknownTopic`,
    ///   `messageTooLarge`, `closed`, ...). When the local queue is full the send waits for room
    ///   instead of failing.
    public func send(_ message: KafkaOutgoingMessage) async throws -> KafkaDeliveryReport {
        while true {
            _ = try await deliveries.acquireSlots(upTo: 1)
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    let id = deliveries.insert(topic: message.topic, continuation: continuation)
                    switch handle.produce(message, opaque: id) {
                    case nil: break
                    case .queueFull: deliveries.failSingle(id, with: EnqueueFailure.queueFull)
                    case .failed(let error): deliveries.failSingle(id, with: error)
                    }
                }
            } catch EnqueueFailure.queueFull {
                await Self.pause()
            }
        }
    }

    /// Enqueues every message, then waits for all their delivery reports. Faster than many
    /// concurrent `send` calls: one registration per batch, one handle lease per chunk.
    /// - Returns: one result per message, in the order given.
    /// - Throws: `KafkaError.Code.closed` if the producer was shut down before the call.
    public func sendBatch(_ messages: [KafkaOutgoingMessage]) async throws -> [Result<KafkaDeliveryReport, KafkaError>] {
        guard !messages.isEmpty else { return [] }
        guard messages.count < Int(UInt32.max) else {
            throw KafkaError(code: .invalidArgument, isRetryable: false, description: "sendBatch: too many messages")
        }
        let collector = BatchCollector(topics: messages.map(\.topic))
        let batch = try deliveries.insert(collector)
        var next = messages.startIndex
        while next < messages.endIndex {
            let granted: Int
            do {
                granted = try await deliveries.acquireSlots(upTo: min(messages.endIndex - next, 4096))
            } catch {
                let failure = error as? KafkaError ?? KafkaError.closed("send")
                for index in next..<messages.endIndex { deliveries.recordUnsent(batch: batch, index: index, failure) }
                break
            }
            let chunk = messages[next..<(next + granted)]
            var refused = 0
            let queueFullAt = handle.produce(chunk, opaque: { DeliveryRegistry.opaque(batch: batch, index: $0) }) { index, error in
                refused += 1
                deliveries.recordUnsent(batch: batch, index: index, error)
            }
            let enqueuedUpTo = queueFullAt ?? chunk.endIndex
            // Slots of refused messages and of those after a full queue were not used.
            deliveries.releaseSlots(refused + (chunk.endIndex - enqueuedUpTo))
            next = enqueuedUpTo
            if queueFullAt != nil { await Self.pause() } else { await Task.yield() }
        }
        return await collector.results()
    }

    /// Waits until every message sent so far was acknowledged or failed.
    /// - Throws: `KafkaError` with code `timedOut` if messages are still queued after `timeout`.
    public func flush(timeout: Duration) async throws {
        let handle = self.handle
        let deliveries = self.deliveries
        try await thread.run("flush") {
            // Reports served inside the flush are buffered; apply them whatever the outcome.
            defer { deliveries.completePending() }
            try handle.flush(timeoutMilliseconds: timeout.timeoutMilliseconds)
        }
    }

    /// Flushes for up to `timeout`, fails what is still queued with `closed`, stops the poll
    /// thread and destroys the client. Idempotent; later sends throw `closed`.
    public func shutdown(timeout: Duration) async {
        await latch.close {
            let job = Self.shutdownJob(
                handle: handle, deliveries: deliveries, timeout: timeout, logger: logger, latch: latch
            )
            if !thread.stop(after: job) { latch.finish() }
        }
    }

    private static func shutdownJob(
        handle: RdKafkaHandle, deliveries: DeliveryRegistry, timeout: Duration, logger: Logger, latch: CloseLatch
    ) -> DedicatedThread.Job {
        return {
            do {
                try handle.flush(timeoutMilliseconds: timeout.timeoutMilliseconds)
            } catch {
                logger.warning("producer shutdown: messages still queued, failing them", metadata: [
                    "error": "\(error)", "in_flight": "\(deliveries.inFlight)",
                ])
                handle.purgeAndServe()
            }
            deliveries.completePending()
            deliveries.close(with: KafkaError.closed("send"))
            handle.destroy()
            latch.finish()
        }
    }

    /// Waits a moment for delivery reports to free room, ignoring task cancellation: a send
    /// either enqueues or fails, it is never silently dropped.
    private static func pause() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(1)) { continuation.resume() }
        }
    }
}
