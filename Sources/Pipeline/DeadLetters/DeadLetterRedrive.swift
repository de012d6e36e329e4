import Foundation
import Platform
import PostgresClient

/// Closes one dead letter inside the caller's transaction: replays it (or not, for a discard) and
/// re-drives the commands parked behind it, all through the transactional outbox, so the stamp,
/// the un-parking and the commands to ship commit together or not at all.
enum DeadLetterRedrive {
    enum Action: Sendable {
        case replay
        case discard
    }

    /// The `relais-type` the runtime gives a message whose envelope could not be read
    /// (`MessageProcessor.deadLetterMalformed`); its headers were invented, so it is not replayed.
    static let malformedType = "(malformed)"

    /// - Parameter connection: must be inside a transaction (the dead letter is locked until commit).
    /// - Returns: the outcome and how many parked commands were re-driven.
    static func close(_ id: UUID, action: Action,
                      on connection: some PostgresQueryable) async throws -> (DeadLetterReport.Outcome, Int) {
        // FOR UPDATE serialises concurrent replays of one dead letter (the second sees it closed)
        // and, with the 0004 trigger, a worker parking a command behind it at the same moment.
        let rows = try await connection.query("""
            SELECT source_topic, command_id, command_type, version, message_key, actor, traceparent, issued_at, payload,
                   replayed_at IS NOT NULL OR discarded_at IS NOT NULL AS closed
            FROM pipeline.dead_letters WHERE id = \(id) FOR UPDATE
            """)
        guard let row = rows.first else { return (.notFound, 0) }
        if try row.decode(Bool.self, column: "closed") { return (.alreadyClosed, 0) }
        if action == .replay, try row.decode(String.self, column: "command_type") == malformedType {
            return (.notReplayable, 0)
        }

        var commands: [(envelope: CommandEnvelope, topic: String)] = []
        if action == .replay {
            commands.append((try CommandEnvelope(row: row),
                             try row.decode(String.self, column: "source_topic")))
        }
        let parked = try await connection.query("""
            SELECT seq, source_topic, command_id, command_type, version, message_key, actor, traceparent, issued_at, payload
            FROM pipeline.parked_commands WHERE blocked_by = \(id) ORDER BY seq FOR UPDATE
            """)
        for row in parked {
            commands.append((try CommandEnvelope(row: row),
                             try row.decode(String.self, column: "source_topic")))
        }
        // The command id is kept (consumers' inboxes deduplicate by it), but `pipeline.outbox`
        // holds each id once: a command first sent through the outbox still has its published
        // row there for up to 7 days. That row is only history, so it makes way for the new one.
        let commandIDs = commands.map(\.envelope.id)
        if !commandIDs.isEmpty {
            try await connection.execute("DELETE FROM pipeline.outbox WHERE command_id = ANY(\(commandIDs))")
        }
        // Enqueued in this order (the dead letter, then the parked commands by `seq`), they get
        // increasing outbox sequence numbers, so the key's commands reach Kafka in their order.
        for command in commands {
            try await Outbox.enqueue(command.envelope, topic: TopicName(command.topic), on: connection)
        }
        if !parked.isEmpty {
            let sequences = try parked.map { try $0.decode(Int64.self, column: "seq") }
            try await connection.execute("DELETE FROM pipeline.parked_commands WHERE seq = ANY(\(sequences))")
        }
        switch action {
        case .replay:
            try await connection.execute("UPDATE pipeline.dead_letters SET replayed_at = now() WHERE id = \(id)")
            return (.replayed, parked.count)
        case .discard:
            try await connection.execute("UPDATE pipeline.dead_letters SET discarded_at = now() WHERE id = \(id)")
            return (.discarded, parked.count)
        }
    }
}
