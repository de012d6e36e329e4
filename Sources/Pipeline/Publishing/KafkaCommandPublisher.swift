import KafkaClient
import Logging
import Metrics
import Platform

/// Publishes commands straight to Kafka through the idempotent producer and waits for the
/// delivery report. The wait is bounded by the producer's message timeout (`KAFKA_PUBLISH_TIMEOUT_MS`):
/// a command is either acknowledged (`CommandReceipt`) or reported as not sent
/// (`brokerUnavailable`), never silently dropped.
public struct KafkaCommandPublisher: CommandPublisher {
    private let producer: KafkaProducer
    private let catalogue: TopicCatalogue
    private let logger: Logger

    public init(producer: KafkaProducer, catalogue: TopicCatalogue, logger: Logger) {
        self.producer = producer
        self.catalogue = catalogue
        self.logger = logger
    }

    public func publish<C: Command>(_ command: C, actor: String?, traceparent: TraceParent?) async throws -> CommandReceipt {
        let envelope = try CommandEnvelope(command, actor: actor, traceparent: traceparent?.child() ?? .random())
        return try await publish(envelope, to: C.commandType.topic)
    }

    public func publish(_ envelope: CommandEnvelope, to topic: TopicName) async throws -> CommandReceipt {
        guard catalogue.topic(named: topic.name) != nil else {
            throw PipelineError(code: .unknownTopic, description: "topic \(topic.name) is not declared in topics.yaml")
        }
        let report: KafkaDeliveryReport
        do {
            report = try await producer.send(envelope.message(topic: topic))
        } catch {
            Counter(label: "relais_commands_publish_failed_total", dimensions: [("topic", topic.name)]).increment()
            logger.warning("command not acknowledged", metadata: [
                "command_id": "\(envelope.id)", "command_type": "\(envelope.type)", "topic": "\(topic.name)",
                "error": "\(error)",
            ])
            throw PipelineError(code: .brokerUnavailable, description: "the broker did not acknowledge the command")
        }
        Counter(label: "relais_commands_published_total", dimensions: [("topic", topic.name)]).increment()
        return CommandReceipt(commandID: envelope.id, topic: report.topic, partition: report.partition, offset: report.offset)
    }
}
