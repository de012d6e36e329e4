import Foundation
import PostgresClient

/// A chapter of a course (the seed's `modules`), ordered by `order`; `lessons` is filled when
/// the course is read with its content.
public struct CourseModule: Sendable, Codable, Equatable {
    public var id: UUID
    public var courseID: UUID
    public var title: String
    public var description: String
    public var order: Int
    public var createdAt: Date
    public var lessons: [LessonSummary]?

    static let columns: PostgresQuery = "id, course_id, title, description, position, created_at"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        courseID = try row.decode(UUID.self, column: "course_id")
        title = try row.decode(String.self, column: "title")
        description = try row.decode(String.self, column: "description")
        order = try row.decode(Int.self, column: "position")
        createdAt = try row.decode(Date.self, column: "created_at")
    }
}
