import Chat
import Foundation
import PostgresClient
import Realtime
import RedisClient

/// Rows in every module for two users who share a sensitive conversation: what an export must
/// contain for one of them and what an erasure must remove. Written directly, as each module's
/// own code would have.
struct PersonalDataSeed {
    let owner: PrivacyHarness.Account
    let other: PrivacyHarness.Account
    let ownerMessage: String
    let otherMessage: String
    let courseID: UUID
    let reviewComment: String

    static func make(_ harness: PrivacyHarness, owner: PrivacyHarness.Account, other: PrivacyHarness.Account) async throws -> PersonalDataSeed {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let seed = PersonalDataSeed(owner: owner, other: other, ownerMessage: "message-of-owner-\(tag)",
                                    otherMessage: "message-of-other-\(tag)", courseID: UUID(), reviewComment: "avis-\(tag)")
        let postgres = harness.postgres
        let conversation = UUID()
        try await postgres.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO messaging.conversations (id, title, sensitive, created_by, last_seq) VALUES (\(conversation), 'Suivi', true, \(other.id), 2)
                """)
            for user in [owner.id, other.id] {
                try await connection.execute("""
                    INSERT INTO messaging.conversation_participants (conversation_id, user_id) VALUES (\(conversation), \(user))
                    """)
                try await connection.execute("""
                    INSERT INTO messaging.notifications (id, user_id, type, title, body) VALUES (\(UUID()), \(user), 'test', 'Bonjour', \("notification-\(tag)"))
                    """)
            }
            for (seq, (sender, text)) in [(owner.id, seed.ownerMessage), (other.id, seed.otherMessage)].enumerated() {
                let id = UUID()
                let sealed = try harness.cipher.seal(text, messageID: id)
                try await connection.execute("""
                    INSERT INTO messaging.messages (id, conversation_id, seq, sender_id, body_ciphertext, key_id)
                    VALUES (\(id), \(conversation), \(Int64(seq + 1)), \(sender), \(sealed.combined), \(sealed.keyID))
                    """)
            }
            try await connection.execute("""
                INSERT INTO academy.courses (id, title, instructor_id, instructor_name, status, price_amount, currency, category)
                VALUES (\(seed.courseID), \("Cours \(tag)"), \(owner.id), \("\(owner.firstName) \(owner.lastName)"), 'published', 0, 'EUR', 'privacy-test')
                """)
            for user in [owner.id, other.id] {
                try await connection.execute("""
                    INSERT INTO academy.enrollments (id, user_id, course_id) VALUES (\(UUID()), \(user), \(seed.courseID))
                    """)
            }
            try await connection.execute("""
                INSERT INTO academy.reviews (user_id, course_id, rating, comment) VALUES (\(owner.id), \(seed.courseID), 5, \(seed.reviewComment))
                """)
            try await connection.execute("""
                INSERT INTO billing.transactions (id, user_id, course_id, amount, currency, status, payment_method, completed_at)
                VALUES (\(UUID()), \(owner.id), \(seed.courseID), 4900, 'EUR', 'completed', 'card', now())
                """)
            for account in [owner, other] {
                try await connection.execute("""
                    INSERT INTO messaging.email_deliveries (command_id, template, locale, category, recipient, status, message_id)
                    VALUES (\(UUID()), 'password_reset', 'fr', 'security', \(account.email), 'sent', \("<\(UUID())@relais>"))
                    """)
            }
            try await connection.execute("""
                INSERT INTO messaging.email_suppressions (address, reason) VALUES (\(owner.email), 'hard_bounce')
                """)
        }
        try await harness.redis.send(["XADD", .string(RealtimeChannels.userStream(owner.id)), "*", "frame", "{}"])
        return seed
    }
}
