import Foundation
import PostgresClient

/// `academy.faq_entries`: the questions and answers instructors write for the FAQ chat.
public struct FAQStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    public func entries(courseID: UUID) async throws -> [FAQEntry] {
        try await postgres.query("""
            SELECT \(fragment: FAQEntry.columns) FROM academy.faq_entries WHERE course_id = \(courseID) ORDER BY created_at, id LIMIT 1000
            """).map(FAQEntry.init(row:))
    }

    func add(id: UUID, courseID: UUID, question: String, answer: String) async throws -> FAQEntry {
        let rows = try await postgres.query("""
            INSERT INTO academy.faq_entries (id, course_id, question, answer) VALUES (\(id), \(courseID), \(question), \(answer))
            RETURNING \(fragment: FAQEntry.columns)
            """)
        guard let row = rows.first else { throw PostgresError(code: .invalidQuery) }
        return try FAQEntry(row: row)
    }

    func update(id: UUID, courseID: UUID, question: String?, answer: String?) async throws -> FAQEntry? {
        try await postgres.query("""
            UPDATE academy.faq_entries SET question = COALESCE(\(question), question), answer = COALESCE(\(answer), answer),
                                           updated_at = now()
            WHERE id = \(id) AND course_id = \(courseID)
            RETURNING \(fragment: FAQEntry.columns)
            """).first.map(FAQEntry.init(row:))
    }

    func delete(id: UUID, courseID: UUID) async throws -> Bool {
        try await postgres.execute("DELETE FROM academy.faq_entries WHERE id = \(id) AND course_id = \(courseID)") == 1
    }
}
