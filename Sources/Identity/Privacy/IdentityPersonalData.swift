import Foundation
import PersonalData
import PostgresClient

/// Identity's personal data: the account, its roles, sessions, one-time tokens and audit trail.
///
/// Erasure anonymises the user row (it stays, so payments and reviews keep a valid owner that
/// identifies no one) and revokes every session; the privacy worker then denylists those
/// sessions in Redis, which closes live sockets.
public struct IdentityPersonalData: PersonalDataStore {
    public let name = "identity"
    public let version = 1

    public init() {}

    public var columns: [PersonalColumn] {
        let account = "identity.users"
        return [
            PersonalColumn(account, "email", .anonymise("deleted-<user id>@invalid")),
            PersonalColumn(account, "first_name", .anonymise("empty")),
            PersonalColumn(account, "last_name", .anonymise("empty")),
            PersonalColumn(account, "avatar_url", .anonymise("null")),
            PersonalColumn(account, "password_hash", .anonymise("null: the account can never sign in")),
            PersonalColumn(account, "totp_secret", .anonymise("null")),
            PersonalColumn("identity.user_roles", "user_id", .delete),
            PersonalColumn("identity.sessions", "user_id", .keep("revoked; the ids let the denylist refuse tokens still in flight")),
            PersonalColumn("identity.email_tokens", "user_id", .delete),
            PersonalColumn("identity.backup_codes", "user_id", .delete),
            PersonalColumn("identity.audit_log", "user_id", .keep("security audit trail")),
        ]
    }

    public func export(_ userID: UUID, on connection: PostgresConnection) async throws -> [ExportPart] {
        [
            try await ExportPart.row("account", """
                SELECT id, email, first_name, last_name, avatar_url, language, status, email_verified_at,
                       totp_enabled_at IS NOT NULL AS two_factor_enabled, last_login_at, created_at, updated_at
                FROM identity.users WHERE id = \(userID)
                """, on: connection),
            try await ExportPart.rows("roles", """
                SELECT role, granted_at FROM identity.user_roles WHERE user_id = \(userID) ORDER BY role
                """, on: connection),
            try await ExportPart.rows("sessions", """
                SELECT id, created_at, revoked_at, revoked_reason FROM identity.sessions
                WHERE user_id = \(userID) ORDER BY created_at
                """, on: connection),
            try await ExportPart.rows("audit_log", """
                SELECT action, outcome, ip, user_agent, created_at FROM identity.audit_log
                WHERE user_id = \(userID) ORDER BY id
                """, on: connection),
        ]
    }

    public func erase(_ subject: ErasureSubject, on connection: PostgresConnection) async throws -> Int {
        let id = subject.userID
        var changed = try await connection.execute("""
            UPDATE identity.users SET email = \(subject.anonymousEmail), first_name = '', last_name = '', avatar_url = NULL,
                   password_hash = NULL, totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL,
                   status = 'deleted', updated_at = now()
            WHERE id = \(id) AND (email <> \(subject.anonymousEmail) OR status <> 'deleted')
            """)
        changed += try await connection.execute("""
            UPDATE identity.sessions SET revoked_at = now(), revoked_reason = 'account_erased'
            WHERE user_id = \(id) AND revoked_at IS NULL
            """)
        changed += try await connection.execute("""
            DELETE FROM identity.refresh_tokens WHERE session_id IN (SELECT id FROM identity.sessions WHERE user_id = \(id))
            """)
        changed += try await connection.execute("DELETE FROM identity.email_tokens WHERE user_id = \(id)")
        changed += try await connection.execute("DELETE FROM identity.backup_codes WHERE user_id = \(id)")
        changed += try await connection.execute("DELETE FROM identity.user_roles WHERE user_id = \(id)")
        return changed
    }
}
