import Foundation
import PostgresClient

/// `academy.reviews`, and the course's `average_rating` / `reviews_count` kept beside them.
public struct ReviewStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    enum ReviewOutcome {
        case saved(Review, created: Bool)
        case notEnrolled
    }

    /// Creates or replaces the learner's review; only enrolled learners may review. A first
    /// review announces itself (recommendations and stats follow ratings).
    func save(userID: UUID, courseID: UUID, rating: Int, comment: String, actor: String) async throws -> ReviewOutcome {
        try await postgres.withTransaction { connection in
            let enrolled = try await connection.query("""
                SELECT 1 AS enrolled FROM academy.enrollments WHERE user_id = \(userID) AND course_id = \(courseID)
                """)
            guard !enrolled.isEmpty else { return .notEnrolled }
            let rows = try await connection.query("""
                INSERT INTO academy.reviews (user_id, course_id, rating, comment) VALUES (\(userID), \(courseID), \(rating), \(comment))
                ON CONFLICT (user_id, course_id) DO UPDATE SET rating = EXCLUDED.rating, comment = EXCLUDED.comment, updated_at = now()
                RETURNING \(fragment: Review.columns), (xmax = 0) AS created
                """)
            guard let row = rows.first else { throw PostgresError(code: .invalidQuery) }
            try await connection.execute("""
                UPDATE academy.courses c SET
                    average_rating = COALESCE((SELECT round(avg(rating), 2) FROM academy.reviews WHERE course_id = c.id), 0),
                    reviews_count = (SELECT count(*) FROM academy.reviews WHERE course_id = c.id)
                WHERE c.id = \(courseID)
                """)
            let created = try row.decode(Bool.self, column: "created")
            if created {
                try await EnrollmentStore.announce(.reviewed, userID: userID, courseID: courseID, actor: actor, on: connection)
            }
            return .saved(try Review(row: row), created: created)
        }
    }

    /// A course's reviews, newest first.
    func reviews(courseID: UUID, page: Int, limit: Int) async throws -> [Review] {
        try await postgres.query("""
            SELECT \(fragment: Review.columns) FROM academy.reviews WHERE course_id = \(courseID)
            ORDER BY updated_at DESC, user_id LIMIT \(limit) OFFSET \((page - 1) * limit)
            """).map(Review.init(row:))
    }
}
