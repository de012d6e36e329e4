import PostgresClient

/// One named part of a user's export: JSON text (an object or an array) built by PostgreSQL.
public struct ExportPart: Sendable, Equatable {
    public let name: String
    public let json: String

    public init(name: String, json: String) {
        self.name = name
        self.json = json
    }

    /// The rows of `query` as a JSON array, one object per row with the selected column names
    /// as keys (PostgreSQL's `json_agg`, so dates and numbers keep their JSON forms).
    public static func rows(_ name: String, _ query: PostgresQuery, on connection: some PostgresQueryable) async throws -> ExportPart {
        let rows = try await connection.query("""
            SELECT coalesce(json_agg(part), '[]'::json)::text AS json FROM (\(fragment: query)) part
            """)
        return ExportPart(name: name, json: try rows.first?.decode(String.self, column: "json") ?? "[]")
    }

    /// The first row of `query` as a JSON object (`null` when there is none).
    public static func row(_ name: String, _ query: PostgresQuery, on connection: some PostgresQueryable) async throws -> ExportPart {
        let rows = try await connection.query("""
            SELECT coalesce((SELECT row_to_json(part) FROM (\(fragment: query)) part LIMIT 1), 'null'::json)::text AS json
            """)
        return ExportPart(name: name, json: try rows.first?.decode(String.self, column: "json") ?? "null")
    }
}
