import Foundation

/// The verified content of an access token.
public struct AccessClaims: Sendable, Hashable {
    /// The authenticated user (`sub`).
    public let userID: UUID
    /// The token's unique id (`jti`), used to revoke one token through the denylist.
    public let tokenID: UUID
    /// When the token was issued (`iat`), whole seconds.
    public let issuedAt: Date
    /// When the token stops being accepted (`exp`), whole seconds.
    public let expiresAt: Date
    /// The user's roles at the time of issue.
    public let roles: [String]
    /// The login session the token belongs to (`sid`): revoking a session revokes its tokens.
    public let sessionID: UUID

    /// Creates claims; normally only ``AccessTokens`` does this.
    public init(userID: UUID, tokenID: UUID, issuedAt: Date, expiresAt: Date, roles: [String], sessionID: UUID) {
        self.userID = userID
        self.tokenID = tokenID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.roles = roles
        self.sessionID = sessionID
    }
}
