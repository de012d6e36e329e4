import Dispatch
import Synchronization

/// Consumed messages on their way from the poll thread to the application's iterator.
///
/// Bounded: when `capacity` messages wait, the poll thread stops polling (librdkafka keeps its
/// own bounded prefetch). Messages move in batches in both directions — one lock and at most one
/// task wake-up per batch rather than per message, which is most of a no-op consumer's cost.
/// Pausing a partition moves its buffered messages aside, in order, and resuming puts them back:
/// librdkafka resumes fetching after the last message it handed us, so nothing is lost or repeated.
final class MessageBuffer: Sendable {
    private struct Waiter {
        let id: UInt64
        let maxCount: Int
        let continuation: CheckedContinuation<[KafkaMessage]?, Never>
    }

    private struct State {
        var queue = FIFO<KafkaMessage>()
        var held: [KafkaTopicPartition: [KafkaMessage]] = [:]
        var paused: Set<KafkaTopicPartition> = []
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var pollerWaiting = false
        var finished = false

        /// Hands queued messages to waiting iterators; returns who to resume with what.
        mutating func serveWaiters() -> [(CheckedContinuation<[KafkaMessage]?, Never>, [KafkaMessage])] {
            var served: [(CheckedContinuation<[KafkaMessage]?, Never>, [KafkaMessage])] = []
            while !waiters.isEmpty, !queue.isEmpty {
                let waiter = waiters.removeFirst()
                served.append((waiter.continuation, queue.popFirst(upTo: waiter.maxCount)))
            }
            return served
        }
    }

    let capacity: Int
    private let state = Mutex(State())
    /// Wakes the poll thread when it waits for room.
    private let room = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    // MARK: poll thread side

    var count: Int { state.withLock { $0.queue.count } }

    /// Waits (poll thread) until the application drained half the buffer, or `wakePoller`.
    func waitForRoom(timeoutMilliseconds: Int) {
        let full = state.withLock { state -> Bool in
            guard state.queue.count >= capacity, !state.finished else { return false }
            state.pollerWaiting = true
            return true
        }
        if full { _ = room.wait(timeout: .now() + .milliseconds(timeoutMilliseconds)) }
    }

    func wakePoller() {
        room.signal()
    }

    /// Appends `messages` (in poll order) and wakes waiting iterators.
    func push(_ messages: [KafkaMessage]) {
        guard !messages.isEmpty else { return }
        let served = state.withLock { state -> [(CheckedContinuation<[KafkaMessage]?, Never>, [KafkaMessage])] in
            guard !state.finished else { return [] }
            for message in messages {
                let partition = message.topicPartition
                if state.paused.contains(partition) {
                    state.held[partition, default: []].append(message)
                } else {
                    state.queue.append(message)
                }
            }
            return state.serveWaiters()
        }
        for (waiter, batch) in served { waiter.resume(returning: batch) }
    }

    // MARK: application side

    /// Up to `maxCount` messages in order (at least one), or `nil` once the consumer closed (or
    /// the task was cancelled).
    func nextBatch(maxCount: Int) async -> [KafkaMessage]? {
        let maxCount = max(1, maxCount)
        if let ready = popReady(maxCount) { return ready.isEmpty ? nil : ready }
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[KafkaMessage]?, Never>) in
                enum Now { case batch([KafkaMessage]), finished, wait }
                let now = state.withLock { state -> Now in
                    if !state.queue.isEmpty { return .batch(state.queue.popFirst(upTo: maxCount)) }
                    if state.finished || Task.isCancelled { return .finished }
                    state.waiters.append(Waiter(id: id, maxCount: maxCount, continuation: continuation))
                    return .wait
                }
                switch now {
                case .batch(let batch): continuation.resume(returning: batch)
                case .finished: continuation.resume(returning: nil)
                case .wait: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<[KafkaMessage]?, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: nil)
        }
    }

    /// The next message, or `nil` once the consumer closed (or the task was cancelled).
    func next() async -> KafkaMessage? {
        await nextBatch(maxCount: 1)?.first
    }

    /// A non-empty batch, `[]` when finished, `nil` when nothing is queued yet.
    private func popReady(_ maxCount: Int) -> [KafkaMessage]? {
        let (ready, signal) = state.withLock { state -> ([KafkaMessage]?, Bool) in
            guard !state.queue.isEmpty else { return (state.finished ? [] : nil, false) }
            let batch = state.queue.popFirst(upTo: maxCount)
            let signal = state.pollerWaiting && state.queue.count <= capacity / 2
            if signal { state.pollerWaiting = false }
            return (batch, signal)
        }
        if signal { room.signal() }
        return ready
    }

    // MARK: pause, resume, revoke, finish

    func pause(_ partitions: [KafkaTopicPartition]) {
        let set = Set(partitions)
        state.withLock { state in
            state.paused.formUnion(set)
            for message in state.queue.extract(where: { set.contains($0.topicPartition) }) {
                state.held[message.topicPartition, default: []].append(message)
            }
        }
    }

    func resume(_ partitions: [KafkaTopicPartition]) {
        let served = state.withLock { state -> [(CheckedContinuation<[KafkaMessage]?, Never>, [KafkaMessage])] in
            for partition in partitions where state.paused.remove(partition) != nil {
                for message in state.held.removeValue(forKey: partition) ?? [] { state.queue.append(message) }
            }
            return state.serveWaiters()
        }
        for (waiter, batch) in served { waiter.resume(returning: batch) }
    }

    /// Drops what is buffered for revoked partitions and forgets their pause; returns the ones
    /// that were paused, so librdkafka's pause flag can be cleared too.
    func revoke(_ partitions: [KafkaTopicPartition]) -> [KafkaTopicPartition] {
        let set = Set(partitions)
        return state.withLock { state in
            _ = state.queue.extract(where: { set.contains($0.topicPartition) })
            let wasPaused = state.paused.intersection(set)
            state.paused.subtract(set)
            for partition in set { state.held.removeValue(forKey: partition) }
            return Array(wasPaused)
        }
    }

    /// Ends the sequence: pending and later `next()` calls return `nil`.
    func finish() {
        let waiters = state.withLock { state in
            state.finished = true
            state.queue.removeAll()
            state.held.removeAll()
            let waiters = state.waiters.map(\.continuation)
            state.waiters.removeAll()
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        room.signal()
    }
}
