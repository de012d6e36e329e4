import CRdKafka
import Synchronization

/// Sends waiting for their delivery report. librdkafka carries a 64-bit id as each message's
/// opaque: a single `send` gets a sequence number, a message of a `sendBatch` gets
/// `batchTag | batch << 32 | index`, so a whole batch costs one table entry. Whoever removes
/// an entry (or, for a batch, records an index first) resumes it, so every continuation is
/// resumed exactly once: by the report, a failed enqueue, or `close`.
///
/// It also bounds the messages in flight: a send first takes one of `capacity` slots (waiting
/// FIFO when none is free), so librdkafka's own queue, sized a little larger, rarely fills.
final class DeliveryRegistry: Sendable {
    typealias SingleContinuation = CheckedContinuation<KafkaDeliveryReport, any Error>

    private static let batchTag: UInt64 = 1 << 63

    private struct State {
        var nextID: UInt64 = 1
        var singles: [UInt64: (topic: String, continuation: SingleContinuation)] = [:]
        var nextBatch: UInt64 = 0
        var batches: [UInt64: BatchCollector] = [:]
        var slotsInUse = 0
        var slotWaiters = FIFO<SlotWaiter>()
        var closed = false
    }

    /// A send waiting for slots: it takes up to `limit` of them at once.
    private struct SlotWaiter {
        let limit: Int
        let continuation: CheckedContinuation<Int, any Error>
    }

    /// One delivery report copied out of librdkafka, waiting to be applied.
    struct Report {
        let id: UInt64
        let err: rd_kafka_resp_err_t
        let partition: Int32
        let offset: Int64
    }

