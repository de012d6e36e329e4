import Foundation
import PostgresClient

/// A learner's rating of a course, one per learner (a second review replaces the first).
public struct Review: Sendable, Codable, Equatable {
    public var userID: UUID
    public var courseID: UUID
    public var rating: Int
    public var comment: String
    public var createdAt: Date
    public var updatedAt: Date

    static let columns: PostgresQuery = "user_id, course_id, rating, comment, created_at, updated_at"

    init(row: PostgresRow) throws {
        userID = try row.decode(UUID.self, column: "user_id")
        courseID = try row.decode(UUID.self, column: "course_id")
        rating = try row.decode(Int.self, column: "rating")
        comment = try row.decode(String.self, column: "comment")
        createdAt = try row.decode(Date.self, column: "created_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
    }
}
