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
