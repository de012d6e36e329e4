import Foundation
import PostgresClient
import Synchronization

/// Keeps `ordering: strict` topics in order past a dead letter: once a key's command is
/// dead-lettered, later commands of that key are parked in `pipeline.parked_commands` instead of
/// running out of order, until `relais dlq replay` (or discard) re-drives them. Other keys flow.
final class StrictOrderParking: Sendable {
    private let postgres: PostgresClient
    private let consumerGroup: String
    /// "topic␀key" → the open dead letter blocking that key.
    private let blocked = Mutex<[String: UUID]>([:])

    init(postgres: PostgresClient, consumerGroup: String) {
        self.postgres = postgres
        self.consumerGroup = consumerGroup
    }

    /// Loads the keys blocked by open dead letters (after a restart).
    func load(topics: [String]) async throws {
        guard !topics.isEmpty else { return }
        let rows = try await postgres.query("""
            SELECT DISTINCT ON (source_topic, message_key) id, source_topic, message_key
            FROM pipeline.dead_letters
            WHERE consumer_group = \(consumerGroup) AND source_topic = ANY(\(topics))
              AND replayed_at IS NULL AND discarded_at IS NULL
            ORDER BY source_topic, message_key, created_at DESC
            """)
        let loaded = try rows.map { row in
            (Self.slot(try row.decode(String.self, column: "source_topic"), try row.decode(String.self, column: "message_key")),
             try row.decode(UUID.self, column: "id"))
        }
        blocked.withLock { table in
            for (slot, id) in loaded { table[slot] = id }
        }
    }

    func blockKey(_ key: String, topic: String, deadLetter: UUID) {
        blocked.withLock { $0[Self.slot(topic, key)] = deadLetter }
    }

    /// Parks `envelope` if its key is blocked by a dead letter that is still open.
    /// - Returns: true when parked (the caller settles the message without running it).
    func parkIfBlocked(_ envelope: CommandEnvelope, topic: String) async throws -> Bool {
        let slot = Self.slot(topic, envelope.key)
        guard let deadLetter = blocked.withLock({ $0[slot] }) else { return false }
        // Replay and discard run in other processes: ask the database whether it is still open.
        let open = try await postgres.query("""
            SELECT 1 AS open FROM pipeline.dead_letters
            WHERE id = \(deadLetter) AND replayed_at IS NULL AND discarded_at IS NULL
            """)
        guard !open.isEmpty else {
            blocked.withLock { table in
                if table[slot] == deadLetter { table[slot] = nil }
            }
            return false
        }
        try await postgres.execute("""
            INSERT INTO pipeline.parked_commands
                (consumer_group, source_topic, message_key, blocked_by, command_id, command_type, version,
                 actor, traceparent, issued_at, payload)
            VALUES (\(consumerGroup), \(topic), \(envelope.key), \(deadLetter), \(envelope.id), \(envelope.type),
                    \(envelope.version), \(envelope.actor), \(envelope.traceparent?.description), \(envelope.issuedAt),
                    \(envelope.payload))
            ON CONFLICT (consumer_group, command_id) DO NOTHING
            """)
        return true
    }

    private static func slot(_ topic: String, _ key: String) -> String { topic + "\u{0}" + key }
}
