import Foundation
import KafkaClient
import Logging
import PostgresClient
import ServiceLifecycle
import Synchronization

/// Runs one worker kind: a consumer in the kind's consumer group subscribed to its topics and
/// their retry topics, one `PartitionLane` per assigned partition (in order within a partition,
/// partitions concurrently up to `maxConcurrentHandlers`).
///
/// Shutdown (SIGTERM): stop fetching, let each lane finish the message in hand (queued ones are
/// left for redelivery), commit the stored offsets, leave the group. Scaling out = more
/// processes running the same kind: Kafka splits the partitions between them.
public final class WorkerRunner: Service, Sendable {
    private let worker: WorkerSpec
    private let catalogue: TopicCatalogue
    private let handlers: HandlerRegistry
    private let brokers: String
    private let producer: KafkaProducer
    private let postgres: PostgresClient
    private let health: WorkerHealth
    private let settings: RunnerSettings
    private let logger: Logger

    public init(worker: WorkerSpec, catalogue: TopicCatalogue, handlers: HandlerRegistry, brokers: String,
                producer: KafkaProducer, postgres: PostgresClient, health: WorkerHealth, settings: RunnerSettings, logger: Logger) {
        self.worker = worker
        self.catalogue = catalogue
        self.handlers = handlers
        self.brokers = brokers
        self.producer = producer
        self.postgres = postgres
        self.health = health
        self.settings = settings
        var logger = logger
        logger[metadataKey: "worker"] = "\(worker.kind)"
        logger[metadataKey: "consumer_group"] = "\(worker.group)"
        self.logger = logger
    }

    public func run() async throws {
        let topics = catalogue.topics(ownedBy: worker.kind)
        let subscriptions = topics.flatMap { [$0.name] + ($0.retryTopic.map { [$0] } ?? []) }
        guard !subscriptions.isEmpty else {
            logger.warning("worker kind owns no topic; idle")
            try? await gracefulShutdown()
            return
        }
        var configuration = KafkaConsumerConfiguration(brokers: brokers, groupID: worker.group)
        configuration.clientID = "relais-\(worker.kind)"
        configuration.sessionTimeout = settings.sessionTimeout
        configuration.heartbeatInterval = settings.heartbeatInterval
        configuration.autoOffsetReset = settings.newGroupStartsAt
        // One consumer per kind: a kind owning a low-latency topic fetches with a short wait.
        if topics.contains(where: { $0.latency == .low }) { configuration.fetchWaitMax = settings.lowLatencyFetchWait }
        // After a resume or a full local queue, fetch again soon rather than after librdkafka's 1 s.
        configuration.extra["fetch.queue.backoff.ms"] = "20"
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        try consumer.subscribe(topics: subscriptions)

        let parking = StrictOrderParking(postgres: postgres, consumerGroup: worker.group)
        try await parking.load(topics: topics.filter { $0.ordering == .strict }.map(\.name))
        let processor = MessageProcessor(worker: worker, catalogue: catalogue, handlers: handlers, producer: producer,
                                         postgres: postgres, parking: parking, health: health, settings: settings, logger: logger)
        let lanes = LaneTable(consumer: consumer, processor: processor,
                              limiter: ConcurrencyLimiter(limit: settings.maxConcurrentHandlers), bufferLimit: settings.partitionBuffer)
        logger.info("worker started", metadata: ["topics": "\(subscriptions.joined(separator: ","))"])

        let events = Task {
            for await event in consumer.events {
                if case .revoked(let partitions) = event { lanes.stop(partitions) }
            }
        }
        // Set before the first lane exists, so a fatal failure always stops fetching.
        let fetching = CancellableTask()
        lanes.onFatal = { fetching.cancel() }
        let dispatcher = Task {
            for await batch in consumer.batches() {
                lanes.dispatch(batch)
            }
        }
        fetching.set(dispatcher)
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await dispatcher.value
            } onCancel: {
                dispatcher.cancel()
            }
        } onGracefulShutdown: {
            dispatcher.cancel()
        }
        let fatal = await lanes.drain(deadline: settings.shutdownDeadline, logger: logger)
        events.cancel()
        do {
            try await consumer.commit()
        } catch {
            logger.warning("final offset commit failed; the uncommitted commands will be redelivered", metadata: ["error": "\(error)"])
        }
        await consumer.close()
        logger.info("worker stopped")
        if let fatal { throw WorkerFatalError(worker: worker.kind, failure: fatal) }
    }
}

/// A task slot that can be cancelled before the task is stored (the cancel then applies on store).
private final class CancellableTask: Sendable {
    private struct State {
        var task: Task<Void, Never>?
        var cancelled = false
    }

    private let state = Mutex(State())

    func set(_ task: Task<Void, Never>) {
        let cancelNow = state.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelNow { task.cancel() }
    }

    func cancel() {
        let task = state.withLock { state -> Task<Void, Never>? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}
