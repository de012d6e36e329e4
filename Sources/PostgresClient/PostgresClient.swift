import Logging
import Synchronization

/// A pool of PostgreSQL connections, each driven by its own worker thread so blocking libpq calls
/// never run on Swift's cooperative pool. Connections open lazily, and one the server dropped is
/// reopened on next use, so the pool recovers from an outage by itself.
///
/// ```swift
/// let db = PostgresClient(configuration: try PostgresConfiguration(url: url), logger: logger)
/// let rows = try await db.query("SELECT name FROM users WHERE id = \(id)")
/// try await db.withTransaction { tx in try await tx.execute("UPDATE ...") }
/// ```
public final class PostgresClient: PostgresQueryable, Sendable {
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private let pool: ConnectionPool
    private let listeners = Mutex<[NotificationListener]>([])

    /// Creates the pool; no connection is opened until the first query.
    public init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.pool = ConnectionPool(configuration: configuration, logger: logger)
    }

    deinit { pool.close() }

    public func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withConnection { try await $0.query(query) }
    }

    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await withConnection { try await $0.execute(query) }
    }

    /// Runs a multi-statement SQL script shipped with the application (a migration file); see
    /// `PostgresConnection.executeScript(_:)`. Never pass text built from input.
    /// - Throws: `PostgresError` for the first failing statement.
    public func executeScript(_ script: String) async throws {
        try await withConnection { try await $0.executeScript(script) }
    }

    /// Leases one connection for the duration of `body` (waiting, first come first served, when
    /// all are busy). The connection must not escape `body`: afterwards it throws `.closed`.
    /// `body` runs on the connection's dedicated thread (a task executor preference), so each
    /// statement runs in place instead of hopping threads; avoid blocking that thread for long.
    /// A lease that ends inside an open transaction is rolled back before the next lessee runs.
    /// - Throws: `.closed` after `close()`, `CancellationError` while waiting, or what `body` throws.
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let slot = try await pool.lease()
        let connection = PostgresConnection(slot: slot, configuration: configuration)
        defer {
            connection.invalidate()
            pool.release(slot)
        }
        // The lessee's code runs on the connection's own thread, so its statements need no hop.
        return try await withTaskExecutorPreference(slot.executor) {
            try await body(connection)
        }
    }

    /// Runs `body` in a transaction: BEGIN, body, COMMIT. When `body` throws, the transaction is
    /// rolled back and the error rethrown; when COMMIT fails, it is rolled back and COMMIT's error
    /// thrown. Retry the whole call on errors whose `isRetryable` is true (serialization, deadlock).
    /// - Throws: `.transactionAborted` when a statement failed inside `body` but `body` swallowed
    ///   the error (PostgreSQL then turns COMMIT into ROLLBACK).
    public func withTransaction<T: Sendable>(
        isolation: PostgresIsolation = .readCommitted,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            _ = try await connection.runConstant(isolation.beginStatement)
            let value: T
            do {
                value = try await body(connection)
            } catch {
                await rollback(connection)
                throw error
            }
            let tag: String
            do {
                tag = try await connection.runConstant("COMMIT")
            } catch {
                await rollback(connection)
                throw error
            }
            guard tag == "COMMIT" else {
                throw PostgresError(code: .transactionAborted, detail: "COMMIT rolled back a failed transaction")
            }
            return value
        }
    }

    private func rollback(_ connection: PostgresConnection) async {
        do {
            _ = try await connection.runConstant("ROLLBACK")
        } catch {
            // The original error matters more; a dead connection is discarded by its slot anyway.
            logger.debug("postgres rollback failed", metadata: ["error": "\(error)"])
        }
    }

    /// Starts listening on `channel` over a dedicated connection and thread. The listener LISTENs
    /// again after a reconnect (with backoff) and then yields a marker with `isReconnect == true`.
    /// Call `waitUntilListening()` before relying on delivery, and `cancel()` when done.
    public func listen(_ channel: String) -> PostgresNotifications {
        let listener = NotificationListener(channel: channel, configuration: configuration, logger: logger)
        listeners.withLock { list in
            list.removeAll { $0.isFinished }
            list.append(listener)
        }
        listener.start()
        return PostgresNotifications(listener: listener)
    }

    /// Checks that a connection can be used (`SELECT 1`); fails quickly when the server is down.
    /// - Throws: `.connection` or `.timeout`.
    public func ping() async throws {
        try await withConnection { _ = try await $0.runConstant("SELECT 1") }
    }

    /// Fails waiting callers with `.closed`, closes every connection once the work already queued
    /// on it has finished and waits (up to 5 s) until they are closed, then stops listeners.
    public func close() async {
        await pool.closeAndWait(timeout: .seconds(5))
        let all = listeners.withLock { list in
            defer { list.removeAll() }
            return list
        }
        all.forEach { $0.cancel() }
        logger.debug("postgres client closed")
    }
}
