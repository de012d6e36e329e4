import Foundation
import PostgresClient

/// Runs a handler's PostgreSQL effects at most once per (consumer group, command id): the inbox
/// row and the effects commit in one transaction, so a redelivered command changes nothing.
///
/// Effects outside PostgreSQL (sending an email, publishing to Redis) cannot join that
/// transaction. Do them *after* `once` returned true and accept the remaining window: if the
/// process dies between the commit and the external effect, the redelivery finds the inbox row
/// and skips — the effect is lost rather than doubled. Handlers that prefer at-least-once for
/// their external effect record their own "sent" marker instead (see each worker's docs).
public enum Inbox {
    /// - Returns: false when the command was already handled (nothing was run), true otherwise.
    @discardableResult
    public static func once<T: Sendable>(
        group: String, commandID: UUID, postgres: PostgresClient,
        _ effects: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> Bool {
        try await postgres.withTransaction { connection in
            let inserted = try await connection.execute("""
                INSERT INTO pipeline.inbox (consumer_group, command_id) VALUES (\(group), \(commandID))
                ON CONFLICT DO NOTHING
                """)
            guard inserted == 1 else { return false }
            _ = try await effects(connection)
            return true
        }
    }

    /// Whether a command was already handled by a group (for handlers with external effects).
    public static func wasHandled(group: String, commandID: UUID, on connection: some PostgresQueryable) async throws -> Bool {
        let rows = try await connection.query("""
            SELECT 1 AS handled FROM pipeline.inbox WHERE consumer_group = \(group) AND command_id = \(commandID)
            """)
        return !rows.isEmpty
    }
}
