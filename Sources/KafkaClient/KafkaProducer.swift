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
        try rdConfiguration.set("queue.buffering.max.messages", String(deliveries.capacity + 1024))
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
            try await deliveries.acquireSlot()
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    let id = deliveries.insert(.single(topic: message.topic, continuation: continuation))
                    if let failure = handle.produce(message, id: id), let pending = deliveries.withdraw(id) {
                        switch failure {
                        case .queueFull: pending.fail(EnqueueFailure.queueFull)
                        case .failed(let error): pending.fail(error)
                        }
                    }
                }
            } catch EnqueueFailure.queueFull {
                await Self.pause()
            }
        }
    }

    /// Enqueues every message, then waits for all their delivery reports.
    /// - Returns: one result per message, in the order given.
    /// - Throws: `KafkaError.Code.closed` if the producer was shut down before the first enqueue.
    public func sendBatch(_ messages: [KafkaOutgoingMessage]) async throws -> [Result<KafkaDeliveryReport, KafkaError>] {
        guard !messages.isEmpty else { return [] }
        guard latch.isOpen else { throw KafkaError.closed("send") }
        let collector = BatchCollector(topics: messages.map(\.topic))
        for (index, message) in messages.enumerated() {
            while true {
                let id: UInt64
                do {
                    id = try await deliveries.register(.batch(collector, index: index))
                } catch {
                    collector.record(index, .failure(error as? KafkaError ?? KafkaError.closed("send")))
                    break
                }
                guard let failure = handle.produce(message, id: id) else { break }
                guard let pending = deliveries.withdraw(id) else { break }
                if case .failed(let error) = failure {
                    pending.fail(error)
                    break
                }
                await Self.pause()
            }
            // Enqueueing is CPU work on the caller's thread; let other tasks run between chunks.
            if index % 4096 == 4095 { await Task.yield() }
        }
        return await collector.results()
    }

    /// Waits until every message sent so far was acknowledged or failed.
    /// - Throws: `KafkaError` with code `timedOut` if messages are still queued after `timeout`.
    public func flush(timeout: Duration) async throws {
        let handle = self.handle
        try await thread.run("flush") {
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
