import Foundation
import Logging
import PostgresClient

/// Lists, replays and discards the dead letters indexed in `pipeline.dead_letters` (what
/// `relais dlq` runs).
///
/// A replay re-drives the command to its source topic with its original id, key, headers and
/// payload, as attempt 1, through the transactional outbox: the outbox row, the `replayed_at`
/// stamp and the un-parking of the commands held behind it (`ordering: strict`) commit in one
/// transaction, so a replay happens exactly once in PostgreSQL and the `OutboxPublisher` ships
/// it. Each dead letter has its own transaction: an interrupted run leaves the handled ones
/// closed and the rest open, and running it again skips what is already closed.
public struct DeadLetterStore: Sendable {
    /// Called after each dead letter with (handled so far, total).
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    private let postgres: PostgresClient
    private let logger: Logger

    public init(postgres: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    /// The newest dead letters first.
    /// - Parameters:
    ///   - topic: only those consumed from this source topic.
    ///   - since: only those dead-lettered at or after this time.
    ///   - includeClosed: also those already replayed or discarded.
    ///   - limit: at most this many (clamped to 1...10,000).
    /// - Throws: `PostgresError`.
    public func list(topic: String? = nil, since: Date? = nil, includeClosed: Bool = false,
                     limit: Int = 100) async throws -> [DeadLetterSummary] {
        var filter: PostgresQuery = "TRUE"
        if let topic { filter.append(" AND source_topic = \(topic)") }
        if let since { filter.append(" AND created_at >= \(since)") }
        if !includeClosed { filter.append(" AND replayed_at IS NULL AND discarded_at IS NULL") }
        let rows = try await postgres.query("""
            SELECT \(fragment: DeadLetterSummary.columns) FROM pipeline.dead_letters
            WHERE \(fragment: filter) ORDER BY created_at DESC, id DESC LIMIT \(min(max(limit, 1), 10_000))
            """)
        return try rows.map(DeadLetterSummary.init(row:))
    }

    /// The dead letters with these ids (open or closed); unknown ids are absent from the result.
    /// - Throws: `PostgresError`.
    public func summaries(ids: [UUID]) async throws -> [DeadLetterSummary] {
        guard !ids.isEmpty else { return [] }
        let rows = try await postgres.query("""
            SELECT \(fragment: DeadLetterSummary.columns) FROM pipeline.dead_letters
            WHERE id = ANY(\(ids)) ORDER BY created_at, id
            """)
        return try rows.map(DeadLetterSummary.init(row:))
    }

    /// Re-drives these dead letters to their source topics (oldest first), each followed by the
    /// commands parked behind it. One already replayed or discarded is left alone.
    /// - Throws: `PostgresError`; the dead letters handled before the error stay handled.
    public func replay(ids: [UUID], progress: Progress = { _, _ in }) async throws -> DeadLetterReport {
        try await close(ids, action: .replay, progress: progress)
    }

    /// Re-drives every open dead letter consumed from `topic`, oldest first.
    /// - Throws: `PostgresError`; the dead letters handled before the error stay handled.
    public func replayAll(topic: String, progress: Progress = { _, _ in }) async throws -> DeadLetterReport {
        let rows = try await postgres.query("""
            SELECT id FROM pipeline.dead_letters
            WHERE source_topic = \(topic) AND replayed_at IS NULL AND discarded_at IS NULL
            ORDER BY created_at, id
            """)
        return try await close(try rows.map { try $0.decode(UUID.self, column: "id") }, action: .replay, progress: progress)
    }

    /// Gives up on these dead letters for good: stamps them discarded, which unblocks their keys,
    /// and re-drives the commands parked behind them.
    /// - Throws: `PostgresError`; the dead letters handled before the error stay handled.
    public func discard(ids: [UUID], progress: Progress = { _, _ in }) async throws -> DeadLetterReport {
        try await close(ids, action: .discard, progress: progress)
    }

    private func close(_ requested: [UUID], action: DeadLetterRedrive.Action, progress: Progress) async throws -> DeadLetterReport {
        var unique: [UUID] = []
        var seen: Set<UUID> = []
        for id in requested where seen.insert(id).inserted { unique.append(id) }
        var report = DeadLetterReport()
        guard !unique.isEmpty else { return report }
        // Oldest first, so that several dead letters of one key are re-driven in their order.
        let known = try await postgres.query("""
            SELECT id FROM pipeline.dead_letters WHERE id = ANY(\(unique)) ORDER BY created_at, id
            """).map { try $0.decode(UUID.self, column: "id") }
        let knownSet = Set(known)
        for id in unique where !knownSet.contains(id) { report.record(id, .notFound) }
        var done = report.entries.count
        progress(done, unique.count)
        for id in known {
            let (outcome, parked) = try await postgres.withTransaction { connection in
                try await DeadLetterRedrive.close(id, action: action, on: connection)
            }
            report.record(id, outcome, parkedRedriven: parked)
            logger.info("dead letter closed", metadata: [
                "dead_letter_id": "\(id.uuidString.lowercased())", "outcome": "\(outcome.rawValue)", "parked_redriven": "\(parked)",
            ])
            done += 1
            progress(done, unique.count)
        }
        return report
    }
}
