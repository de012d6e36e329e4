import Foundation
import PostgresClient

/// A bench user with 10,000 rows across modules (notifications, chat messages, enrolments,
/// payments, delivery log, audit trail), written with `generate_series` so seeding is quick.
enum PrivacyBenchData {
    static let category = "bench-privacy"
    /// Rows per table; they add up to 10,000.
    static let rows = ["notifications": 3_000, "messages": 3_000, "enrollments": 1_000, "transactions": 1_000,
                       "deliveries": 1_000, "audit": 1_000]

    static var totalRows: Int { rows.values.reduce(0, +) }

    /// A user with its 10,000 rows and an open deletion request due now: the user id and the request id.
    static func seedUser(_ postgres: PostgresClient, courses: [UUID]) async throws -> (user: UUID, request: UUID) {
        let user = UUID()
        let peer = UUID()
        let conversation = UUID()
        let request = UUID()
        let email = "bench-privacy-\(user.uuidString.prefix(8).lowercased())@example.test"
        try await postgres.withTransaction { connection in
            for (id, address) in [(user, email), (peer, "bench-privacy-peer-\(peer.uuidString.prefix(8).lowercased())@example.test")] {
                try await connection.execute("""
                    INSERT INTO identity.users (id, email, password_hash, first_name, last_name) VALUES (\(id), \(address), 'x', 'Bench', 'Privacy')
                    """)
            }
            try await connection.execute("""
                INSERT INTO messaging.notifications (id, user_id, type, title, body)
                SELECT gen_random_uuid(), \(user), 'bench', 'Titre', 'Corps ' || i FROM generate_series(1, \(rows["notifications"]!)) i
                """)
            try await connection.execute("""
                INSERT INTO messaging.conversations (id, created_by, last_seq) VALUES (\(conversation), \(peer), \(rows["messages"]!))
                """)
            try await connection.execute("""
                INSERT INTO messaging.conversation_participants (conversation_id, user_id) VALUES (\(conversation), \(user)), (\(conversation), \(peer))
                """)
            try await connection.execute("""
                INSERT INTO messaging.messages (id, conversation_id, seq, sender_id, body)
                SELECT gen_random_uuid(), \(conversation), i, \(user), 'Message ' || i FROM generate_series(1, \(rows["messages"]!)) i
                """)
            try await connection.execute("""
                INSERT INTO academy.enrollments (id, user_id, course_id)
                SELECT gen_random_uuid(), \(user), course FROM unnest(\(courses)::uuid[]) course
                """)
            try await connection.execute("""
                INSERT INTO billing.transactions (id, user_id, course_id, amount, currency, status, payment_method, completed_at)
                SELECT gen_random_uuid(), \(user), course, 1000, 'EUR', 'completed', 'card', now() FROM unnest(\(courses)::uuid[]) course
                """)
            try await connection.execute("""
                INSERT INTO messaging.email_deliveries (command_id, template, locale, category, recipient, status, message_id)
                SELECT gen_random_uuid(), 'password_reset', 'fr', 'security', \(email), 'sent', '<' || i || '@bench>'
                FROM generate_series(1, \(rows["deliveries"]!)) i
                """)
            try await connection.execute("""
                INSERT INTO identity.audit_log (user_id, action, outcome) SELECT \(user), 'login', 'success' FROM generate_series(1, \(rows["audit"]!))
                """)
            try await connection.execute("""
                INSERT INTO privacy.deletion_requests (id, user_id, requested_by, deletion_date, erasure_emitted_at)
                VALUES (\(request), \(user), 'system:bench', now(), now())
                """)
        }
        return (user, request)
    }

    /// One course per enrolment and payment of a bench user.
    static func courses(_ postgres: PostgresClient) async throws -> [UUID] {
        let ids = (0..<rows["enrollments"]!).map { _ in UUID() }
        try await postgres.execute("""
            INSERT INTO academy.courses (id, title, status, price_amount, currency, category)
            SELECT id, 'Cours bench', 'published', 1000, 'EUR', \(category) FROM unnest(\(ids)::uuid[]) id
            """)
        return ids
    }

    /// Everything the benchmark wrote (also what an interrupted run left).
    static func removeAll(_ postgres: PostgresClient) async throws {
        try await postgres.withTransaction { connection in
            let users: PostgresQuery = """
                SELECT id FROM identity.users WHERE email LIKE 'bench-privacy-%' OR id IN (
                    SELECT user_id FROM privacy.deletion_requests WHERE requested_by = 'system:bench')
                """
            try await connection.execute("DELETE FROM messaging.email_deliveries WHERE message_id LIKE '%@bench>'")
            try await connection.execute("DELETE FROM identity.audit_log WHERE user_id IN (\(fragment: users))")
            try await connection.execute("DELETE FROM privacy.erasure_ledger WHERE user_id IN (\(fragment: users))")
            try await connection.execute("DELETE FROM privacy.erasure_receipts WHERE user_id IN (\(fragment: users))")
            try await connection.execute("DELETE FROM messaging.conversations WHERE created_by IN (\(fragment: users))")
            try await connection.execute("DELETE FROM billing.transactions WHERE user_id IN (\(fragment: users))")
            try await connection.execute("DELETE FROM identity.users WHERE id IN (\(fragment: users))")
            try await connection.execute("DELETE FROM academy.courses WHERE category = \(category)")
        }
    }
}
