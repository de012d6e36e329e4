import Foundation
import KafkaClient
import Logging
import Metrics
import Synchronization

/// Handles the messages of one partition in order, one at a time, and stores each offset once
/// its message is settled (at-least-once). Pauses the partition when too many messages are
/// queued or while a retry message waits for its time, so one slow partition never holds the
/// consumer's other partitions back.
final class PartitionLane: Sendable {
    private struct State {
        var queued = 0
        var pausedForBuffer = false
        var pausedForDelay = false
        var stopped = false
    }

    let partition: KafkaTopicPartition
    private let consumedTopic: ConsumedTopic?
    /// `ordering: key`: commands of different keys run side by side, each key in order.
    private let keyParallel: Bool
    private let consumer: KafkaConsumer
    private let processor: MessageProcessor
    private let limiter: ConcurrencyLimiter
    private let bufferLimit: Int
    private let state = Mutex(State())
    private let stream: AsyncStream<[KafkaMessage]>
    private let input: AsyncStream<[KafkaMessage]>.Continuation
    private let metrics: LaneMetrics
    /// Offsets are stored (and lag recorded) every this many settled messages, and whenever the
    /// lane runs dry or stops: storing is a librdkafka call, and a later offset covers earlier ones.
    private static let storeEvery = 64

    init(partition: KafkaTopicPartition, consumer: KafkaConsumer, processor: MessageProcessor,
         limiter: ConcurrencyLimiter, bufferLimit: Int) {
        self.partition = partition
        consumedTopic = processor.consumedTopic(partition.topic)
        // Strict topics keep order per key too (their parking is per key), so keys run side by side.
        let ordering = consumedTopic?.spec.ordering ?? .partition
        keyParallel = ordering == .key || ordering == .strict
        self.consumer = consumer
        self.processor = processor
        self.limiter = limiter
        self.bufferLimit = max(1, bufferLimit)
        (stream, input) = AsyncStream.makeStream(of: [KafkaMessage].self)
        metrics = LaneMetrics(topic: partition.topic, partition: partition.partition)
    }

    /// Lag after `message` settled. Computed from the consumer's cached watermarks because the
    /// local broker answers ListOffsets wrongly (DESIGN.md).
    private func recordLag(after message: KafkaMessage) {
        guard let high = consumer.watermarks(partition)?.high else { return }
        let behind = max(0, high - message.offset - 1)
        metrics.lagMessages.record(behind)
        let age = behind > 0 ? max(0, -(message.timestamp?.timeIntervalSinceNow ?? 0)) : 0
        metrics.lagSeconds.record(age)
    }

    /// Queues messages of this partition, in order (a batch travels as one stream element).
    func enqueue(_ messages: [KafkaMessage]) {
        let pause = state.withLock { state -> Bool in
            state.queued += messages.count
            guard state.queued >= bufferLimit, !state.pausedForBuffer else { return false }
            state.pausedForBuffer = true
            return !state.pausedForDelay
        }
        if pause { try? consumer.pause([partition]) }
        input.yield(messages)
    }

    /// Stops taking messages: the one being handled finishes, the queued ones are dropped (their
    /// offsets were not stored, so they are redelivered to whoever owns the partition next).
    func stop() {
        state.withLock { $0.stopped = true }
        input.finish()
    }

    /// Processes until stopped. - Returns: the fatal failure that ended it, if any.
    func run() async -> HandlerFailure? {
        keyParallel ? await runByKey() : await runInOrder()
    }

    private func runInOrder() async -> HandlerFailure? {
        var unstored: KafkaMessage?
        var sinceStore = 0
        defer { if let unstored { store(unstored) } }
        for await batch in stream {
            for message in batch {
                if state.withLock({ $0.stopped }) { return nil }
                await limiter.acquire()
                let outcome = await processor.process(message, from: consumedTopic, metrics: metrics) { [self] due in await wait(until: due) }
                limiter.release()
                switch outcome {
                case .settled:
                    unstored = message
                    sinceStore += 1
                case .fatal(let failure):
                    return failure
                case .abandoned:
                    return nil
                }
                if dequeued() == 0 || sinceStore >= Self.storeEvery, let settled = unstored {
                    store(settled)
                    unstored = nil
                    sinceStore = 0
                }
            }
        }
        return nil
    }

    /// Marks `message` and everything before it in this partition as done.
    private func store(_ message: KafkaMessage) {
        // Fails only if the partition was revoked meanwhile: the new owner redelivers.
        try? consumer.storeOffset(message)
        recordLag(after: message)
    }

    /// Key-ordered parallelism: one task per key with work; the partition's offset advances only
    /// over messages that are all settled, so a crash never skips an unfinished command.
    private func runByKey() async -> HandlerFailure? {
        let work = KeyedWork()
        return await withTaskGroup(of: Void.self) { group in
            receiving: for await batch in stream {
                for message in batch {
                    if state.withLock({ $0.stopped }) || work.failed { break receiving }
                    work.tracker.withLock { $0.received(message.offset) }
                    let key = message.key.map { String(decoding: $0, as: UTF8.self) } ?? ""
                    guard work.enqueue(message, key: key) else { continue }
                    group.addTask { [self] in await runKey(key, work: work) }
                }
            }
            work.removeAll()
            await group.waitForAll()
            return work.fatal.withLock { $0 }
        }
    }

    /// Runs the queued commands of one key, in order, until none is left (or the lane stops).
    private func runKey(_ key: String, work: KeyedWork) async {
        while !work.failed, !state.withLock({ $0.stopped }), let next = work.next(for: key) {
            await limiter.acquire()
            let outcome = await processor.process(next, from: consumedTopic, metrics: metrics) { [self] due in await wait(until: due) }
            limiter.release()
            switch outcome {
            case .settled:
                if let committable = work.tracker.withLock({ $0.completed(next.offset) }) {
                    store(KafkaMessage(topic: next.topic, partition: next.partition, offset: committable,
                                       key: nil, value: [], headers: [], timestamp: next.timestamp))
                }
                dequeued()
            case .fatal(let failure):
                work.fatal.withLock { if $0 == nil { $0 = failure } }
                input.finish()
                return
            case .abandoned:
                return
            }
        }
    }

    /// - Returns: how many messages are still queued.
    @discardableResult
    private func dequeued() -> Int {
        let (resume, queued) = state.withLock { state -> (Bool, Int) in
            state.queued -= 1
            guard state.pausedForBuffer, state.queued <= bufferLimit / 2 else { return (false, state.queued) }
            state.pausedForBuffer = false
            return (!state.pausedForDelay && !state.stopped, state.queued)
        }
        if resume { try? consumer.resume([partition]) }
        return queued
    }

    /// Holds this partition (paused, so nothing more is fetched for it) until `due`.
    private func wait(until due: Date) async {
        let pause = state.withLock { state -> Bool in
            state.pausedForDelay = true
            return !state.pausedForBuffer
        }
        if pause { try? consumer.pause([partition]) }
        let delay = due.timeIntervalSinceNow
        if delay > 0 { try? await Task.sleep(for: .milliseconds(Int64(delay * 1_000))) }
        let resume = state.withLock { state -> Bool in
            state.pausedForDelay = false
            return !state.pausedForBuffer && !state.stopped
        }
        if resume { try? consumer.resume([partition]) }
    }
}
