import CRdKafka
import Foundation
import Synchronization

/// Owns one `rd_kafka_t` (producer, consumer or admin client).
///
/// Lifetimes: the `CallbackContext` must outlive the `rd_kafka_t` (librdkafka calls back into it
/// until `rd_kafka_destroy` returns), so this object retains it and releases it only after
/// destroying the handle. The consumer queue, when there is one, is destroyed before the handle.
/// Other threads borrow the pointer through `withPointer`, a lease that `destroy` waits out, so
/// no call can race with `rd_kafka_destroy`.
final class RdKafkaHandle: @unchecked Sendable {
    // @unchecked: `pointer` and `context` never change, librdkafka's calls are thread-safe and
    // the lease state that guards destruction lives in a Mutex.
    private struct Lifecycle {
        var leases = 0
        var destroyed = false
    }

    private let pointer: OpaquePointer
    private let context: Unmanaged<CallbackContext>
    private let lifecycle = Mutex(Lifecycle())
    /// `rd_kafka_queue_get_consumer`, kept so another thread can wake a blocked consumer poll.
    private let consumerQueue: RdKafkaQueue?
    /// Producer topic handles by name (`rd_kafka_topic_t`), created on first use and destroyed
    /// before the `rd_kafka_t`. Producing by handle spares librdkafka a topic lookup per message.
    private let topicHandles = Mutex<[String: TopicHandle]>([:])

    private struct TopicHandle: @unchecked Sendable {  // rd_kafka_topic_t is thread-safe; freed only in destroy()
        let pointer: OpaquePointer
    }

    enum Kind {
        case producer
        case consumer
        /// Admin requests run on a producer-type handle.
        case admin
    }

    init(_ kind: Kind, configuration: RdKafkaConfiguration, context: CallbackContext) throws {
        let type = kind == .consumer ? RD_KAFKA_CONSUMER : RD_KAFKA_PRODUCER
        let unmanaged = Unmanaged.passRetained(context)
        var errorText = [CChar](repeating: 0, count: 512)
        var created: OpaquePointer?
        configuration.withPointer { conf in
            rd_kafka_conf_set_opaque(conf, unmanaged.toOpaque())
            created = rd_kafka_new(type, conf, &errorText, errorText.count)
        }
        guard let created else {
            unmanaged.release()
            let text = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw KafkaError(code: .invalidConfiguration, isRetryable: false, description: "rd_kafka_new: \(text)")
        }
        // rd_kafka_new took the configuration over.
        configuration.relinquish()
        pointer = created
        self.context = unmanaged
        if kind == .consumer {
            // Callbacks (rebalance, errors, logs) are then served by rd_kafka_consumer_poll.
            rd_kafka_poll_set_consumer(created)
            consumerQueue = rd_kafka_queue_get_consumer(created).map(RdKafkaQueue.init(taking:))
        } else {
            consumerQueue = nil
        }
    }

    deinit {
        destroy()
    }

    /// Lends the pointer to `body`; throws `closed` once `destroy` started.
    func withPointer<T>(_ operation: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        let leased = lifecycle.withLock { state -> Bool in
            guard !state.destroyed else { return false }
            state.leases += 1
            return true
        }
        guard leased else { throw KafkaError.closed(operation) }
        defer { lifecycle.withLock { $0.leases -= 1 } }
        return try body(pointer)
    }

    var isDestroyed: Bool { lifecycle.withLock { $0.destroyed } }

    /// The cached topic handle for `name`; call only inside a lease (`rk` is the leased pointer).
    func topicHandle(_ name: String, on rk: OpaquePointer) -> OpaquePointer? {
        let handle = topicHandles.withLock { handles -> TopicHandle? in
            if let existing = handles[name] { return existing }
            guard let created = rd_kafka_topic_new(rk, name, nil) else { return nil }
            handles[name] = TopicHandle(pointer: created)
            return TopicHandle(pointer: created)
        }
        return handle?.pointer
    }

    /// Makes a blocked `rd_kafka_consumer_poll` return now.
    func wakeConsumerPoll() {
        _ = try? withPointer("wake") { _ in consumerQueue?.yield() }
    }

    /// Destroys the handle once every lease is returned; idempotent. Blocking: call it on a
    /// dedicated thread (the clients' poll or admin thread), never the cooperative pool.
    ///
    /// - Parameter afterConsumerClose: the consumer was already closed (`closeConsumer`), so
    ///   `rd_kafka_destroy` must not close it again. A second close can wait forever: when the
    ///   group already terminated but had not flagged itself terminated yet, librdkafka answers
    ///   the second terminate request with an "in progress" error instead of the terminate reply
    ///   the close waits for (seen as a CI run hung in `rd_kafka_consumer_close` under
    ///   `rd_kafka_destroy_app`, the group in state TERM).
    func destroy(afterConsumerClose: Bool = false) {
        let first = lifecycle.withLock { state -> Bool in
            guard !state.destroyed else { return false }
            state.destroyed = true
            return true
        }
        guard first else { return }
        // Leases are short non-blocking calls; wait them out rather than free under a borrower.
        while lifecycle.withLock({ $0.leases }) > 0 {
            usleep(1000)
        }
        consumerQueue?.destroy()
        for topic in topicHandles.withLock({ $0.values }) { rd_kafka_topic_destroy(topic.pointer) }
        if afterConsumerClose {
            rd_kafka_destroy_flags(pointer, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
        } else {
            rd_kafka_destroy(pointer)
        }
        context.release()
    }
}
