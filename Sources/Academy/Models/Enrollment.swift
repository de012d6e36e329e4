import Foundation
import PostgresClient

public enum EnrollmentStatus: String, Sendable, Codable, CaseIterable, PostgresEncodable, PostgresDecodable {
    case active, completed, dropped
}

/// A learner's enrolment in a course (the seed's `enrollments`); `completedLessons` is derived
/// from lesson progress rather than kept as a second copy.
public struct Enrollment: Sendable, Codable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var courseID: UUID
    public var status: EnrollmentStatus
    public var progressPercentage: Double
    public var completedLessons: [UUID]
    public var lastAccessedLessonID: UUID?
    public var enrolledAt: Date
    public var completedAt: Date?
    public var lastAccessedAt: Date?

    /// Columns of `academy.enrollments e`, plus the completed lessons as an array.
    static let columns: PostgresQuery = """
        e.id, e.user_id, e.course_id, e.status, e.progress_percentage, e.last_accessed_lesson_id, e.enrolled_at,
        e.completed_at, e.last_accessed_at,
        ARRAY(SELECT p.lesson_id FROM academy.lesson_progress p
              WHERE p.user_id = e.user_id AND p.course_id = e.course_id AND p.status = 'completed'
              ORDER BY p.lesson_id) AS completed_lessons
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        userID = try row.decode(UUID.self, column: "user_id")
        courseID = try row.decode(UUID.self, column: "course_id")
        status = try row.decode(EnrollmentStatus.self, column: "status")
        progressPercentage = try row.decode(Double.self, column: "progress_percentage")
        completedLessons = try row.decode([UUID].self, column: "completed_lessons")
        lastAccessedLessonID = try row.decode(UUID?.self, column: "last_accessed_lesson_id")
        enrolledAt = try row.decode(Date.self, column: "enrolled_at")
        completedAt = try row.decode(Date?.self, column: "completed_at")
        lastAccessedAt = try row.decode(Date?.self, column: "last_accessed_at")
    }
}
