import Foundation
import PostgresClient

public enum ProgressStatus: String, Sendable, Codable, CaseIterable, PostgresEncodable, PostgresDecodable {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case completed
}

/// One learner's state on one lesson (the seed's `lesson_progress`).
public struct LessonProgress: Sendable, Codable, Equatable {
    public var userID: UUID
    public var lessonID: UUID
    public var courseID: UUID
    public var status: ProgressStatus
    public var timeSpentSeconds: Int
    /// 0–100, for quiz lessons (the best attempt's score).
    public var quizScore: Double?
    public var createdAt: Date
    public var updatedAt: Date

    static let columns: PostgresQuery = "user_id, lesson_id, course_id, status, time_spent_seconds, quiz_score, created_at, updated_at"

    init(row: PostgresRow) throws {
        userID = try row.decode(UUID.self, column: "user_id")
        lessonID = try row.decode(UUID.self, column: "lesson_id")
        courseID = try row.decode(UUID.self, column: "course_id")
        status = try row.decode(ProgressStatus.self, column: "status")
        timeSpentSeconds = try row.decode(Int.self, column: "time_spent_seconds")
        quizScore = try row.decode(Double?.self, column: "quiz_score")
        createdAt = try row.decode(Date.self, column: "created_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
    }
}
