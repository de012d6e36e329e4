import Dispatch
import Synchronization

/// Consumed messages on their way from the poll thread to the application's iterator.
///
/// Bounded: when `capacity` messages wait, the poll thread stops polling (librdkafka keeps its
/// own bounded prefetch). Pausing a partition moves its buffered messages aside, in order, and
/// resuming puts them back: librdkafka resumes fetching after the last message it handed us, so
/// nothing is lost or repeated.
final class MessageBuffer: Sendable {
    private struct State {
        var queue = FIFO<KafkaMessage>()
        var held: [KafkaTopicPartition: [KafkaMessage]] = [:]
        var paused: Set<KafkaTopicPartition> = []
        var waiters: [(id: UInt64, continuation: CheckedContinuation<KafkaMessage?, Never>)] = []
        var nextWaiterID: UInt64 = 0
        var pollerWaiting = false
        var finished = false
    }

    let capacity: Int
    private let state = Mutex(State())
    /// Wakes the poll thread when it waits for room.
    private let room = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    // MARK: poll thread side

    var hasRoom: Bool { state.withLock { $0.queue.count < capacity } }

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

    func push(_ message: KafkaMessage) {
        let waiter = state.withLock { state -> CheckedContinuation<KafkaMessage?, Never>? in
            guard !state.finished else { return nil }
            let partition = message.topicPartition
            if state.paused.contains(partition) {
                state.held[partition, default: []].append(message)
                return nil
            }
            if !state.waiters.isEmpty { return state.waiters.removeFirst().continuation }
            state.queue.append(message)
            return nil
        }
        waiter?.resume(returning: message)
    }

    // MARK: application side

    private enum Ready {
        case message(KafkaMessage)
        case finished
        case empty
    }

    /// The next message, or `nil` once the consumer closed (or the task was cancelled).
    func next() async -> KafkaMessage? {
        switch popReady() {
        case .message(let message): return message
        case .finished: return nil
        case .empty: break
        }
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<KafkaMessage?, Never>) in
                let ready = state.withLock { state -> Ready in
                    if let message = state.queue.popFirst() { return .message(message) }
                    if state.finished || Task.isCancelled { return .finished }
                    state.waiters.append((id, continuation))
                    return .empty
                }
                switch ready {
                case .message(let message): continuation.resume(returning: message)
                case .finished: continuation.resume(returning: nil)
                case .empty: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<KafkaMessage?, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: nil)
        }
    }

    private func popReady() -> Ready {
        let (ready, signal) = state.withLock { state -> (Ready, Bool) in
            guard let message = state.queue.popFirst() else {
                return (state.finished ? .finished : .empty, false)
            }
            let signal = state.pollerWaiting && state.queue.count <= capacity / 2
            if signal { state.pollerWaiting = false }
            return (.message(message), signal)
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
        var handOver: [(CheckedContinuation<KafkaMessage?, Never>, KafkaMessage)] = []
        state.withLock { state in
            for partition in partitions where state.paused.remove(partition) != nil {
                for message in state.held.removeValue(forKey: partition) ?? [] {
                    if !state.waiters.isEmpty {
                        handOver.append((state.waiters.removeFirst().continuation, message))
                    } else {
                        state.queue.append(message)
                    }
                }
            }
        }
        for (waiter, message) in handOver { waiter.resume(returning: message) }
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
