import Foundation

/// Who is calling: established by `AccessGuard` from a verified, not revoked access token.
public struct Principal: Sendable, Equatable {
    public let userID: UUID
    public let roles: Set<Role>
    /// The access token's `jti` (what logout denylists).
    public let tokenID: UUID
    /// The login session the token belongs to (`sid`).
    public let sessionID: UUID
    public let expiresAt: Date

    public func has(_ role: Role) -> Bool { roles.contains(role) }

    /// The `actor` of commands this caller causes.
    public var actor: String { "user:\(userID.uuidString.lowercased())" }
}
