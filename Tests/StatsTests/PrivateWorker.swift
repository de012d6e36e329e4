import Foundation
import KafkaClient
import Logging
import Pipeline
import Platform
import PostgresClient
import Synchronization
import TestSupport

/// A worker runtime of its own: one private topic (and dead-letter topic) carrying `commandType`,
/// consumed in a private group by the handler under test, so no other suite's worker takes its
/// commands and it takes no one else's. Counts the commands the handler finished.
final class PrivateWorker: Sendable {
    let topic: String
    let catalogue: TopicCatalogue
    let producer: KafkaProducer
    let postgres: PostgresClient
    private let finished = Mutex(0)

    init(commandType: String, postgres: PostgresClient) async throws {
        topic = TestStack.uniqueName("test.stats")
        catalogue = try TopicCatalogue.parse(yaml: """
            version: 1
            workers:
              stats: { group: \(TestStack.uniqueName("relais.test-stats")) }
            topics:
              \(topic):
                partitions: 1
                key: test key
                worker: stats
                commands: [\(commandType)]
                retry: { attempts: 3, initial: 100ms, max: 300ms, jitter: 0 }
                dead_letter: \(topic).dlq
              \(topic).dlq:
                partitions: 1
                key: same
            """)
        self.postgres = postgres
        producer = try TestClients.producer()
        let admin = try KafkaAdmin(brokers: TestStack.kafkaBrokers, logger: Logger(label: "test"))
        defer { admin.close() }
        try await TopicPlanner(admin: admin, catalogue: catalogue).apply()
    }

    var handled: Int { finished.withLock { $0 } }

    /// Produces `command` on the private topic with `traceparent`; returns its id.
    @discardableResult
    func publish(_ command: some Command, traceparent: TraceParent? = nil) async throws -> UUID {
        let envelope = try CommandEnvelope(command, actor: "system:test", traceparent: traceparent)
        _ = try await producer.send(envelope.message(topic: TopicName(topic)))
        return envelope.id
    }

    /// Runs `handler` in the runtime while `body` runs.
    func whileRunning<H: CommandHandler>(_ handler: H, _ body: () async throws -> Void) async throws {
        var handlers = HandlerRegistry()
        handlers.register(Counting(inner: handler, worker: self))
        let settings = RunnerSettings.testing
        let runner = WorkerRunner(worker: catalogue.workers[0], catalogue: catalogue, handlers: handlers, brokers: TestStack.kafkaBrokers,
                                  producer: producer, postgres: postgres, health: WorkerHealth(hungThreshold: .seconds(30)),
                                  settings: settings, logger: Logger(label: "test.stats-worker"))
        let task = Task { try await runner.run() }
        defer { task.cancel() }
        try await body()
        task.cancel()
        _ = await task.result
    }

    func close() async {
        await producer.shutdown(timeout: .seconds(5))
    }

    /// The handler under test, counting the commands it finished without throwing.
    private struct Counting<Inner: CommandHandler>: CommandHandler {
        let inner: Inner
        let worker: PrivateWorker

        func handle(_ command: Inner.Input, context: HandlerContext) async throws {
            try await inner.handle(command, context: context)
            worker.finished.withLock { $0 += 1 }
        }
    }
}
