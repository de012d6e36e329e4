import Foundation
import Logging
import Metrics
import Platform
import PostgresClient

/// The SQL of one scheduler tick: moves due delayed commands and due recurring slots into the
/// outbox, each in the transaction that marks it emitted (so a command reaches the outbox exactly
/// once, and Kafka at least once with that id through `OutboxPublisher`).
///
/// Correct on its own even if two processes ran it at once (a leadership hand-over while the old
/// leader's last transaction is still open): due delayed rows are claimed with
/// `FOR UPDATE SKIP LOCKED` and stamped, and a recurring slot is emitted only by the transaction
/// that moves its `last_slot` forward under a row lock. The advisory lock only keeps this work on
/// one process at a time.
struct DueCommandEmitter: Sendable {
    let recurring: [RecurringCommand]
    let batchSize: Int
    let logger: Logger

    /// Emits up to `batchSize` delayed commands whose time has come by PostgreSQL's clock
    /// (`now()`, the transaction's start, so never early), oldest due first.
    /// - Returns: how many were emitted; `batchSize` means more may be waiting.
    func emitDelayed(on connection: some PostgresQueryable) async throws -> Int {
        let rows = try await connection.query("""
            WITH due AS (
                SELECT command_id FROM pipeline.scheduled_commands
                WHERE emitted_at IS NULL AND cancelled_at IS NULL AND due_at <= now()
                ORDER BY due_at, command_id
                LIMIT \(batchSize)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE pipeline.scheduled_commands AS s SET emitted_at = now()
            FROM due WHERE s.command_id = due.command_id
            RETURNING s.command_id, s.due_at, s.topic, s.message_key, s.command_type, s.version, s.actor,
                      s.traceparent, s.issued_at, s.payload
            """)
        var due: [(dueAt: Date, envelope: CommandEnvelope, topic: TopicName)] = []
        for row in rows {
            let envelope = CommandEnvelope(
                id: try row.decode(UUID.self, column: "command_id"),
                type: try row.decode(String.self, column: "command_type"),
                version: try row.decode(Int.self, column: "version"),
                issuedAt: try row.decode(Date.self, column: "issued_at"),
                actor: try row.decode(String?.self, column: "actor"),
                traceparent: try row.decode(String?.self, column: "traceparent").flatMap(TraceParent.init),
                key: try row.decode(String.self, column: "message_key"),
                payload: try row.decode([UInt8].self, column: "payload"))
            due.append((try row.decode(Date.self, column: "due_at"), envelope,
                        TopicName(try row.decode(String.self, column: "topic"))))
        }
        // RETURNING has no order: sort so the outbox (shipped in insertion order) keeps due order
        // for commands of one key.
        due.sort { ($0.dueAt, $0.envelope.id.uuidString) < ($1.dueAt, $1.envelope.id.uuidString) }
        let now = Date.now
        for item in due {
            try await Outbox.enqueue(item.envelope, topic: item.topic, on: connection)
            Timer(label: "relais_scheduler_lateness_seconds", dimensions: [("kind", "delayed")])
                .recordNanoseconds(Int64(max(0, now.timeIntervalSince(item.dueAt)) * 1_000_000_000))
            logger.debug("delayed command emitted", metadata: [
                "command_id": "\(item.envelope.id.uuidString.lowercased())", "command_type": "\(item.envelope.type)",
                "topic": "\(item.topic.name)",
            ])
        }
        if !due.isEmpty {
            Counter(label: "relais_scheduler_emitted_total", dimensions: [("kind", "delayed")]).increment(by: due.count)
        }
        return due.count
    }

    /// Emits, for each recurring command, its latest slot at or before `now` if that slot is later
    /// than the last one handled.
    ///
    /// After downtime spanning several slots only the latest is emitted: a recurring command
    /// refreshes state as of now (stats, erasure sweep), so replaying every missed slot would
    /// repeat the same work in a burst. A command seen for the first time starts from `now`: its
    /// current slot counts as handled and the next one is the first emitted.
    /// - Returns: how many slots were emitted.
    func emitRecurring(now: Date, on connection: some PostgresQueryable) async throws -> Int {
        var emitted = 0
        for command in recurring {
            guard let slot = command.schedule.previous(notAfter: now) else { continue }
            // The row lock serialises concurrent emitters of the same name until commit.
            let rows = try await connection.query(
                "SELECT last_slot FROM pipeline.recurring_schedules WHERE name = \(command.name) FOR UPDATE")
            guard let row = rows.first else {
                try await connection.execute("""
                    INSERT INTO pipeline.recurring_schedules (name, schedule, last_slot)
                    VALUES (\(command.name), \(command.schedule.expression), \(slot))
                    ON CONFLICT (name) DO NOTHING
                    """)
                logger.info("recurring command registered", metadata: [
                    "recurring": "\(command.name)", "schedule": "\(command.schedule.expression)",
                    "next_slot": "\(command.schedule.next(after: now).map(RFC3339.format) ?? "none")",
                ])
                continue
            }
            let lastSlot = try row.decode(Date.self, column: "last_slot")
            guard slot > lastSlot else { continue }
            let envelope: CommandEnvelope
            do {
                envelope = try command.makeEnvelope(slot)
            } catch {
                // The slot stays due: the next tick tries again.
                Counter(label: "relais_scheduler_failures_total", dimensions: [("kind", "recurring_build")]).increment()
                logger.error("recurring command could not be built", metadata: [
                    "recurring": "\(command.name)", "slot": "\(RFC3339.format(slot))", "error": "\(error)",
                ])
                continue
            }
            try await connection.execute("""
                UPDATE pipeline.recurring_schedules
                SET last_slot = \(slot), schedule = \(command.schedule.expression), updated_at = now()
                WHERE name = \(command.name)
                """)
            try await connection.execute("""
                INSERT INTO pipeline.recurring_runs (name, slot, command_id) VALUES (\(command.name), \(slot), \(envelope.id))
                """)
            try await Outbox.enqueue(envelope, topic: command.topic, on: connection)
            emitted += 1
            Counter(label: "relais_scheduler_emitted_total", dimensions: [("kind", "recurring")]).increment()
            Timer(label: "relais_scheduler_lateness_seconds", dimensions: [("kind", "recurring")])
                .recordNanoseconds(Int64(max(0, now.timeIntervalSince(slot)) * 1_000_000_000))
            var metadata: Logger.Metadata = [
                "recurring": "\(command.name)", "slot": "\(RFC3339.format(slot))",
                "command_id": "\(envelope.id.uuidString.lowercased())",
            ]
            if let firstMissed = command.schedule.next(after: lastSlot), firstMissed < slot {
                metadata["skipped_from"] = "\(RFC3339.format(firstMissed))"
                logger.warning("recurring command missed slots; emitting only the latest", metadata: metadata)
            } else {
                logger.info("recurring command emitted", metadata: metadata)
            }
        }
        return emitted
    }

    /// Deletes settled delayed commands and recurring runs older than the retention period.
    func purge(olderThan cutoff: Date, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            DELETE FROM pipeline.scheduled_commands
            WHERE (emitted_at IS NOT NULL OR cancelled_at IS NOT NULL) AND coalesce(emitted_at, cancelled_at) < \(cutoff)
            """)
        try await connection.execute("DELETE FROM pipeline.recurring_runs WHERE emitted_at < \(cutoff)")
    }
}
