import CRdKafka

/// Owns one `rd_kafka_queue_t`. It must be destroyed before the `rd_kafka_t` it belongs to:
/// `RdKafkaHandle` destroys its consumer queue first, and admin reply queues live only inside a
/// lease of the handle.
final class RdKafkaQueue: @unchecked Sendable {
    // @unchecked: rd_kafka_queue_* calls are thread-safe; `pointer` is only cleared by `destroy`,
    // which the owner calls once no other thread can use the queue.
    private var pointer: OpaquePointer?

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// A new reply queue for admin requests on `handle` (a leased pointer).
    convenience init?(newFor handle: OpaquePointer) {
        guard let queue = rd_kafka_queue_new(handle) else { return nil }
        self.init(taking: queue)
    }

    deinit {
        destroy()
    }

    func destroy() {
        if let pointer { rd_kafka_queue_destroy(pointer) }
        pointer = nil
    }

    func yield() {
        if let pointer { rd_kafka_queue_yield(pointer) }
    }

    /// Passes the raw queue to an admin call that posts its result here.
    func withPointer<T>(_ body: (OpaquePointer?) -> T) -> T {
        body(pointer)
    }

    /// Waits up to `timeoutMilliseconds` for the next event; blocking (dedicated threads only).
    func poll(timeoutMilliseconds: Int32) -> RdKafkaEvent? {
        guard let pointer, let event = rd_kafka_queue_poll(pointer, timeoutMilliseconds) else { return nil }
        return RdKafkaEvent(taking: event)
    }
}
