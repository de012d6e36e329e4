import Foundation
import Logging
import Metrics
import Platform
import PostgresClient
import ServiceLifecycle
import Synchronization

/// Emits delayed commands (`ScheduledCommands`) and recurring ones (`RecurringCommand`) when they
/// are due, by writing them to the outbox in the transaction that marks them emitted.
///
/// Every process may run one; exactly one of them — the leader — emits at a time. Leadership is a
/// PostgreSQL **session** advisory lock held on one leased connection for as long as the process
/// leads. Chosen over a transaction-scoped try-lock per tick (what `OutboxPublisher` does) because
/// it gives a stable leader to report in `isLeader` and metrics, instead of whichever process's
/// tick came first; and it still moves on death: PostgreSQL drops the lock the moment the session
/// ends — the dead process's socket is closed by its kernel, or its backend is terminated — and a
/// follower takes it at its next attempt (`leadershipRetry`, default 2 s). A host that vanishes
/// without closing its sockets is noticed by TCP keepalives instead (about a minute).
///
/// Because the pool silently reopens an idle connection the server closed, each tick first checks,
/// inside its own transaction and on the same session, that this session still holds the lock;
/// otherwise the process steps down. Exactly-once emission into PostgreSQL does not rest on the
/// lock alone: see `DueCommandEmitter`, whose claims stay correct if two processes overlap.
///
/// While leading, the scheduler keeps one connection of `postgres` leased: give it a client of
/// its own (a pool of one is enough) or count that connection out of a shared pool.
///
/// Delayed commands are due by PostgreSQL's clock, so leaders on hosts with skewed clocks agree;
/// recurring slots use the same clock unless `recurringClock` is given (tests use it to cross
/// slot boundaries without waiting).
public final class CommandScheduler: Service, Sendable {
    /// The advisory lock key shared by every Relais process ("RELAIS" then 6, item 6 of issue 3).
    public static let defaultLockKey: Int64 = 0x5245_4c41_4953_0006

    private struct State {
        var isLeader = false
        var lastTick: ContinuousClock.Instant?
    }

    private enum TickOutcome {
        case emitted(Int)
        case lostLock
    }

    private let postgres: PostgresClient
    private let emitter: DueCommandEmitter
    private let lock: SchedulerLock
    private let logger: Logger
    private let tick: Duration
    private let leadershipRetry: Duration
    private let keepHistory: Duration
    private let recurringClock: (@Sendable () -> Date)?
    private let state = Mutex(State())

    /// - Parameters:
    ///   - recurring: the recurring commands of this deployment (the same list in every process).
    ///   - tick: how often the leader looks for due commands; a command is emitted at most about
    ///     this long after its time.
    ///   - leadershipRetry: how often a follower tries to become leader.
    ///   - batchSize: delayed commands moved per transaction.
    ///   - keepHistory: how long emitted or cancelled commands and recurring runs are kept.
    ///   - lockKey: the advisory lock key; every process of a deployment must use the same one.
    ///   - recurringClock: the time recurring slots are computed from; nil uses PostgreSQL's.
    /// - Throws: `SchedulingError` (`invalid_recurring_command`) for an empty or duplicated name.
    public init(postgres: PostgresClient, recurring: [RecurringCommand] = [], logger: Logger,
                tick: Duration = .seconds(1), leadershipRetry: Duration = .seconds(2), batchSize: Int = 500,
                keepHistory: Duration = .seconds(7 * 86_400), lockKey: Int64 = CommandScheduler.defaultLockKey,
                recurringClock: (@Sendable () -> Date)? = nil) throws {
        try RecurringCommand.validate(recurring)
        self.postgres = postgres
        self.emitter = DueCommandEmitter(recurring: recurring, batchSize: max(1, batchSize), logger: logger)
        self.lock = SchedulerLock(key: lockKey)
        self.logger = logger
        self.tick = tick
        self.leadershipRetry = leadershipRetry
        self.keepHistory = keepHistory
        self.recurringClock = recurringClock
    }

    /// True while this process holds the scheduler lock and emits.
    public var isLeader: Bool { state.withLock { $0.isLeader } }

    /// Nil when healthy; otherwise why not (safe to show): the leader has not completed a tick
    /// within `stalledAfter`, so due commands wait while no other process can take over.
    public func problem(stalledAfter: Duration, now: ContinuousClock.Instant = .now) -> String? {
        let (leading, lastTick) = state.withLock { ($0.isLeader, $0.lastTick) }
        guard leading, let lastTick, now - lastTick > stalledAfter else { return nil }
        return "the scheduler leader has not completed a tick for more than \(stalledAfter)"
    }

    /// The backend pid of the session holding the scheduler lock, or nil when no process leads.
    /// - Throws: `PostgresError`.
    public static func leaderBackendPID(lockKey: Int64 = defaultLockKey, on connection: some PostgresQueryable) async throws -> Int? {
        try await SchedulerLock(key: lockKey).holderPID(on: connection)
    }

