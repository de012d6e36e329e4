import Foundation
import PostgresClient

/// Who a billing email or notification goes to, read inside the webhook worker's transaction.
public enum CustomerStore {
    public struct Contact: Sendable {
        public let email: String
        public let firstName: String
        public let language: String
        /// The title of the course the message is about, when one was asked for.
        public let courseTitle: String?
    }

    /// The user's address and language (nil once the account is deleted), with the title of
    /// `courseID` when given, in one round trip.
    public static func contact(userID: UUID, courseID: UUID? = nil, on connection: some PostgresQueryable) async throws -> Contact? {
        try await connection.query("""
            SELECT email, first_name, language, (SELECT title FROM academy.courses WHERE id = \(courseID)) AS course_title
            FROM identity.users WHERE id = \(userID) AND status <> 'deleted'
            """).first.map { row in
            Contact(email: try row.decode(String.self, column: "email"), firstName: try row.decode(String.self, column: "first_name"),
                    language: try row.decode(String.self, column: "language"), courseTitle: try row.decode(String?.self, column: "course_title"))
        }
    }
}
