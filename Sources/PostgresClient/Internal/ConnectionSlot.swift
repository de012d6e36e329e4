import Logging
import Synchronization

/// One pool slot: a worker thread and the libpq connection only that thread touches. The slot is
/// leased to one task at a time; the connection is opened on first use and reopened after it broke.
final class ConnectionSlot: @unchecked Sendable {
    // @unchecked: `connection` is read and written only on `worker`'s thread (by submitted jobs, or
    // in place by a lessee's task running there), which runs one job at a time.
    let id: Int
    private let worker: WorkerThread
    /// Runs a lessee's code on `worker` (see `WorkerExecutor`).
    let executor: WorkerExecutor
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private var connection: LibPQConnection?
    /// Mirrors `PQtransactionStatus == IDLE` after each job, so `release` can decide without a hop.
    private let idle = Atomic<Bool>(true)
    /// Set when the connection broke during the current lease: the lease's later statements must
    /// fail rather than run on a fresh session outside the transaction they belonged to.
    private let poisoned = Atomic<Bool>(false)
    private let closed = Atomic<Bool>(false)

    init(id: Int, configuration: PostgresConfiguration, logger: Logger) {
        self.id = id
        self.configuration = configuration
        self.logger = logger
        self.worker = WorkerThread(name: "postgres-\(id)")
        self.executor = WorkerExecutor(worker: worker)
    }

    /// Runs `body` with an open connection on this slot's thread.
    /// - Throws: `.connection`/`.timeout` when no connection can be opened, or what `body` throws.
    func perform<T: Sendable>(
        _ body: @escaping @Sendable (LibPQConnection) throws(PostgresError) -> T
    ) async throws -> T {
        try await worker.run { [self] in try self.performOnWorker(body) }
    }

    private func performOnWorker<T>(_ body: (LibPQConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        if closed.load(ordering: .acquiring) {
            throw PostgresError(code: .closed, detail: "client is closed")
        }
        if poisoned.load(ordering: .acquiring) {
            throw PostgresError(code: .connection, detail: "connection was lost earlier in this lease")
        }
        let open = try openConnection()
        defer {
            if open.isBroken {
                connection = nil
                poisoned.store(true, ordering: .releasing)
                logger.warning("postgres connection lost; it will be reopened on next use", metadata: ["slot": "\(id)"])
            }
            idle.store(open.isBroken || open.isIdle, ordering: .releasing)
        }
        return try body(open)
    }

    private func openConnection() throws(PostgresError) -> LibPQConnection {
        if let connection {
            // Only an idle connection may be replaced: inside a transaction a new session would
            // silently run the rest of the work outside it.
            if connection.isUsable() { return connection }
            self.connection = nil
            guard idle.load(ordering: .acquiring) else {
                poisoned.store(true, ordering: .releasing)
                throw PostgresError(code: .connection, detail: "connection lost inside a transaction")
            }
            logger.info("postgres connection closed by the server; reconnecting", metadata: ["slot": "\(id)"])
        }
        do {
            let opened = try LibPQConnection.connect(configuration)
            logger.debug("postgres connection opened", metadata: [
                "slot": "\(id)", "host": "\(configuration.host ?? "default")",
                "database": "\(configuration.database ?? "default")",
            ])
            connection = opened
            return opened
        } catch {
            logger.warning("postgres connection failed", metadata: [
                "slot": "\(id)", "error": "\(error)", "reason": "\(error.connectionFailureReason ?? "")",
            ])
            throw error
        }
    }

    /// Called by the pool when it hands the slot to a new lessee.
    func beginLease() { poisoned.store(false, ordering: .releasing) }

    /// True when the last job left the connection outside any transaction.
    var isIdle: Bool { idle.load(ordering: .acquiring) }

    /// Queues a ROLLBACK ahead of the next lessee's work when a lease ended inside a transaction
    /// (cancelled body, swallowed error), so no one inherits half a transaction.
    func resetTransaction() {
        idle.store(true, ordering: .releasing)
        worker.submit { [self] in
            guard let connection, !connection.isIdle else { return }
            if (try? connection.executeConstant("ROLLBACK")) == nil || connection.isBroken {
                self.connection = nil
            }
        }
    }

    /// Closes the connection on its thread and ends the thread after queued jobs finish.
    /// - Parameter onClosed: runs once the connection is finished (`PQfinish` returned).
    func shutdown(onClosed: @escaping @Sendable () -> Void = {}) {
        closed.store(true, ordering: .releasing)
        let accepted = worker.submit { [self] in
            self.connection = nil
            onClosed()
        }
        if !accepted { onClosed() }
        worker.stop()
    }
}
