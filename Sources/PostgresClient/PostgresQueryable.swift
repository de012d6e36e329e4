/// Something that runs queries: the pooled client, or a connection leased from it.
public protocol PostgresQueryable: Sendable {
    /// Runs a query and returns its rows (empty for statements without a result set).
    /// - Throws: `PostgresError`.
    func query(_ query: PostgresQuery) async throws -> [PostgresRow]

    /// Runs a statement and returns the number of rows it affected.
    /// - Throws: `PostgresError`.
    @discardableResult
    func execute(_ query: PostgresQuery) async throws -> Int
}

extension PostgresQueryable {
    /// Sends a notification (`SELECT pg_notify($1, $2)`). On a connection inside a transaction it
    /// is delivered when that transaction commits (the outbox pattern); on the client, at once.
    /// - Throws: `PostgresError`.
    public func notify(_ channel: String, payload: String) async throws {
        try await execute("SELECT pg_notify(\(channel), \(payload))")
    }
}
