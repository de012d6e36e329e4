import Foundation
import PostgresClient

/// A lesson with its content (the seed's `lessons`): shown to enrolled learners who have paid,
/// and to the course's instructor and admins.
public struct Lesson: Sendable, Codable, Equatable {
    public var id: UUID
    public var moduleID: UUID
    public var courseID: UUID
    public var title: String
    public var description: String
    public var type: LessonType
    public var order: Int
    public var video: LessonVideo?
    /// HTML rich text.
    public var content: String?
    public var quizID: UUID?
    public var createdAt: Date
    public var updatedAt: Date

    static let columns: PostgresQuery = """
        id, module_id, course_id, title, description, type, position, video_url, video_duration_seconds,
        video_transcript, video_thumbnail_url, content, quiz_id, created_at, updated_at
        """

    init(row: PostgresRow) throws {
        // The outline columns are read the same way as for a summary.
        let summary = try LessonSummary(row: row)
        (id, moduleID, courseID, title, description) = (summary.id, summary.moduleID, summary.courseID, summary.title, summary.description)
        (type, order, quizID) = (summary.type, summary.order, summary.quizID)
        video = try row.decode(String?.self, column: "video_url").map { url in
            LessonVideo(url: url, durationSeconds: try row.decode(Int?.self, column: "video_duration_seconds"),
                        transcript: try row.decode(String?.self, column: "video_transcript"),
                        thumbnailURL: try row.decode(String?.self, column: "video_thumbnail_url"))
        }
        content = try row.decode(String?.self, column: "content")
        createdAt = try row.decode(Date.self, column: "created_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
    }
}
