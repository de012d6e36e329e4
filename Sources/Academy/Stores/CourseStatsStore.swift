import Foundation
import PostgresClient
import Stats

/// Reads `academy.course_stats`, the materialized view the `stats` worker refreshes after
/// enrolments, completions and reviews (migration 0013). Reads never wait for a refresh: the
/// view is refreshed CONCURRENTLY.
struct CourseStatsStore: Sendable {
    let postgres: PostgresClient
    let refreshes: ViewRefreshStore

    init(postgres: PostgresClient) {
        self.postgres = postgres
        refreshes = ViewRefreshStore(postgres: postgres)
    }

    func stats(courseID: UUID) async throws -> CourseStats {
        let row = try await postgres.query("""
            SELECT \(fragment: CourseStats.columns) FROM academy.course_stats WHERE course_id = \(courseID)
            """).first
        let refreshed = try await refreshes.lastRefresh(of: .academyCourseStats)
        return try CourseStats(courseID: courseID, row: row, refreshedAt: refreshed?.lastStartedAt)
    }
}
