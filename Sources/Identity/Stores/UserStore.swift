import Foundation
import PostgresClient

/// Accounts and their roles (`identity.users`, `identity.user_roles`). Emails are stored
/// normalised (trimmed, lower-case); callers normalise before looking up.
struct UserStore: Sendable {
    let postgres: PostgresClient

    /// The fields of a new account.
    struct NewUser: Sendable {
        var email: String
        var passwordHash: String?
        var firstName: String
        var lastName: String
        var language: String
        var roles: [Role]
    }

    /// Inserts the user and its roles on `connection` (inside the caller's transaction).
    /// - Returns: nil when the email is taken.
    func create(_ new: NewUser, on connection: PostgresConnection) async throws -> User? {
        let id = UUID()
        let inserted = try await connection.execute("""
            INSERT INTO identity.users (id, email, password_hash, first_name, last_name, language)
            VALUES (\(id), \(new.email), \(new.passwordHash), \(new.firstName), \(new.lastName), \(new.language))
            ON CONFLICT (email) DO NOTHING
            """)
        guard inserted == 1 else { return nil }
        for role in new.roles {
            try await connection.execute("INSERT INTO identity.user_roles (user_id, role) VALUES (\(id), \(role.rawValue))")
        }
        return try await user(id: id, on: connection)
    }

    func user(id: UUID, on connection: some PostgresQueryable) async throws -> User? {
        try await connection.query("SELECT \(fragment: User.columns) FROM identity.users u WHERE u.id = \(id)")
            .first.map(User.init(row:))
    }

    func user(id: UUID) async throws -> User? {
        try await user(id: id, on: postgres)
    }

    func credentials(email: String) async throws -> Credentials? {
        try await credentials(where: "u.email = \(email)")
    }

    func credentials(id: UUID) async throws -> Credentials? {
        try await credentials(where: "u.id = \(id)")
    }

    private func credentials(where filter: PostgresQuery) async throws -> Credentials? {
        try await postgres.query("""
            SELECT \(fragment: User.columns), \(fragment: Credentials.columns) FROM identity.users u WHERE \(fragment: filter)
            """).first.map(Credentials.init(row:))
    }

    func recordLogin(_ id: UUID) async throws {
        try await postgres.execute("UPDATE identity.users SET last_login_at = now() WHERE id = \(id)")
    }

    /// Sets the fields that are non-nil. - Returns: the updated user.
    func updateProfile(_ id: UUID, firstName: String?, lastName: String?, avatarURL: String?, language: String?) async throws -> User? {
        try await postgres.execute("""
            UPDATE identity.users SET
                first_name = COALESCE(\(firstName), first_name), last_name = COALESCE(\(lastName), last_name),
                avatar_url = COALESCE(\(avatarURL), avatar_url), language = COALESCE(\(language), language), updated_at = now()
            WHERE id = \(id)
            """)
        return try await user(id: id)
    }

    func setPassword(_ id: UUID, hash: String, on connection: some PostgresQueryable) async throws {
        try await connection.execute("UPDATE identity.users SET password_hash = \(hash), updated_at = now() WHERE id = \(id)")
    }

    func markEmailVerified(_ id: UUID, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            UPDATE identity.users SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now() WHERE id = \(id)
            """)
    }

    func setStatus(_ id: UUID, _ status: UserStatus, on connection: some PostgresQueryable) async throws -> Bool {
        try await connection.execute("UPDATE identity.users SET status = \(status.rawValue), updated_at = now() WHERE id = \(id)") == 1
    }

    /// Replaces the user's roles. - Returns: false when the user does not exist.
    func setRoles(_ id: UUID, _ roles: Set<Role>, on connection: some PostgresQueryable) async throws -> Bool {
        guard try await connection.query("SELECT 1 AS x FROM identity.users WHERE id = \(id) FOR UPDATE").first != nil else { return false }
        try await connection.execute("DELETE FROM identity.user_roles WHERE user_id = \(id)")
        for role in roles.sorted(by: { $0.rawValue < $1.rawValue }) {
            try await connection.execute("INSERT INTO identity.user_roles (user_id, role) VALUES (\(id), \(role.rawValue))")
        }
        return true
    }

    /// Adds one role (idempotent). - Returns: false when no user has this email.
    func grant(_ role: Role, toEmail email: String) async throws -> Bool {
        let rows = try await postgres.query("SELECT id FROM identity.users WHERE email = \(email)")
        guard let id = try rows.first?.decode(UUID.self, column: "id") else { return false }
        try await postgres.execute("INSERT INTO identity.user_roles (user_id, role) VALUES (\(id), \(role.rawValue)) ON CONFLICT DO NOTHING")
        return true
    }

    // MARK: second factor

    /// Stores a secret awaiting confirmation (2FA is not on until `enableTOTP`).
    func setPendingTOTP(_ id: UUID, secret: String) async throws {
        try await postgres.execute("""
            UPDATE identity.users SET totp_secret = \(secret), totp_enabled_at = NULL, totp_last_step = NULL, updated_at = now()
            WHERE id = \(id)
            """)
    }

    func enableTOTP(_ id: UUID, step: Int64, backupCodeHashes: [String], on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            UPDATE identity.users SET totp_enabled_at = now(), totp_last_step = \(step), updated_at = now() WHERE id = \(id)
            """)
        try await connection.execute("DELETE FROM identity.backup_codes WHERE user_id = \(id)")
        for hash in backupCodeHashes {
            try await connection.execute("INSERT INTO identity.backup_codes (user_id, code_hash) VALUES (\(id), \(hash))")
        }
    }

    func disableTOTP(_ id: UUID, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            UPDATE identity.users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, updated_at = now()
            WHERE id = \(id)
            """)
        try await connection.execute("DELETE FROM identity.backup_codes WHERE user_id = \(id)")
    }

    /// Records the time step a code was accepted at, only if it is newer than the last one:
    /// a code can be used once. - Returns: false for a replayed step.
    func acceptTOTPStep(_ id: UUID, step: Int64) async throws -> Bool {
        try await postgres.execute("""
            UPDATE identity.users SET totp_last_step = \(step)
            WHERE id = \(id) AND (totp_last_step IS NULL OR totp_last_step < \(step))
            """) == 1
    }

    /// Consumes one unused backup code. - Returns: whether one matched.
    func useBackupCode(_ id: UUID, hash: String) async throws -> Bool {
        try await postgres.execute("""
            UPDATE identity.backup_codes SET used_at = now() WHERE user_id = \(id) AND code_hash = \(hash) AND used_at IS NULL
            """) == 1
    }
}
