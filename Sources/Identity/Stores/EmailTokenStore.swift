import Foundation
import PostgresClient

/// Single-use tokens sent by email (verification 24 h, password reset 1 h), stored hashed.
struct EmailTokenStore: Sendable {
    enum Purpose: String, Sendable {
        case verifyEmail = "verify_email"
        case resetPassword = "reset_password"
    }

    let postgres: PostgresClient

    func issue(userID: UUID, hash: String, purpose: Purpose, expiresAt: Date, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            INSERT INTO identity.email_tokens (token_hash, user_id, purpose, expires_at)
            VALUES (\(hash), \(userID), \(purpose.rawValue), \(expiresAt))
            """)
    }

    /// Marks the token used if it is live. - Returns: its user, or nil when unknown, expired,
    /// already used or of another purpose.
    func consume(hash: String, purpose: Purpose, on connection: some PostgresQueryable) async throws -> UUID? {
        try await connection.query("""
            UPDATE identity.email_tokens SET used_at = now()
            WHERE token_hash = \(hash) AND purpose = \(purpose.rawValue) AND used_at IS NULL AND expires_at > now()
            RETURNING user_id
            """).first.map { try $0.decode(UUID.self, column: "user_id") }
    }
}
