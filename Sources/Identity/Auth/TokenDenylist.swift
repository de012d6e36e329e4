import Foundation
import RedisClient

/// Revoked access tokens and sessions in Redis, until the tokens would have expired anyway.
///
/// Keys: `denylist:jti:<token id>` (one token, after logout) and `denylist:sid:<session id>`
/// (every token of a session: password change, reset, suspension, refresh-token reuse). The
/// request path checks both with one `EXISTS` pipelined with the rate limit. Each revocation is
/// also published on `auth.revoked` so relays can close the live WebSockets of those tokens.
public struct TokenDenylist: Sendable {
    public static let channel = "auth.revoked"

    let redis: RedisClient
    /// How long a session key must live: the longest an access token of it can still be valid.
    let accessTokenLifetime: Duration

    public init(redis: RedisClient, accessTokenLifetime: Duration) {
        self.redis = redis
        self.accessTokenLifetime = accessTokenLifetime
    }

    static func tokenKey(_ id: UUID) -> String { "denylist:jti:\(id.uuidString.lowercased())" }
    static func sessionKey(_ id: UUID) -> String { "denylist:sid:\(id.uuidString.lowercased())" }

    /// The command the request path pipelines: its reply counts the revoked keys among the two.
    static func check(tokenID: UUID, sessionID: UUID) -> [RedisArgument] {
        ["EXISTS", .string(tokenKey(tokenID)), .string(sessionKey(sessionID))]
    }

    /// Whether the token or its whole session was revoked: one `EXISTS` on both keys. For
    /// processes that verify tokens outside the request path (the WebSocket relay).
    /// - Throws: `RedisError` when Redis is unavailable (the caller must refuse the token).
    public static func isRevoked(tokenID: UUID, sessionID: UUID, in redis: RedisClient) async throws -> Bool {
        let reply = try await redis.send(check(tokenID: tokenID, sessionID: sessionID))
        guard let revoked = reply.int else { throw RedisError(code: .protocolError, message: "unexpected reply to EXISTS") }
        return revoked > 0
    }

    /// Revokes one access token until `expiresAt` and every token of `sessionIDs`, in one
    /// pipelined round trip and one announcement.
    /// - Throws: `RedisError` (the caller answers 503: a revocation that did not happen must not
    ///   be reported as done).
    public func revoke(tokenID: UUID? = nil, expiresAt: Date = .now, sessionIDs: [UUID] = [], userID: UUID) async throws {
        var commands: [[RedisArgument]] = []
        if let tokenID {
            let milliseconds = max(1_000, Int(expiresAt.timeIntervalSinceNow * 1_000) + 1_000)
            commands.append(["SET", .string(Self.tokenKey(tokenID)), "1", "PX", .string(String(milliseconds))])
        }
        let sessionMilliseconds = String(Int(accessTokenLifetime.components.seconds) * 1_000 + 60_000)
        commands += sessionIDs.map { ["SET", .string(Self.sessionKey($0)), "1", "PX", .string(sessionMilliseconds)] }
        guard !commands.isEmpty else { return }
        for reply in try await redis.pipeline(commands) {
            if case .error = reply { throw RedisError(code: .server, message: "the denylist write was refused") }
        }
        await announce(userID: userID, tokenIDs: tokenID.map { [$0] } ?? [], sessionIDs: sessionIDs)
    }

    /// Best effort: the denylist already holds; a relay that misses the message still refuses
    /// the token at its next check.
    private func announce(userID: UUID, tokenIDs: [UUID], sessionIDs: [UUID]) async {
        let message: [String: Any] = [
            "type": "auth.revoked", "user_id": userID.uuidString.lowercased(),
            "token_ids": tokenIDs.map { $0.uuidString.lowercased() }, "session_ids": sessionIDs.map { $0.uuidString.lowercased() },
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys]) else { return }
        _ = try? await redis.publish(Self.channel, Array(data))
    }
}
