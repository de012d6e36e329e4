import KafkaClient
import Logging
import Synchronization

/// The partition lanes of one consumer and the tasks running them.
final class LaneTable: Sendable {
    private struct Entry {
        let lane: PartitionLane
        let task: Task<HandlerFailure?, Never>
    }

    private let consumer: KafkaConsumer
    private let processor: MessageProcessor
    private let limiter: ConcurrencyLimiter
    private let bufferLimit: Int
    private let entries = Mutex<[KafkaTopicPartition: Entry]>([:])
    private let retired = Mutex<[Task<HandlerFailure?, Never>]>([])
    private let fatalSignal = FatalSignal()

    init(consumer: KafkaConsumer, processor: MessageProcessor, limiter: ConcurrencyLimiter, bufferLimit: Int) {
        self.consumer = consumer
        self.processor = processor
        self.limiter = limiter
        self.bufferLimit = bufferLimit
    }

    /// Called once when a lane ends with a fatal failure (the runner stops fetching).
    var onFatal: (@Sendable () -> Void)? {
        get { fatalSignal.handler.withLock { $0 } }
        set { fatalSignal.handler.withLock { $0 = newValue } }
    }

    /// Hands each message of a consumed batch to its partition's lane, in order.
    func dispatch(_ batch: [KafkaMessage]) {
        var byPartition: [KafkaTopicPartition: [KafkaMessage]] = [:]
        for message in batch { byPartition[message.topicPartition, default: []].append(message) }
        let lanes = entries.withLock { entries in
            byPartition.map { partition, messages in (lane(for: partition, in: &entries), messages) }
        }
        for (lane, messages) in lanes { lane.enqueue(messages) }
    }

    private func lane(for partition: KafkaTopicPartition, in entries: inout [KafkaTopicPartition: Entry]) -> PartitionLane {
        if let existing = entries[partition] { return existing.lane }
        let lane = PartitionLane(partition: partition, consumer: consumer, processor: processor,
                                 limiter: limiter, bufferLimit: bufferLimit)
        let task = Task { [fatalSignal] in
            let failure = await lane.run()
            if failure != nil { fatalSignal.handler.withLock { $0 }?() }
            return failure
        }
        entries[partition] = Entry(lane: lane, task: task)
        return lane
    }

    /// Partitions revoked by a rebalance: their lanes stop after the message in hand.
    func stop(_ partitions: [KafkaTopicPartition]) {
        let stopped = entries.withLock { entries in partitions.compactMap { entries.removeValue(forKey: $0) } }
        for entry in stopped { entry.lane.stop() }
        retired.withLock { $0 += stopped.map(\.task) }
    }

    /// Stops every lane and waits for them up to `deadline`.
    /// - Returns: the first fatal failure a lane reported.
    func drain(deadline: Duration, logger: Logger) async -> HandlerFailure? {
        let all = entries.withLock { entries -> [Entry] in
            defer { entries.removeAll() }
            return Array(entries.values)
        }
        for entry in all { entry.lane.stop() }
        let tasks = all.map(\.task) + retired.withLock { $0 }
        return await withTaskGroup(of: HandlerFailure??.self) { group in
            group.addTask {
                var first: HandlerFailure?
                for task in tasks {
                    if let failure = await task.value, first == nil { first = failure }
                }
                return .some(first)
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return .none
            }
            let result = await group.next() ?? .none
            group.cancelAll()
            guard let result else {
                logger.error("shutdown deadline passed with handlers still running; their commands will be redelivered")
                for task in tasks { task.cancel() }
                return nil
            }
            return result
        }
    }
}

/// Holds the runner's "stop fetching" action for lanes that hit a fatal failure.
private final class FatalSignal: Sendable {
    let handler = Mutex<(@Sendable () -> Void)?>(nil)
}
