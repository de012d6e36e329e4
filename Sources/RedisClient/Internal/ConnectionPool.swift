import Logging
import Synchronization

/// A fixed number of hiredis connections, each owned by one dedicated worker thread.
///
/// Connections open lazily. A broken one is dropped and replaced on next use; while the server
/// is unreachable, reconnects are spaced by `ReconnectBackoff` and work in between fails at once
/// with a retryable `.connection` error instead of waiting.
final class ConnectionPool: Sendable {
    private struct Health {
        var consecutiveFailures = 0
        var retryAt: ContinuousClock.Instant?
    }

    private let configuration: RedisConfiguration
    private let logger: Logger
    private let queue: JobQueue
    private let health = Mutex(Health())
    private let backoff = ReconnectBackoff()
    private let workerNumbers = Atomic<Int>(0)

    init(configuration: RedisConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.queue = JobQueue(maximumWorkers: configuration.poolSize)
    }

    /// Runs `operation` on a pooled connection on a worker thread and returns its result.
    ///
    /// Waits in FIFO order for a free connection. A task cancelled before its turn comes
    /// gets `CancellationError` and its operation never runs; once started, the operation runs
    /// to the end (bounded by the command timeout) and its real outcome is returned.
    func run<Value: Sendable>(
        _ operation: @escaping @Sendable (HiredisConnection) throws(RedisError) -> Value
    ) async throws -> Value {
        let pending = PendingResult<Value>()
        let work = PoolWork(
            run: { connection in
                do {
                    pending.resume(with: .success(try operation(connection)))
                } catch {
                    pending.resume(with: .failure(error))
                }
            },
            fail: { error in pending.resume(with: .failure(error)) },
            begin: { pending.begin() }
        )
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                pending.install(continuation)
                switch queue.enqueue(work) {
                case .queued(let startWorker):
                    if startWorker { startWorkerThread() }
                case .closed:
                    pending.resume(with: .failure(RedisError.clientClosed))
                }
            }
        } onCancel: {
            pending.cancel(with: CancellationError())
        }
    }

    /// Fails queued work with `.closed` and lets every worker exit after its current work.
    func close() {
        for work in queue.close() {
            work.fail(RedisError.clientClosed)
        }
    }

    private func startWorkerThread() {
        let number = workerNumbers.add(1, ordering: .relaxed).newValue
        DedicatedThread.start(name: "redis-pool-\(number)") { [self] in
            workerLoop()
        }
    }

    /// The body of a worker thread: it alone owns `connection`, which dies with the loop.
    private func workerLoop() {
        var connection: HiredisConnection?
        while let work = queue.next() {
            guard work.begin() else { continue }
            if let current = connection, !current.isReusable {
                logger.debug("dropping a stale redis connection")
                connection = nil
            }
            let active: HiredisConnection
            if let current = connection {
                active = current
            } else {
                do {
                    active = try connect()
                    connection = active
                } catch {
                    work.fail(error)
                    continue
                }
            }
            work.run(active)
            if active.isBroken {
                logger.debug("dropping a broken redis connection")
                connection = nil
            }
        }
    }

    private func connect() throws(RedisError) -> HiredisConnection {
        if let retryAt = health.withLock({ $0.retryAt }), ContinuousClock.now < retryAt {
            throw RedisError(
                code: .connection,
                message: "redis at \(configuration.host):\(configuration.port) is unavailable (waiting to reconnect)")
        }
        do {
            let connection = try HiredisConnection.open(configuration, readTimeout: configuration.commandTimeout)
            let recovered = health.withLock { health in
                defer { health = Health() }
                return health.consecutiveFailures > 0
            }
            if recovered {
                logger.info("redis connection restored")
            }
            return connection
        } catch {
            let failures = health.withLock { health in
                health.consecutiveFailures += 1
                health.retryAt = .now + backoff.delay(afterFailures: health.consecutiveFailures)
                return health.consecutiveFailures
            }
            if failures == 1 {
                logger.warning("redis unavailable", metadata: ["error": "\(error)"])
            } else {
                logger.debug("redis reconnect failed", metadata: ["error": "\(error)", "failures": "\(failures)"])
            }
            throw error
        }
    }
}
