import PostgresClient

/// The session-level advisory lock whose holder is the scheduler leader.
///
/// PostgreSQL releases a session lock when its session ends, including when the process holding
/// it dies (the kernel closes the socket) or its backend is terminated, which is what moves
/// leadership. The queries below must run on the one leased connection that holds the lock.
struct SchedulerLock: Sendable {
    let key: Int64

    /// pg_locks shows a bigint advisory key as two oids: high half in `classid`, low in `objid`.
    private var high: Int64 { Int64(UInt32(truncatingIfNeeded: key >> 32)) }
    private var low: Int64 { Int64(UInt32(truncatingIfNeeded: key)) }

    /// Takes the lock for this session if nobody holds it; never waits.
    func tryAcquire(on connection: some PostgresQueryable) async throws -> Bool {
        let rows = try await connection.query("SELECT pg_try_advisory_lock(\(key)) AS acquired")
        return try rows.first?.decode(Bool.self, column: "acquired") == true
    }

    /// Whether the session running this query holds the lock. Needed because the pool silently
    /// reopens an idle connection the server closed: the new session holds nothing.
    func isHeld(on connection: some PostgresQueryable) async throws -> Bool {
        try await holderPID(on: connection, mine: true) != nil
    }

    /// Releases the lock held by this session; false when it did not hold it.
    func release(on connection: some PostgresQueryable) async throws -> Bool {
        let rows = try await connection.query("SELECT pg_advisory_unlock(\(key)) AS released")
        return try rows.first?.decode(Bool.self, column: "released") == true
    }

    /// The backend pid holding the lock (only this session's when `mine`), if any.
    func holderPID(on connection: some PostgresQueryable, mine: Bool = false) async throws -> Int? {
        let rows = try await connection.query("""
            SELECT pid FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid::bigint = \(high) AND objid::bigint = \(low)
              AND (NOT \(mine) OR pid = pg_backend_pid())
            """)
        return try rows.first?.decode(Int.self, column: "pid")
    }
}
