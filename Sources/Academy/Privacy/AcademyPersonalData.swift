import Foundation
import PersonalData
import Pipeline
import PostgresClient
import Stats

/// Har Academy's personal data: learning history (enrolments, progress, quiz attempts,
/// recommendations), reviews and authored courses.
///
/// Learning history is deleted. Public content stays readable: reviews keep their rating and
/// comment under the anonymous account, and courses the user taught keep their content with the
/// instructor shown as "Utilisateur supprimé".
public struct AcademyPersonalData: PersonalDataStore {
    public let name = "academy"
    public let version = 1

    public init() {}

    public var columns: [PersonalColumn] {
        [
            PersonalColumn("academy.enrollments", "user_id", .delete),
            PersonalColumn("academy.lesson_progress", "user_id", .delete),
            PersonalColumn("academy.quiz_attempts", "user_id", .delete),
            PersonalColumn("academy.recommendations", "user_id", .delete),
            PersonalColumn("academy.recommendation_requests", "user_id", .delete),
            PersonalColumn("academy.reviews", "user_id", .keep("public review, now by the anonymous account")),
            PersonalColumn("academy.courses", "instructor_id", .keep("the course stays published, owned by the anonymous account")),
            PersonalColumn("academy.courses", "instructor_name", .anonymise(ErasureSubject.displayName)),
            PersonalColumn("academy.quizzes", "requested_by", .keep("generated quizzes belong to their course")),
        ]
    }

    public func export(_ userID: UUID, on connection: PostgresConnection) async throws -> [ExportPart] {
        [
            try await ExportPart.rows("enrollments", """
                SELECT e.course_id, c.title AS course_title, e.status, e.progress_percentage, e.enrolled_at, e.completed_at,
                       e.last_accessed_at
                FROM academy.enrollments e JOIN academy.courses c ON c.id = e.course_id
                WHERE e.user_id = \(userID) ORDER BY e.enrolled_at
                """, on: connection),
            try await ExportPart.rows("lesson_progress", """
                SELECT lesson_id, course_id, status, time_spent_seconds, quiz_score, created_at, updated_at
                FROM academy.lesson_progress WHERE user_id = \(userID) ORDER BY created_at
                """, on: connection),
            try await ExportPart.rows("reviews", """
                SELECT course_id, rating, comment, created_at, updated_at FROM academy.reviews
                WHERE user_id = \(userID) ORDER BY created_at
                """, on: connection),
            try await ExportPart.rows("quiz_attempts", """
                SELECT quiz_id, answers, correct, score, created_at FROM academy.quiz_attempts
                WHERE user_id = \(userID) ORDER BY created_at
                """, on: connection),
            try await ExportPart.rows("recommendations", """
                SELECT course_id, rank, score, reason, refreshed_at FROM academy.recommendations
                WHERE user_id = \(userID) ORDER BY rank
                """, on: connection),
            try await ExportPart.rows("courses_taught", """
                SELECT id, title, status, created_at, published_at FROM academy.courses
                WHERE instructor_id = \(userID) ORDER BY created_at
                """, on: connection),
        ]
    }

    public func erase(_ subject: ErasureSubject, on connection: PostgresConnection) async throws -> Int {
        let id = subject.userID
        var changed = 0
        for table in ["lesson_progress", "quiz_attempts", "recommendations", "recommendation_requests", "enrollments"] {
            changed += try await connection.execute("DELETE FROM \(identifier: "academy").\(identifier: table) WHERE user_id = \(id)")
        }
        if changed > 0 {
            // Enrolments left the course statistics; the refresh rides on this transaction.
            try await Outbox.enqueue(RefreshStats.academyCourses, actor: "worker:erasure", traceparent: nil, on: connection)
        }
        changed += try await connection.execute("""
            UPDATE academy.courses SET instructor_name = \(ErasureSubject.displayName), updated_at = now()
            WHERE instructor_id = \(id) AND instructor_name IS DISTINCT FROM \(ErasureSubject.displayName)
            """)
        return changed
    }
}
