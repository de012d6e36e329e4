import Foundation
import Platform
import PostgresClient

/// Delayed commands ("send this reminder at T"), stored in `pipeline.scheduled_commands` inside
/// the caller's transaction and moved to the outbox by the `CommandScheduler` leader once due.
///
/// The whole envelope is built and stored when the command is scheduled, so what reaches Kafka is
/// exactly what was scheduled: same command id, payload, actor, trace and `relais-issued-at` (the
/// time it was scheduled; the Kafka timestamp tells when it was emitted).
public enum ScheduledCommands {
    /// Schedules `command` for `date` on `connection` (normally inside the transaction that
    /// decided it, like `Outbox.enqueue`). A date in the past makes it due at once.
    /// - Returns: the command id, which `cancel(id:on:)` accepts and the emitted command carries.
    /// - Throws: `PipelineError` (`encoding`) or `PostgresError`.
    @discardableResult
    public static func schedule<C: Command>(_ command: C, at date: Date, actor: String?, traceparent: TraceParent?,
                                            on connection: some PostgresQueryable) async throws -> UUID {
        let envelope = try CommandEnvelope(command, actor: actor, traceparent: traceparent?.child() ?? .random())
        try await schedule(envelope, topic: C.commandType.topic, at: date, on: connection)
        return envelope.id
    }

    /// Schedules an already-built envelope (the id must not have been scheduled before).
    /// - Throws: `PostgresError` (`uniqueViolation` for a reused command id).
    public static func schedule(_ envelope: CommandEnvelope, topic: TopicName, at date: Date,
                                on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            INSERT INTO pipeline.scheduled_commands
                (command_id, due_at, topic, message_key, command_type, version, actor, traceparent, issued_at, payload)
            VALUES (\(envelope.id), \(date), \(topic.name), \(envelope.key), \(envelope.type), \(envelope.version),
                    \(envelope.actor), \(envelope.traceparent?.description), \(envelope.issuedAt), \(envelope.payload))
            """)
    }

    /// Cancels a command that has not been emitted yet.
    ///
    /// Safe against a concurrent emission: the scheduler holds the row locked while it moves it to
    /// the outbox, so this waits for that transaction and then sees the command as emitted.
    /// - Returns: true when the command was pending and will now never be emitted; false when it
    ///   was already emitted, already cancelled, or is unknown.
    /// - Throws: `PostgresError`.
    public static func cancel(id: UUID, on connection: some PostgresQueryable) async throws -> Bool {
        let cancelled = try await connection.execute("""
            UPDATE pipeline.scheduled_commands SET cancelled_at = now()
            WHERE command_id = \(id) AND emitted_at IS NULL AND cancelled_at IS NULL
            """)
        return cancelled == 1
    }

    /// Where a scheduled command stands, for operators and tests.
    public enum Status: String, Sendable, Equatable {
        case pending, emitted, cancelled
    }

    /// The status of a scheduled command, or nil when the id is unknown (or was purged after
    /// the retention period).
    /// - Throws: `PostgresError`.
    public static func status(id: UUID, on connection: some PostgresQueryable) async throws -> Status? {
        let rows = try await connection.query("""
            SELECT emitted_at IS NOT NULL AS emitted, cancelled_at IS NOT NULL AS cancelled
            FROM pipeline.scheduled_commands WHERE command_id = \(id)
            """)
        guard let row = rows.first else { return nil }
        if try row.decode(Bool.self, column: "emitted") { return .emitted }
        if try row.decode(Bool.self, column: "cancelled") { return .cancelled }
        return .pending
    }
}
