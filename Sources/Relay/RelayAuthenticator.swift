import Foundation
import Identity
import Logging
import RedisClient

/// Checks a socket's access token exactly as the HTTP API does: signature and times with
/// `AccessTokens`, then the Redis denylist of revoked tokens and sessions.
struct RelayAuthenticator: Sendable {
    let tokens: AccessTokens
    let redis: RedisClient
    let logger: Logger

    /// - Returns: the verified claims, or how to close the socket.
    func authenticate(_ token: String, now: Date = Date()) async -> Result<AccessClaims, RelayClose> {
        let claims: AccessClaims
        do {
            claims = try tokens.verify(token, now: now)
        } catch {
            return .failure(error.code == .tokenExpired ? .tokenExpired : .invalidToken)
        }
        do {
            if try await TokenDenylist.isRevoked(tokenID: claims.tokenID, sessionID: claims.sessionID, in: redis) {
                return .failure(.tokenRevoked)
            }
        } catch {
            // Without the denylist a revoked token could get in: refuse, the client retries.
            logger.warning("denylist check failed", metadata: ["error": "\(error)"])
            return .failure(.unavailable)
        }
        return .success(claims)
    }

    /// The token of an upgrade request: `Authorization: Bearer <token>`, else `?access_token=`.
    static func token(authorization: String?, query: String?) -> String? {
        if let token = AccessGuard.bearerToken(authorization) { return token }
        if let query, !query.isEmpty { return query }
        return nil
    }
}
