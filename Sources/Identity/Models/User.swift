import Foundation
import PostgresClient

/// An account as its owner sees it (`GET /v1/auth/me`). Never carries the password hash or the
/// TOTP secret.
public struct User: Sendable, Codable, Equatable {
    public var id: UUID
    public var email: String
    public var firstName: String
    public var lastName: String
    public var avatarURL: String?
    public var language: String
    public var status: UserStatus
    public var emailVerified: Bool
    public var twoFactorEnabled: Bool
    public var roles: [Role]
    public var lastLoginAt: Date?
    public var createdAt: Date

    static let columns: PostgresQuery = """
        u.id, u.email, u.first_name, u.last_name, u.avatar_url, u.language, u.status,
        u.email_verified_at IS NOT NULL AS email_verified, u.totp_enabled_at IS NOT NULL AS two_factor_enabled,
        COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM identity.user_roles r WHERE r.user_id = u.id), '{}') AS roles,
        u.last_login_at, u.created_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        email = try row.decode(String.self, column: "email")
        firstName = try row.decode(String.self, column: "first_name")
        lastName = try row.decode(String.self, column: "last_name")
        avatarURL = try row.decode(String?.self, column: "avatar_url")
        language = try row.decode(String.self, column: "language")
        status = UserStatus(rawValue: try row.decode(String.self, column: "status")) ?? .suspended
        emailVerified = try row.decode(Bool.self, column: "email_verified")
        twoFactorEnabled = try row.decode(Bool.self, column: "two_factor_enabled")
        // An unknown role in the table (from a newer release) is ignored rather than granted.
        roles = try row.decode([String].self, column: "roles").compactMap(Role.init(rawValue:))
        lastLoginAt = try row.decode(Date?.self, column: "last_login_at")
        createdAt = try row.decode(Date.self, column: "created_at")
    }

    /// What anyone may see of a user (`GET /v1/auth/users/:id`).
    public var publicProfile: PublicProfile {
        PublicProfile(id: id, firstName: firstName, lastName: lastName, avatarURL: avatarURL)
    }
}

/// The public fields of a user.
public struct PublicProfile: Sendable, Codable, Equatable {
    public var id: UUID
    public var firstName: String
    public var lastName: String
    public var avatarURL: String?
}
