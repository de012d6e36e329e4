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
            SELECT \(fragment: contactColumns)
            FROM identity.users LEFT JOIN LATERAL (SELECT title FROM academy.courses WHERE id = \(courseID)) AS course ON true
            WHERE users.id = \(userID) AND users.status <> 'deleted'
            """).first.flatMap(contact(row:))
    }

    /// What `contact(row:)` reads: the user's columns, and `title` from a relation named `course`
    /// (a subselect of that one column, so no user column name is ever ambiguous).
    static let contactColumns: PostgresQuery = "email, first_name, language, course.title AS course_title"

    /// The contact in a row selected with `contactColumns`; nil when the user part is null.
    static func contact(row: PostgresRow) throws -> Contact? {
        guard let email = try row.decode(String?.self, column: "email") else { return nil }
        return Contact(email: email, firstName: try row.decode(String.self, column: "first_name"),
                       language: try row.decode(String.self, column: "language"), courseTitle: try row.decode(String?.self, column: "course_title"))
    }
}
