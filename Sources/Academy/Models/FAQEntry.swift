import Foundation
import PostgresClient

/// A question and its answer that a course's instructor wrote for the FAQ chat.
public struct FAQEntry: Sendable, Codable, Equatable {
    public var id: UUID
    public var courseID: UUID
    public var question: String
    public var answer: String
    public var createdAt: Date
    public var updatedAt: Date

    static let columns: PostgresQuery = "id, course_id, question, answer, created_at, updated_at"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        courseID = try row.decode(UUID.self, column: "course_id")
        question = try row.decode(String.self, column: "question")
        answer = try row.decode(String.self, column: "answer")
        createdAt = try row.decode(Date.self, column: "created_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
    }
}