    /// Follows, leads when the lock is free, and on graceful shutdown finishes the current tick and
    /// releases the lock so another process takes over at once.
    public func run() async throws {
        Gauge(label: "relais_scheduler_leader").record(0)
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                do {
                    try await postgres.withConnection { connection in
                        guard try await lock.tryAcquire(on: connection) else { return }
                        await lead(on: connection)
                    }
                } catch is CancellationError {
                    break
                } catch {
                    logger.warning("scheduler could not try for leadership; will retry", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: leadershipRetry)
            }
        }
    }

    /// Ticks until shutdown or until the lock is lost, on the connection whose session holds it.
    private func lead(on connection: PostgresConnection) async {
        let pid = try? await connection.query("SELECT pg_backend_pid() AS pid").first?.decode(Int.self, column: "pid")
        setLeader(true)
        logger.info("scheduler became leader", metadata: ["backend_pid": "\(pid.map(String.init) ?? "?")"])
        var stillHeld = true
        var lastPurge = ContinuousClock.now
        while !Task.isCancelled {
            var moreWaiting = false
            do {
                switch try await runTick(on: connection) {
                case .lostLock:
                    stillHeld = false
                case .emitted(let delayed):
                    moreWaiting = delayed >= emitter.batchSize
                }
            } catch {
                Counter(label: "relais_scheduler_failures_total", dimensions: [("kind", "tick")]).increment()
                logger.error("scheduler tick failed", metadata: ["error": "\(error)"])
                // A lost connection took the session, and so the lock, with it; the lease is
                // unusable now (the pool refuses later statements), so hand it back.
                if let postgresError = error as? PostgresError, [.connection, .closed].contains(postgresError.code) {
                    stillHeld = false
                }
            }
            guard stillHeld else { break }
            if ContinuousClock.now - lastPurge > .seconds(3_600) {
                lastPurge = .now
                await purge(on: connection)
            }
            if !moreWaiting { try? await Task.sleep(for: tick) }
        }
        if stillHeld {
            stillHeld = await release(on: connection)
        }
        setLeader(false)
        let metadata: Logger.Metadata = ["backend_pid": "\(pid.map(String.init) ?? "?")"]
        if stillHeld {
            logger.info("scheduler released leadership", metadata: metadata)
        } else {
            logger.warning("scheduler lost leadership: its PostgreSQL session ended", metadata: metadata)
        }
    }

    /// One transaction: check the lock, emit due delayed commands, then due recurring slots.
    private func runTick(on connection: PostgresConnection) async throws -> TickOutcome {
        // Statements on a leased connection, not `withTransaction`: the transaction must run in
        // the session that holds the lock, and that session is this lease's.
        try await connection.execute("BEGIN")
        do {
            let rows = try await connection.query("SELECT clock_timestamp() AS now")
            guard try await lock.isHeld(on: connection), let row = rows.first else {
                try await connection.execute("ROLLBACK")
                return .lostLock
            }
            let databaseNow = try row.decode(Date.self, column: "now")
            let delayed = try await emitter.emitDelayed(on: connection)
            let recurring = try await emitter.emitRecurring(now: recurringClock?() ?? databaseNow, on: connection)
            try await connection.execute("COMMIT")
            state.withLock { $0.lastTick = .now }
            emitter.report(delayed + recurring, at: .now)
            return .emitted(delayed.count)
        } catch {
            // Best effort: after a lost connection there is no transaction left to roll back.
            _ = try? await connection.execute("ROLLBACK")
            throw error
        }
    }

    /// True when this session still held the lock and gave it up; false when the session had
    /// already lost it (ended since the last tick) or the lease broke, which frees it anyway.
    private func release(on connection: PostgresConnection) async -> Bool {
        do {
            return try await lock.release(on: connection)
        } catch {
            logger.debug("scheduler lock could not be released; its session is gone", metadata: ["error": "\(error)"])
            return false
        }
    }

    private func purge(on connection: PostgresConnection) async {
        let cutoff = Date.now.addingTimeInterval(-Double(keepHistory.components.seconds))
        do {
            try await emitter.purge(olderThan: cutoff, on: connection)
        } catch {
            logger.warning("scheduler history purge failed", metadata: ["error": "\(error)"])
        }
    }

    private func setLeader(_ leading: Bool) {
        let changed = state.withLock { state in
            defer {
                state.isLeader = leading
                // A new leader counts from now, so `problem` can tell when its first tick hangs.
                if leading { state.lastTick = .now }
            }
            return state.isLeader != leading
        }
        guard changed else { return }
        Gauge(label: "relais_scheduler_leader").record(leading ? 1 : 0)
        Counter(label: "relais_scheduler_leadership_changes_total", dimensions: [("change", leading ? "acquired" : "released")])
            .increment()
    }
}
