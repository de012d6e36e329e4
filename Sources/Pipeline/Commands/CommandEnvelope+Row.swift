import Foundation
import Platform
import PostgresClient

extension CommandEnvelope {
    /// Rebuilds an envelope stored in PostgreSQL (outbox, scheduled commands, dead letters,
    /// parked commands all keep the same columns: command_id, command_type, version, actor,
    /// traceparent, issued_at, message_key, payload) as a first delivery (attempt 1).
    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(UUID.self, column: "command_id"),
            type: try row.decode(String.self, column: "command_type"),
            version: try row.decode(Int.self, column: "version"),
            attempt: 1,
            issuedAt: try row.decode(Date.self, column: "issued_at"),
            actor: try row.decode(String?.self, column: "actor"),
            traceparent: try row.decode(String?.self, column: "traceparent").flatMap(TraceParent.init),
            key: try row.decode(String.self, column: "message_key"),
            payload: try row.decode([UInt8].self, column: "payload"))
    }
}
