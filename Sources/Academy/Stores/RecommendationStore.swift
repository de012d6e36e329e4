import Foundation
import Pipeline
import PostgresClient

/// `academy.recommendations` (each learner's current list, replaced whole by the learning
/// worker) and the cold-start list served before the worker has run for a learner.
public struct RecommendationStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// One stored entry, as the worker writes it.
    public struct Entry: Sendable {
        public let courseID: UUID
        public let score: Double
        public let reason: CourseRecommendation.Reason

        public init(courseID: UUID, score: Double, reason: CourseRecommendation.Reason) {
            self.courseID = courseID
            self.score = score
            self.reason = reason
        }
    }

    /// The stored list, skipping courses that were enrolled in, unpublished or archived since
    /// it was computed (the next refresh replaces them).
    func stored(userID: UUID) async throws -> [CourseRecommendation] {
        try await postgres.query("""
            SELECT \(fragment: Course.columns), r.score, r.reason, r.refreshed_at
            FROM academy.recommendations r JOIN academy.courses c ON c.id = r.course_id
            WHERE r.user_id = \(userID) AND c.status = 'published'
              AND NOT EXISTS (SELECT 1 FROM academy.enrollments e WHERE e.user_id = r.user_id AND e.course_id = r.course_id)
            ORDER BY r.rank
            """).map { row in
            CourseRecommendation(course: try Course(row: row), score: try row.decode(Double.self, column: "score"),
                                 reason: try row.decodeJSON(CourseRecommendation.Reason.self, column: "reason"),
                                 refreshedAt: try row.decode(Date.self, column: "refreshed_at"))
        }
    }

    func userExists(_ userID: UUID) async throws -> Bool {
        !(try await postgres.query("SELECT 1 AS found FROM identity.users WHERE id = \(userID) AND status <> 'deleted'")).isEmpty
    }

    /// Queues a computation for a learner who has none stored yet, at most once per 30 seconds
    /// per learner (clients poll this route while the first list is computed).
    func requestRefresh(userID: UUID, actor: String) async throws {
        try await postgres.withTransaction { connection in
            let due = try await connection.query("""
                INSERT INTO academy.recommendation_requests (user_id) VALUES (\(userID))
                ON CONFLICT (user_id) DO UPDATE SET requested_at = now()
                WHERE academy.recommendation_requests.requested_at < now() - interval '30 seconds'
                RETURNING user_id
                """)
            guard !due.isEmpty else { return }
            try await Outbox.enqueue(RefreshRecommendations(userID: userID, cause: .requested, courseID: nil), actor: actor,
                                     traceparent: nil, on: connection)
        }
    }

    /// Replaces a learner's list in one statement (the worker runs it for every refresh).
    public static func replace(userID: UUID, with entries: [Entry], on connection: some PostgresQueryable) async throws {
        let reasons = try entries.map { try PostgresJSON($0.reason).json }
        try await connection.execute("""
            WITH written AS (
                INSERT INTO academy.recommendations (user_id, rank, course_id, score, reason)
                SELECT \(userID), r.rank, r.course_id, r.score, r.reason::jsonb
                FROM unnest(\(entries.map(\.courseID)), \(entries.map(\.score)), \(reasons)) WITH ORDINALITY AS r (course_id, score, reason, rank)
                ON CONFLICT (user_id, rank) DO UPDATE SET course_id = EXCLUDED.course_id, score = EXCLUDED.score,
                                                          reason = EXCLUDED.reason, refreshed_at = now()
                RETURNING rank
            )
            DELETE FROM academy.recommendations WHERE user_id = \(userID) AND rank > \(entries.count)
            """)
    }

    /// The most popular published courses in the learner's language (and, when they have
    /// enrolments, their domains first) that they are not enrolled in.
    func coldStart(userID: UUID, limit: Int) async throws -> [CourseRecommendation] {
        try await postgres.query("""
            WITH learner AS (SELECT language FROM identity.users WHERE id = \(userID)),
                 domains AS (SELECT DISTINCT c.domain FROM academy.enrollments e JOIN academy.courses c ON c.id = e.course_id
                             WHERE e.user_id = \(userID))
            SELECT \(fragment: Course.columns),
                   (c.language = (SELECT language FROM learner)) AS same_language,
                   (c.domain IN (SELECT domain FROM domains)) AS same_domain
            FROM academy.courses c
            WHERE c.status = 'published'
              AND NOT EXISTS (SELECT 1 FROM academy.enrollments e WHERE e.user_id = \(userID) AND e.course_id = c.id)
            ORDER BY same_domain DESC, same_language DESC, c.enrollments_count DESC, c.average_rating DESC, c.id
            LIMIT \(limit)
            """).map { row in
            let course = try Course(row: row)
            let sameLanguage = try row.decode(Bool.self, column: "same_language")
            let text = sameLanguage
                ? "Popular with learners in \(course.language == .french ? "French" : "English")"
                : "Popular with learners"
            return CourseRecommendation(course: course, score: Double(course.enrollmentsCount),
                                        reason: .init(code: "popular", relatedCourseID: nil, text: text), refreshedAt: nil)
        }
    }

}
