import Foundation
import KafkaClient
import Logging
import Metrics
import PostgresClient

/// Gives up on a command: copies it to the topic's dead-letter topic with provenance headers,
/// then indexes it in `pipeline.dead_letters` (with its envelope, so a replay does not depend on
/// the dead-letter topic's retention). A crash between the two re-runs both on redelivery; the
/// index ignores the duplicate.
struct DeadLetterWriter: Sendable {
    let producer: KafkaProducer
    let postgres: PostgresClient
    let consumerGroup: String

    /// - Returns: the dead letter's id.
    @discardableResult
    func write(_ envelope: CommandEnvelope, position: DeliveryPosition, deadLetterTopic: String,
               failure: HandlerFailure, attempts: Int) async throws -> UUID {
        let now = Date.now
        var message = envelope.message(topic: TopicName(deadLetterTopic))
        message.headers += position.headers(failedAt: now) + [
            KafkaHeader(key: CommandHeader.errorCode, string: failure.code),
            KafkaHeader(key: CommandHeader.errorMessage, string: failure.message),
        ]
        _ = try await producer.send(message)
        let id = UUIDv7.make(at: now)
        try await postgres.execute("""
            INSERT INTO pipeline.dead_letters
                (id, consumer_group, source_topic, source_partition, source_offset, dead_letter_topic,
                 command_id, command_type, version, message_key, actor, traceparent, issued_at, payload,
                 attempts, error_code, error_message, first_failure_at, last_failure_at)
            VALUES (\(id), \(consumerGroup), \(position.topic), \(position.partition), \(position.offset), \(deadLetterTopic),
                    \(envelope.id), \(envelope.type), \(envelope.version), \(envelope.key), \(envelope.actor),
                    \(envelope.traceparent?.description), \(envelope.issuedAt), \(envelope.payload),
                    \(attempts), \(failure.code), \(String(failure.message.prefix(500))), \(position.firstFailureAt ?? now), \(now))
            ON CONFLICT (consumer_group, command_id) WHERE replayed_at IS NULL AND discarded_at IS NULL DO NOTHING
            """)
        Counter(label: "relais_worker_dead_lettered_total", dimensions: [("topic", position.topic), ("code", failure.code)]).increment()
        return id
    }
}
