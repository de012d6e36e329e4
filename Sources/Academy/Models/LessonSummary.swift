import Foundation
import PostgresClient

/// What anyone may see of a lesson: its place in the course, never its content.
public struct LessonSummary: Sendable, Codable, Equatable {
    public var id: UUID
    public var moduleID: UUID
    public var courseID: UUID
    public var title: String
    public var description: String
    public var type: LessonType
    public var order: Int
    public var durationSeconds: Int?
    public var quizID: UUID?

    static let columns: PostgresQuery = """
        id, module_id, course_id, title, description, type, position, video_duration_seconds, quiz_id
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        moduleID = try row.decode(UUID.self, column: "module_id")
        courseID = try row.decode(UUID.self, column: "course_id")
        title = try row.decode(String.self, column: "title")
        description = try row.decode(String.self, column: "description")
        type = try row.decode(LessonType.self, column: "type")
        order = try row.decode(Int.self, column: "position")
        durationSeconds = try row.decode(Int?.self, column: "video_duration_seconds")
        quizID = try row.decode(UUID?.self, column: "quiz_id")
    }
}
