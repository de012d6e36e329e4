import Foundation
import PostgresClient

/// Refreshes materialized views on request, coalescing bursts: a thousand requests for one view
/// cause one or two refreshes, and at most one refresh of a view runs at a time across every
/// worker process.
///
/// **Coalescing.** A request carries the time it was issued (the command envelope's `issuedAt`,
/// stamped when the change that caused it was written). A refresh reads everything committed
/// before it starts, so a request issued at or before the start of the last refresh is already
/// covered and is acknowledged without work. A burst queued while the worker was busy therefore
/// costs one refresh (the first request), plus at most one more for requests issued while that
/// refresh was running.
///
/// **One refresh at a time.** The refresh runs in one transaction that first takes a
/// transaction-scoped advisory lock on the view (`pg_try_advisory_xact_lock`: released by COMMIT
/// or ROLLBACK, so a crashed worker never leaves it held). A caller that cannot take it gets
/// `.busy` at once instead of queueing behind PostgreSQL's own lock on the view.
///
/// **Why the stamp commits with the refresh.** `stats.view_refreshes` is written in the refresh's
/// transaction, so a request is only ever "covered" by a refresh that committed. Had the start
/// been stamped before refreshing (and committed apart), requests arriving meanwhile would be
/// acknowledged as covered and lost if that refresh then failed.
///
/// **Limit.** `issuedAt` is the issuer's clock and is taken just before the issuing transaction
/// commits. A change whose transaction is still open when a refresh starts, but whose command was
/// stamped earlier (a window of milliseconds), or a host clock running ahead of PostgreSQL's,
/// can be judged covered while the refresh did not see it. The change then appears at the view's
/// next refresh: the next request for it, or the schedule (every 6 h by default) at worst.
public struct StatsRefresher: Sendable {
    /// First half of the advisory lock key (`'STAT'`); the second is a hash of the view's name.
    /// Two-integer keys live apart from the single-bigint keys other Relais locks use.
    static let lockClass: Int32 = 0x5354_4154

    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// Brings `view` up to date for a request issued at `requestedAt`.
    /// - Returns: `.covered` when a committed refresh already started after `requestedAt`,
    ///   `.refreshed` when this call refreshed the view, `.busy` when another caller holds the
    ///   view's refresh lock.
    /// - Throws: `PostgresError` (the refresh rolled back; nothing was stamped).
    public func refresh(_ view: StatsView, requestedAt: Date) async throws -> RefreshOutcome {
        // Most requests of a burst end here, with one indexed read and no lock.
        if let last = try await ViewRefreshStore.lastRefresh(of: view, on: postgres), requestedAt <= last.lastStartedAt {
            return .covered(by: last.lastStartedAt)
        }
        return try await postgres.withTransaction { connection in
            let locked = try await connection.query("""
                SELECT pg_try_advisory_xact_lock(\(Self.lockClass), hashtext(\(view.name))) AS locked
                """).first?.decode(Bool.self, column: "locked") ?? false
            guard locked else { return .busy }
            // Read again under the lock: a refresh that committed after the first read (and
            // released the lock to us) may cover this request. READ COMMITTED sees its commit.
            if let last = try await ViewRefreshStore.lastRefresh(of: view, on: connection), requestedAt <= last.lastStartedAt {
                return .covered(by: last.lastStartedAt)
            }
            // Taken before the REFRESH statement, whose snapshot is later: every change committed
            // before `startedAt` is in the refreshed view, which is what the stamp promises.
            let startedAt = try await Self.clockTimestamp(on: connection)
            try await connection.execute("""
                REFRESH MATERIALIZED VIEW CONCURRENTLY \(identifier: view.schema).\(identifier: view.relation)
                """)
            let milliseconds = try await connection.query("""
                INSERT INTO stats.view_refreshes AS r (view, last_started_at, last_finished_at, refresh_count, last_duration_ms)
                VALUES (\(view.name), \(startedAt), clock_timestamp(), 1,
                        round(extract(epoch FROM clock_timestamp() - \(startedAt)) * 1000)::integer)
                ON CONFLICT (view) DO UPDATE SET last_started_at = EXCLUDED.last_started_at,
                    last_finished_at = EXCLUDED.last_finished_at, refresh_count = r.refresh_count + 1,
                    last_duration_ms = EXCLUDED.last_duration_ms
                RETURNING last_duration_ms
                """).first?.decode(Int.self, column: "last_duration_ms") ?? 0
            return .refreshed(startedAt: startedAt, milliseconds: milliseconds)
        }
    }

    /// PostgreSQL's clock now (not the transaction's start), so all stamps share one clock.
    private static func clockTimestamp(on connection: PostgresConnection) async throws -> Date {
        guard let row = try await connection.query("SELECT clock_timestamp() AS now").first else {
            throw PostgresError(code: .decoding)
        }
        return try row.decode(Date.self, column: "now")
    }
}
