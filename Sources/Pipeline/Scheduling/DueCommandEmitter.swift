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
    /// One command moved to the outbox, reported once its transaction committed.
    struct Emission: Sendable {
        enum Origin: Sendable {
            case delayed
            /// `skippedFrom` is the first missed slot when slots before `slot` were skipped.
            case recurring(name: String, slot: Date, skippedFrom: Date?)
        }

        let origin: Origin
        let commandID: UUID
        let commandType: String
        let topic: TopicName
        /// When it should have been emitted.
        let dueAt: Date
    }

    let recurring: [RecurringCommand]
    let batchSize: Int
    let logger: Logger

    /// Emits up to `batchSize` delayed commands whose time has come by PostgreSQL's clock
    /// (`now()`, the transaction's start, so never early), oldest due first. A `batchSize`-long
    /// result means more may be waiting.
    func emitDelayed(on connection: some PostgresQueryable) async throws -> [Emission] {
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
            let envelope = try CommandEnvelope(row: row)
            due.append((try row.decode(Date.self, column: "due_at"), envelope,
                        TopicName(try row.decode(String.self, column: "topic"))))
        }
        // RETURNING has no order: sort so that the outbox, shipped in insertion order, keeps the
        // due order of the commands of one key.
        due.sort { ($0.dueAt, $0.envelope.id.uuidString) < ($1.dueAt, $1.envelope.id.uuidString) }
        for item in due {
            try await Outbox.enqueue(item.envelope, topic: item.topic, on: connection)
        }
        return due.map {
            Emission(origin: .delayed, commandID: $0.envelope.id, commandType: $0.envelope.type, topic: $0.topic,
                     dueAt: $0.dueAt)
        }
    }

    /// Emits, for each recurring command, its latest slot at or before `now` if that slot is later
    /// than the last one handled.
    ///
    /// After downtime spanning several slots only the latest is emitted: a recurring command
    /// refreshes state as of now (stats, erasure sweep), so replaying every missed slot would
    /// repeat the same work in a burst. A command seen for the first time starts from `now`: its
    /// current slot counts as handled and the next one is the first emitted.
    func emitRecurring(now: Date, on connection: some PostgresQueryable) async throws -> [Emission] {
        var emissions: [Emission] = []
        for command in recurring {
            guard let slot = command.schedule.previous(notAfter: now) else { continue }
            // The row lock serialises concurrent emitters of one name until commit; the second
            // then reads the moved `last_slot` and skips.
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
            let firstMissed = command.schedule.next(after: lastSlot)
            emissions.append(Emission(
                origin: .recurring(name: command.name, slot: slot, skippedFrom: firstMissed.flatMap { $0 < slot ? $0 : nil }),
                commandID: envelope.id, commandType: envelope.type, topic: command.topic, dueAt: slot))
        }
        return emissions
    }

    /// Logs and counts what a committed tick emitted.
    func report(_ emissions: [Emission], at now: Date) {
        for emission in emissions {
            let kind: String
            var metadata: Logger.Metadata = [
                "command_id": "\(emission.commandID.uuidString.lowercased())",
                "command_type": "\(emission.commandType)", "topic": "\(emission.topic.name)",
            ]
            switch emission.origin {
            case .delayed:
                kind = "delayed"
                logger.debug("delayed command emitted", metadata: metadata)
            case .recurring(let name, let slot, let skippedFrom):
                kind = "recurring"
                metadata["recurring"] = "\(name)"
                metadata["slot"] = "\(RFC3339.format(slot))"
                if let skippedFrom {
                    metadata["skipped_from"] = "\(RFC3339.format(skippedFrom))"
                    logger.warning("recurring command missed slots; emitted only the latest", metadata: metadata)
                } else {
                    logger.info("recurring command emitted", metadata: metadata)
                }
            }
            Counter(label: "relais_scheduler_emitted_total", dimensions: [("kind", kind)]).increment()
            Timer(label: "relais_scheduler_lateness_seconds", dimensions: [("kind", kind)])
                .recordNanoseconds(Int64(max(0, now.timeIntervalSince(emission.dueAt)) * 1_000_000_000))
        }
    }

    /// Deletes settled delayed commands and recurring runs older than `cutoff`.
    func purge(olderThan cutoff: Date, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            DELETE FROM pipeline.scheduled_commands
            WHERE (emitted_at IS NOT NULL OR cancelled_at IS NOT NULL) AND coalesce(emitted_at, cancelled_at) < \(cutoff)
            """)
        try await connection.execute("DELETE FROM pipeline.recurring_runs WHERE emitted_at < \(cutoff)")
    }
}
