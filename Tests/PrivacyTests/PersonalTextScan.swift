import Foundation
import PostgresClient

/// Searches every text and JSON column of the application's tables for a value: where a user's
/// address or name still appears after an erasure. The pipeline's transport tables are left
/// out (see docs/privacy.md: the outbox carries the final email to the captured address).
enum PersonalTextScan {
    /// `schema.table.column` of every column that contains `needle` (case-insensitive).
    static func columns(containing needle: String, postgres: PostgresClient) async throws -> [String] {
        let columns = try await postgres.query("""
            SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema', 'pipeline', 'public')
              AND c.data_type IN ('text', 'character varying', 'jsonb', 'json')
            """)
        var found: [String] = []
        for column in columns {
            let schema = try column.decode(String.self, column: "table_schema")
            let table = try column.decode(String.self, column: "table_name")
            let name = try column.decode(String.self, column: "column_name")
            let hits: [PostgresRow]
            do {
                hits = try await postgres.query("""
                    SELECT count(*) AS n FROM \(identifier: schema).\(identifier: table)
                    WHERE strpos(lower(\(identifier: name)::text), lower(\(needle))) > 0
                    """)
            } catch {
                // A table another suite made for itself and dropped meanwhile is skipped.
                let exists = try await postgres.query("SELECT to_regclass(\("\(schema).\(table)")) IS NOT NULL AS present")
                if try exists.first?.decode(Bool.self, column: "present") == false { continue }
                throw error
            }
            if try hits.first?.decode(Int.self, column: "n") ?? 0 > 0 { found.append("\(schema).\(table).\(name)") }
        }
        return found
    }
}
