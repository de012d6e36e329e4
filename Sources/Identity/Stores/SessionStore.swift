import Foundation
import PostgresClient

/// Sessions (one per login) and their refresh tokens (`identity.sessions`,
/// `identity.refresh_tokens`). Only SHA-256 hashes of refresh tokens are stored.
struct SessionStore: Sendable {
    let postgres: PostgresClient

    /// Opens a session with its first refresh token. - Returns: the session id.
    func open(userID: UUID, refreshTokenHash: String, expiresAt: Date) async throws -> UUID {
        let id = UUID()
        try await postgres.withTransaction { connection in
            try await connection.execute("INSERT INTO identity.sessions (id, user_id) VALUES (\(id), \(userID))")
            try await connection.execute("""
                INSERT INTO identity.refresh_tokens (token_hash, session_id, expires_at) VALUES (\(refreshTokenHash), \(id), \(expiresAt))
                """)
        }
        return id
    }

    /// What presenting a refresh token led to.
    enum Rotation: Sendable, Equatable {
        /// Exchanged: the session continues with the new token.
        case rotated(sessionID: UUID, userID: UUID)
        /// Already exchanged once: someone replayed it, so the whole session was revoked.
        case reused(sessionID: UUID, userID: UUID)
        /// Unknown, expired, or its session was revoked.
        case invalid
    }

    /// Exchanges `presentedHash` for `newHash` in one transaction (row-locked, so two concurrent
    /// exchanges of one token cannot both succeed).
    func rotate(presentedHash: String, newHash: String, expiresAt: Date) async throws -> Rotation {
        try await postgres.withTransaction { connection in
            let rows = try await connection.query("""
                SELECT t.session_id, t.rotated_at, t.expires_at > now() AS live, s.user_id, s.revoked_at IS NULL AS open
                FROM identity.refresh_tokens t JOIN identity.sessions s ON s.id = t.session_id
                WHERE t.token_hash = \(presentedHash) FOR UPDATE OF t, s
                """)
            guard let row = rows.first else { return .invalid }
            let sessionID = try row.decode(UUID.self, column: "session_id")
            let userID = try row.decode(UUID.self, column: "user_id")
            guard try row.decode(Bool.self, column: "open") else { return .invalid }
            if try row.decode(Date?.self, column: "rotated_at") != nil {
                try await revoke(sessionID, reason: "refresh_token_reuse", on: connection)
                return .reused(sessionID: sessionID, userID: userID)
            }
            guard try row.decode(Bool.self, column: "live") else { return .invalid }
            try await connection.execute("UPDATE identity.refresh_tokens SET rotated_at = now() WHERE token_hash = \(presentedHash)")
            try await connection.execute("""
                INSERT INTO identity.refresh_tokens (token_hash, session_id, expires_at) VALUES (\(newHash), \(sessionID), \(expiresAt))
                """)
            return .rotated(sessionID: sessionID, userID: userID)
        }
    }

    func revoke(_ sessionID: UUID, reason: String, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            UPDATE identity.sessions SET revoked_at = now(), revoked_reason = \(reason) WHERE id = \(sessionID) AND revoked_at IS NULL
            """)
    }

    func revoke(_ sessionID: UUID, reason: String) async throws {
        try await revoke(sessionID, reason: reason, on: postgres)
    }

    /// The open sessions of the user, except `keeping`.
    func openSessions(userID: UUID, except keeping: UUID?) async throws -> [UUID] {
        try await postgres.query("""
            SELECT id FROM identity.sessions WHERE user_id = \(userID) AND revoked_at IS NULL AND id IS DISTINCT FROM \(keeping)
            """).map { try $0.decode(UUID.self, column: "id") }
    }

    /// Revokes every open session of the user except `keeping`. - Returns: the revoked ids.
    func revokeAll(userID: UUID, except keeping: UUID? = nil, reason: String, on connection: some PostgresQueryable) async throws -> [UUID] {
        try await connection.query("""
            UPDATE identity.sessions SET revoked_at = now(), revoked_reason = \(reason)
            WHERE user_id = \(userID) AND revoked_at IS NULL AND id IS DISTINCT FROM \(keeping)
            RETURNING id
            """).map { try $0.decode(UUID.self, column: "id") }
    }

    func isOpen(_ sessionID: UUID) async throws -> Bool {
        try await postgres.query("SELECT 1 AS x FROM identity.sessions WHERE id = \(sessionID) AND revoked_at IS NULL").first != nil
    }
}
