import CRdKafka
import Synchronization

/// Sends waiting for their delivery report, keyed by the id librdkafka carries as each message's
/// opaque. Whoever removes an entry under the lock resumes it, so every continuation is resumed
/// exactly once (by the report, a failed enqueue, or `close`).
///
/// It also bounds the messages in flight: a send first takes one of `capacity` slots (waiting
/// FIFO when none is free), so librdkafka's own queue, sized a little larger, rarely fills.
final class DeliveryRegistry: Sendable {
    enum Pending: Sendable {
        case single(topic: String, continuation: CheckedContinuation<KafkaDeliveryReport, any Error>)
        case batch(BatchCollector, index: Int)

        func resolve(_ result: Result<(partition: Int32, offset: Int64), KafkaError>) {
            switch self {
            case .single(let topic, let continuation):
                continuation.resume(with: result.map {
                    KafkaDeliveryReport(topic: topic, partition: $0.partition, offset: $0.offset)
                }.mapError { $0 as any Error })
            case .batch(let collector, let index):
                collector.record(index, result)
            }
        }

        func fail(_ error: any Error) {
            switch self {
            case .single(_, let continuation):
                continuation.resume(throwing: error)
            case .batch(let collector, let index):
                let kafkaError = error as? KafkaError ?? KafkaError(code: .other(-1), isRetryable: false, description: "send failed")
                collector.record(index, .failure(kafkaError))
            }
        }

        var topic: String {
            switch self {
            case .single(let topic, _): return topic
            case .batch(let collector, let index): return collector.topic(at: index)
            }
        }
    }

    private struct State {
        var nextID: UInt64 = 1
        var pending: [UInt64: Pending] = [:]
        var slotsInUse = 0
        var slotWaiters = FIFO<CheckedContinuation<Void, any Error>>()
        var closed = false
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Takes a slot, waiting for one to free up if all are in use.
    func acquireSlot() async throws {
        let acquired = try state.withLock { state -> Bool in
            guard !state.closed else { throw KafkaError.closed("send") }
            guard state.slotsInUse < capacity else { return false }
            state.slotsInUse += 1
            return true
        }
        if acquired { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome = state.withLock { state -> Result<Bool, KafkaError> in
                if state.closed { return .failure(KafkaError.closed("send")) }
                if state.slotsInUse < capacity {
                    state.slotsInUse += 1
                    return .success(true)
                }
                state.slotWaiters.append(continuation)
                return .success(false)
            }
            switch outcome {
            case .success(true): continuation.resume()
            case .success(false): break
            case .failure(let error): continuation.resume(throwing: error)
            }
        }
    }

    /// Records a send that holds a slot; returns its id (never 0, which would read as NULL).
    func insert(_ pending: Pending) -> UInt64 {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = pending
            return id
        }
    }

    /// `acquireSlot` followed by `insert`, in one lock round-trip when a slot is free.
    func register(_ pending: Pending) async throws -> UInt64 {
        let fast = try state.withLock { state -> UInt64? in
            guard !state.closed else { throw KafkaError.closed("send") }
            guard state.slotsInUse < capacity else { return nil }
            state.slotsInUse += 1
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = pending
            return id
        }
        if let fast { return fast }
        try await acquireSlot()
        return insert(pending)
    }

    /// A delivery report arrived (poll thread). Unknown ids (already failed by `close`) are ignored.
    func complete(id: UInt64, err: rd_kafka_resp_err_t, partition: Int32, offset: Int64) {
        guard let pending = remove(id) else { return }
        if err == RD_KAFKA_RESP_ERR_NO_ERROR {
            pending.resolve(.success((partition, offset)))
        } else {
            pending.resolve(.failure(KafkaError(err, context: "send to topic '\(pending.topic)'")))
        }
    }

    /// Takes back a send that librdkafka refused, so the caller can fail or retry it.
    func withdraw(_ id: UInt64) -> Pending? {
        remove(id)
    }

    /// Fails every waiting send and slot waiter with `error`; later sends throw `closed`.
    func close(with error: KafkaError) {
        let (pending, waiters) = state.withLock { state in
            state.closed = true
            let pending = Array(state.pending.values)
            state.pending.removeAll()
            var waiters: [CheckedContinuation<Void, any Error>] = []
            while let waiter = state.slotWaiters.popFirst() { waiters.append(waiter) }
            return (pending, waiters)
        }
        for entry in pending { entry.fail(error) }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    var inFlight: Int { state.withLock { $0.pending.count } }

    private func remove(_ id: UInt64) -> Pending? {
        let (pending, waiter) = state.withLock { state -> (Pending?, CheckedContinuation<Void, any Error>?) in
            guard let pending = state.pending.removeValue(forKey: id) else { return (nil, nil) }
            // Hand the freed slot straight to the oldest waiter, or give it back.
            if let waiter = state.slotWaiters.popFirst() {
                return (pending, waiter)
            }
            state.slotsInUse -= 1
            return (pending, nil)
        }
        waiter?.resume()
        return pending
    }
}