    let capacity: Int
    private let state = Mutex(State())
    /// Reports buffered by the C callback during one `rd_kafka_poll`/`flush`, applied together by
    /// `completePending`: one lock per batch instead of three per message.
    private let pendingReports = Mutex<[Report]>([])
    /// A waiting batch is resumed once this many slots (or all it asked for) are free, not on
    /// every delivery report: at the cap, per-report wake-ups made the producer enqueue one
    /// message per resume and cost a third of its throughput.
    private let wakeThreshold: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        wakeThreshold = max(1, min(1024, self.capacity / 16))
    }

    // MARK: slots

    /// Takes between 1 and `limit` slots, waiting (FIFO) while too few are free.
    /// - Returns: how many slots the caller now holds.
    func acquireSlots(upTo limit: Int) async throws -> Int {
        let wanted = max(1, limit)
        let granted = try state.withLock { state -> Int in
            guard !state.closed else { throw KafkaError.closed("send") }
            // Earlier waiters go first.
            guard state.slotWaiters.isEmpty else { return 0 }
            let granted = min(wanted, capacity - state.slotsInUse)
            guard granted > 0 else { return 0 }
            state.slotsInUse += granted
            return granted
        }
        if granted > 0 { return granted }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
            let ready = state.withLock { state -> [(CheckedContinuation<Int, any Error>, Int)]? in
                if state.closed { return nil }
                state.slotWaiters.append(SlotWaiter(limit: wanted, continuation: continuation))
                return grantWaiters(&state)
            }
            guard let ready else {
                continuation.resume(throwing: KafkaError.closed("send"))
                return
            }
            for (waiter, count) in ready { waiter.resume(returning: count) }
        }
    }

    /// Gives back slots: of delivered messages, or taken but not used for an enqueued message.
    func releaseSlots(_ count: Int) {
        guard count > 0 else { return }
        let ready = state.withLock { state -> [(CheckedContinuation<Int, any Error>, Int)] in
            state.slotsInUse -= count
            return grantWaiters(&state)
        }
        for (waiter, granted) in ready { waiter.resume(returning: granted) }
    }

    private func releaseSlot() {
        releaseSlots(1)
    }

    /// Hands free slots to waiters in order; the caller resumes them outside the lock.
    private func grantWaiters(_ state: inout State) -> [(CheckedContinuation<Int, any Error>, Int)] {
        var ready: [(CheckedContinuation<Int, any Error>, Int)] = []
        while let first = state.slotWaiters.first {
            let free = capacity - state.slotsInUse
            guard free >= min(first.limit, wakeThreshold) else { break }
            let granted = min(first.limit, free)
            state.slotsInUse += granted
            _ = state.slotWaiters.popFirst()
            ready.append((first.continuation, granted))
        }
        return ready
    }

    // MARK: single sends

    /// Records a send that holds a slot; returns its id (never 0, which would read as NULL).
    func insert(topic: String, continuation: SingleContinuation) -> UInt64 {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.singles[id] = (topic, continuation)
            return id
        }
    }

    /// Fails a single send librdkafka refused to enqueue, and frees its slot.
    func failSingle(_ id: UInt64, with error: any Error) {
        guard let entry = state.withLock({ $0.singles.removeValue(forKey: id) }) else { return }
        releaseSlot()
        entry.continuation.resume(throwing: error)
    }

    // MARK: batches

    /// Registers a batch; messages of it are enqueued with `opaque(batch:index:)`.
    func insert(_ collector: BatchCollector) throws -> UInt64 {
        try state.withLock { state in
            guard !state.closed else { throw KafkaError.closed("send") }
            state.nextBatch = (state.nextBatch + 1) & 0x7FFF_FFFF
            state.batches[state.nextBatch] = collector
            return state.nextBatch
        }
    }

    static func opaque(batch: UInt64, index: Int) -> UInt64 {
        batchTag | batch << 32 | UInt64(index)
    }

    /// Records the result of a batch message that never reached librdkafka (holds no slot).
    func recordUnsent(batch: UInt64, index: Int, _ error: KafkaError) {
        guard let collector = state.withLock({ $0.batches[batch] }) else { return }
        finishIfDone(batch, collector, collector.record(index, .failure(error)))
    }

    // MARK: reports

    /// Buffers a report (C callback, inside `rd_kafka_poll` or `rd_kafka_flush`).
    func buffer(_ report: Report) {
        pendingReports.withLock { $0.append(report) }
    }

    /// Applies the buffered reports; called after each poll or flush returns.
    func completePending() {
        let reports = pendingReports.withLock { buffered -> [Report] in
            defer { buffered.removeAll(keepingCapacity: true) }
            return buffered
        }
        guard !reports.isEmpty else { return }
        var batchReports: [UInt64: [Report]] = [:]
        for report in reports {
            if report.id & Self.batchTag != 0 {
                batchReports[(report.id & ~Self.batchTag) >> 32, default: []].append(report)
            } else {
                completeSingle(report)
            }
        }
        let collectors = state.withLock { state in
            batchReports.keys.compactMap { batch in state.batches[batch].map { (batch, $0) } }
        }
        var delivered = 0
        for (batch, collector) in collectors {
            let results = (batchReports[batch] ?? []).map { report in
                let index = Int(report.id & 0xFFFF_FFFF)
                return (index, Self.result(report, topic: collector.topic(at: index)))
            }
            delivered += results.count
            finishIfDone(batch, collector, collector.record(results))
        }
        releaseSlots(delivered)
    }

    private static func result(_ report: Report, topic: @autoclosure () -> String) -> Result<(partition: Int32, offset: Int64), KafkaError> {
        report.err == RD_KAFKA_RESP_ERR_NO_ERROR
            ? .success((report.partition, report.offset))
            : .failure(KafkaError(report.err, context: "send to topic '\(topic())'"))
    }

    /// Applies the report of a single `send`. Unknown ids (already failed by `close`) are ignored.
    private func completeSingle(_ report: Report) {
        guard let entry = state.withLock({ $0.singles.removeValue(forKey: report.id) }) else { return }
        releaseSlot()
        entry.continuation.resume(with: Self.result(report, topic: entry.topic).map {
            KafkaDeliveryReport(topic: entry.topic, partition: $0.partition, offset: $0.offset)
        }.mapError { $0 as any Error })
    }

    private func finishIfDone(_ batch: UInt64, _ collector: BatchCollector, _ done: Bool) {
        guard done else { return }
        state.withLock { state in
            if state.batches[batch] === collector { state.batches[batch] = nil }
        }
    }

    /// Fails every waiting send and slot waiter with `error`; later sends throw `closed`.
    func close(with error: KafkaError) {
        let (singles, batches, waiters) = state.withLock { state in
            state.closed = true
            let singles = Array(state.singles.values)
            let batches = Array(state.batches.values)
            state.singles.removeAll()
            state.batches.removeAll()
            var waiters: [CheckedContinuation<Int, any Error>] = []
            while let waiter = state.slotWaiters.popFirst() { waiters.append(waiter.continuation) }
            return (singles, batches, waiters)
        }
        for entry in singles { entry.continuation.resume(throwing: error) }
        for collector in batches { collector.failRemaining(error) }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    var inFlight: Int { state.withLock { $0.slotsInUse } }
}
