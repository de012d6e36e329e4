import PostgresClient

/// Reads `stats.view_refreshes`: when each view was last refreshed. Read endpoints answer with
/// it (`refreshed_at`), and the refresher decides from it whether a request is already covered.
public struct ViewRefreshStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// The view's last refresh, or nil when the view has never been filled (no migration row).
    /// - Throws: `PostgresError`.
    public func lastRefresh(of view: StatsView) async throws -> ViewRefresh? {
        try await Self.lastRefresh(of: view, on: postgres)
    }

    static func lastRefresh(of view: StatsView, on connection: some PostgresQueryable) async throws -> ViewRefresh? {
        try await connection.query("""
            SELECT \(fragment: ViewRefresh.columns) FROM stats.view_refreshes WHERE view = \(view.name)
            """).first.map(ViewRefresh.init(row:))
    }
}
