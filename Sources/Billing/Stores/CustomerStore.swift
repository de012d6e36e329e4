import Foundation
import PostgresClient

/// Who a billing email or notification goes to, read inside the webhook worker's transaction.
public enum CustomerStore {
    public struct Contact: Sendable {
        public let email: String
        public let firstName: String
        public let language: String
    }

    public static func contact(userID: UUID, on connection: some PostgresQueryable) async throws -> Contact? {
        try await connection.query("""
            SELECT email, first_name, language FROM identity.users WHERE id = \(userID) AND status <> 'deleted'
            """).first.map { row in
            Contact(email: try row.decode(String.self, column: "email"), firstName: try row.decode(String.self, column: "first_name"),
                    language: try row.decode(String.self, column: "language"))
        }
    }

    public static func courseTitle(_ courseID: UUID, on connection: some PostgresQueryable) async throws -> String {
        try await connection.query("SELECT title FROM academy.courses WHERE id = \(courseID)").first?.decode(String.self, column: "title") ?? "course"
    }
}
