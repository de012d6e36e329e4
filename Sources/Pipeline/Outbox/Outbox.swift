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
        let entry = try Entry(command, actor: actor, traceparent: traceparent)
        try await enqueue([entry], on: connection)
        return entry.envelope.id
    }

    /// Adds an already-built envelope (used by tests and by dead-letter replay).
    public static func enqueue(_ envelope: CommandEnvelope, topic: TopicName, on connection: some PostgresQueryable) async throws {
        try await enqueue([Entry(envelope: envelope, topic: topic)], on: connection)
    }

    /// Adds several commands in one statement (one per `maximumEntriesPerStatement`), in order:
    /// a handler with several follow-ups pays one round trip, not one per command. Nothing
    /// happens for an empty list.
    public static func enqueue(_ entries: [Entry], on connection: some PostgresQueryable) async throws {
        // A statement takes at most 65,535 parameters (nine per command): long lists go in chunks.
        for start in stride(from: 0, to: entries.count, by: maximumEntriesPerStatement) {
            try await insert(entries[start..<min(start + maximumEntriesPerStatement, entries.count)], on: connection)
        }
    }

    /// Commands per INSERT: nine parameters each keeps a statement far below PostgreSQL's limit.
    public static let maximumEntriesPerStatement = 1_000

    private static func insert(_ entries: ArraySlice<Entry>, on connection: some PostgresQueryable) async throws {
        var query: PostgresQuery = """
            WITH queued AS (
                INSERT INTO pipeline.outbox
                    (command_id, topic, message_key, command_type, version, actor, traceparent, issued_at, payload)
                VALUES
            """
        for (index, entry) in entries.enumerated() {
            let envelope = entry.envelope
            if index > 0 { query.append(",") }
            query.append("""
                (\(envelope.id), \(entry.topic.name), \(envelope.key), \(envelope.type), \(envelope.version),
                 \(envelope.actor), \(envelope.traceparent?.description), \(envelope.issuedAt), \(envelope.payload))
                """)
        }
        // One round trip: the notification rides on the insert (handlers enqueue on hot paths).
        query.append("""

                RETURNING seq
            )
            SELECT pg_notify(\(channel), '') FROM queued LIMIT 1
            """)
        _ = try await connection.query(query)
    }

    /// A command made ready for `enqueue(_:on:)`: its envelope and the topic it goes to.
    public struct Entry: Sendable {
        public let envelope: CommandEnvelope
        public let topic: TopicName

        public init(envelope: CommandEnvelope, topic: TopicName) {
            self.envelope = envelope
            self.topic = topic
        }

        /// Wraps `command` as `enqueue(_:actor:traceparent:on:)` does.
        public init<C: Command>(_ command: C, actor: String?, traceparent: TraceParent?) throws {
            self.init(envelope: try CommandEnvelope(command, actor: actor, traceparent: traceparent?.child() ?? .random()),
                      topic: C.commandType.topic)
        }
    }
}
