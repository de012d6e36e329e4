import Foundation
import Platform
import PostgresClient

/// Writes commands to `pipeline.outbox` inside the caller's transaction, so a command exists if
/// and only if the rows it is about were committed. `OutboxPublisher` ships them to Kafka.
public enum Outbox {
    /// The NOTIFY channel that wakes the publisher; the notification is delivered at commit.
    public static let channel = "relais_outbox"

    /// Adds `command` to the outbox on `connection`, which must be inside a transaction.
    /// - Returns: the command id, which the caller can return to its client.
    @discardableResult
    public static func enqueue<C: Command>(_ command: C, actor: String?, traceparent: TraceParent?,
                                           on connection: some PostgresQueryable) async throws -> UUID {
        let envelope = try CommandEnvelope(command, actor: actor, traceparent: traceparent?.child() ?? .random())
        try await enqueue(envelope, topic: C.commandType.topic, on: connection)
        return envelope.id
    }

    /// Adds an already-built envelope (used by tests and by dead-letter replay).
    public static func enqueue(_ envelope: CommandEnvelope, topic: TopicName, on connection: some PostgresQueryable) async throws {
        // One round trip: the notification rides on the insert (handlers enqueue on hot paths).
        _ = try await connection.query("""
            WITH queued AS (
                INSERT INTO pipeline.outbox
                    (command_id, topic, message_key, command_type, version, actor, traceparent, issued_at, payload)
                VALUES (\(envelope.id), \(topic.name), \(envelope.key), \(envelope.type), \(envelope.version),
                        \(envelope.actor), \(envelope.traceparent?.description), \(envelope.issuedAt), \(envelope.payload))
                RETURNING seq
            )
            SELECT pg_notify(\(channel), '') FROM queued
            """)
    }
}
