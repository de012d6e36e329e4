import Synchronization

/// A connection leased from `PostgresClient`, valid only inside the closure that received it.
/// Its statements run in order on the connection's own worker thread.
public final class PostgresConnection: PostgresQueryable, Sendable {
    private let slot: ConnectionSlot
    private let configuration: PostgresConfiguration
    private let valid = Atomic<Bool>(true)

    init(slot: ConnectionSlot, configuration: PostgresConfiguration) {
        self.slot = slot
        self.configuration = configuration
    }

    /// Ends the lease: later calls throw `.closed` instead of touching a connection someone else holds.
    func invalidate() { valid.store(false, ordering: .releasing) }

    public func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await run(query).rows
    }

    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await run(query).affectedRows
    }

    func run(_ query: PostgresQuery) async throws -> LibPQConnection.Outcome {
        let checked = try query.validated()
        try checkValid()
        let prepare = configuration.usePreparedStatements
        let limit = configuration.preparedStatementLimit
        return try await slot.perform { connection throws(PostgresError) in
            try connection.execute(checked, prepare: prepare, preparedLimit: limit)
        }
    }

    /// Runs a multi-statement SQL script shipped with the application (a migration file) through
    /// the simple query protocol. It binds nothing: never pass text built from input. Outside a
    /// transaction, the statements run in one implicit transaction.
    /// - Throws: `PostgresError` for the first failing statement.
    public func executeScript(_ script: String) async throws {
        guard !script.utf8.contains(0) else {
            throw PostgresError(code: .invalidQuery, detail: "script contains a NUL byte")
        }
        _ = try await runConstant(script)
    }

    /// Runs a statement fixed in this module (BEGIN, COMMIT, ROLLBACK) and returns its command tag.
    func runConstant(_ sql: String) async throws -> String {
        try checkValid()
        return try await slot.perform { connection throws(PostgresError) in
            try connection.executeConstant(sql)
        }
    }

    private func checkValid() throws {
        guard valid.load(ordering: .acquiring) else {
            throw PostgresError(code: .closed, detail: "connection used after its lease ended")
        }
    }
}
