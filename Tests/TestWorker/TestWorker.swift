import Foundation
import Ingress
import KafkaClient
import Logging
import Pipeline
import Platform
import PostgresClient
import Prometheus
import ServiceLifecycle

/// A worker process for the integration tests: the real `WorkerRunner`, status listener and
/// service group, with one test handler, so tests can `kill -9` it, run two of it, and watch
/// `/health`. Configured by the same variables as `relais work` plus `TEST_TABLE`.
@main
struct TestWorker {
    struct Visit: Command {
        static let commandType = CommandType("RecordVisit", version: 1, topic: "unused")
        let visitorID: UUID
        let page: String
        var orderingKey: String { visitorID.uuidString.lowercased() }
    }

    /// Records each visit once (inbox); page "hang" never returns, "slow" takes 50 ms.
    struct VisitHandler: CommandHandler {
        let postgres: PostgresClient
        let table: String

        func handle(_ visit: Visit, context: HandlerContext) async throws {
            if visit.page == "hang" { try await Task.sleep(for: .seconds(3_600)) }
            if visit.page == "slow" { try await Task.sleep(for: .milliseconds(50)) }
            try await Inbox.once(group: context.consumerGroup, commandID: context.commandID, postgres: postgres) { connection in
                try await connection.execute("""
                    INSERT INTO \(identifier: table) (command_id, page, handled_by) VALUES (\(context.commandID), \(visit.page), \(Int(getpid())))
                    """)
            }
        }
    }

    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration = try RelaisConfiguration()
        var logger = Logger(label: "test-worker")
        logger.logLevel = .warning
        let catalogue = try TopicCatalogue.load(path: configuration.topicsFile)
        guard let worker = catalogue.workers.first, let table = environment["TEST_TABLE"] else {
            throw ConfigurationError(variable: "TEST_TABLE", reason: "and a catalogue with one worker are required")
        }
        let metrics = MetricsSetup.bootstrap()
        let postgres = PostgresClient(configuration: try PostgresConfiguration(url: configuration.database.url), logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(brokers: configuration.kafka.brokers), logger: logger)
        var handlers = HandlerRegistry()
        handlers.register(VisitHandler(postgres: postgres, table: table))
        var settings = RunnerSettings()
        settings.sessionTimeout = .seconds(6)
        settings.heartbeatInterval = .seconds(1)
        settings.shutdownDeadline = .seconds(5)
        settings.hungHandlerThreshold = .seconds(2)
        let health = WorkerHealth(hungThreshold: settings.hungHandlerThreshold)
        let runner = WorkerRunner(worker: worker, catalogue: catalogue, handlers: handlers, brokers: configuration.kafka.brokers,
                                  producer: producer, postgres: postgres, health: health, settings: settings, logger: logger)
        let status = WorkerStatusApplication.build(host: "127.0.0.1", port: configuration.workerPort, health: health,
                                                   metrics: metrics, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [status, runner], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        try await group.run()
        await producer.shutdown(timeout: .seconds(5))
        await postgres.close()
    }
}
