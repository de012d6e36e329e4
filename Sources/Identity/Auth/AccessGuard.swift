import Foundation
import HTTPTypes
import Hummingbird
import Ingress
import Logging
import RedisClient

/// The one API every module uses to protect a route: verifies the bearer token, checks the
/// denylist and the caller's rate limit in one pipelined Redis round trip, checks roles, and
/// adds the RateLimit headers to the response.
///
/// ```swift
/// routes.add(.get, "/v1/academy/courses/mine", ..., authenticated: true,
///            handler: guard.protected(roles: [.academyInstructor]) { request, context, principal in ... })
/// ```
public struct AccessGuard: Sendable {
    let tokens: AccessTokens
    let limiter: RateLimiter
    let policies: RateLimitPolicies

    public typealias Handler = @Sendable (Request, RelaisRequestContext) async throws -> Response

    /// Wraps `handler` so it runs only for a valid, unrevoked token whose user holds at least one
    /// of `roles` (any authenticated user when empty).
    public func protected<Output: ResponseGenerator>(
        roles: Set<Role> = [],
        _ handler: @escaping @Sendable (Request, RelaisRequestContext, Principal) async throws -> Output
    ) -> Handler {
        { request, context in
            let (principal, limits) = try await authenticate(request)
            guard roles.isEmpty || !roles.isDisjoint(with: principal.roles) else { throw APIError.forbidden }
            return try Self.response(try await handler(request, context, principal), limits: limits, request: request, context: context)
        }
    }

    /// Wraps a route open to anyone that shows more to some signed-in callers (a draft course
    /// to its instructor). A bearer token, when sent, must be valid (401 otherwise, never a
    /// silent downgrade to anonymous); without one the handler gets nil and the caller is
    /// rate-limited per IP.
    public func optional<Output: ResponseGenerator>(
        _ handler: @escaping @Sendable (Request, RelaisRequestContext, Principal?) async throws -> Output
    ) -> Handler {
        { request, context in
            if request.headers[.authorization] != nil {
                let (principal, limits) = try await authenticate(request)
                return try Self.response(try await handler(request, context, principal), limits: limits, request: request, context: context)
            }
            let limits = try await enforce(policies.defaultChecks(userID: nil, ip: context.clientIP ?? "unknown"))
            return try Self.response(try await handler(request, context, nil), limits: limits, request: request, context: context)
        }
    }

    /// Wraps an anonymous route: applies `checks` (per IP…) before the handler.
    public func limited<Output: ResponseGenerator>(
        _ checks: @escaping @Sendable (Request, RelaisRequestContext) -> [RateLimitCheck],
        _ handler: @escaping @Sendable (Request, RelaisRequestContext) async throws -> Output
    ) -> Handler {
        { request, context in
            let limits = try await enforce(checks(request, context))
            return try Self.response(try await handler(request, context), limits: limits, request: request, context: context)
        }
    }

    /// Applies rate-limit checks inside a handler (when they depend on the body, e.g. the email
    /// of a login). - Throws: `APIError` 429 with `Retry-After` and the RateLimit headers.
    public func enforce(_ checks: [RateLimitCheck]) async throws -> RateLimitResult {
        let result = await limiter.check(checks)
        guard result.allowed else { throw Self.tooManyRequests(result) }
        return result
    }

    /// `output` as a response carrying the RateLimit headers of `limits`.
    public static func response(_ output: some ResponseGenerator, limits: RateLimitResult, request: Request,
                                context: RelaisRequestContext) throws -> Response {
        var response = try output.response(from: request, context: context)
        add(limits, to: &response.headers)
        return response
    }

    /// The principal of a request with a valid, unrevoked bearer token, and the caller's limit.
    /// - Throws: `APIError` 401 (missing, invalid, expired or revoked token), 429, or 503 when
    ///   the denylist cannot be read (fail closed).
    func authenticate(_ request: Request) async throws -> (Principal, RateLimitResult) {
        guard let token = Self.bearerToken(request.headers[.authorization]) else { throw APIError.unauthenticated }
        let claims: AccessClaims
        do {
            claims = try tokens.verify(token, now: .now)
        } catch {
            throw APIError(status: .unauthorized, code: error.code == .tokenExpired ? "token_expired" : "token_invalid",
                           message: "the access token is not valid", headers: [.wwwAuthenticate: "Bearer"])
        }
        let (result, replies) = await limiter.check(policies.defaultChecks(userID: claims.userID.uuidString, ip: ""),
                                                    alsoRun: [TokenDenylist.check(tokenID: claims.tokenID, sessionID: claims.sessionID)])
        guard let replies, let revoked = replies.first?.int else {
            throw APIError.unavailable("the session store")
        }
        guard revoked == 0 else {
            throw APIError(status: .unauthorized, code: "token_revoked", message: "the access token was revoked",
                           headers: [.wwwAuthenticate: "Bearer"])
        }
        guard result.allowed else { throw Self.tooManyRequests(result) }
        let principal = Principal(userID: claims.userID, roles: Set(claims.roles.compactMap(Role.init(rawValue:))),
                                  tokenID: claims.tokenID, sessionID: claims.sessionID, expiresAt: claims.expiresAt)
        return (principal, result)
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme in any case, blanks
    /// around the token ignored), or nil. The relay reads WebSocket upgrades with it too.
    public static func bearerToken(_ header: String?) -> String? {
        // Byte-wise on purpose: Foundation's `trimmingCharacters` bridges through NSString and
        // counting Characters walks grapheme clusters, which together were a measurable share
        // of every authenticated request.
        guard let utf8 = header?.utf8, utf8.count > scheme.count,
            zip(utf8, scheme).allSatisfy({ asciiLowercased($0) == $1 })
        else { return nil }
        let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        var start = utf8.index(utf8.startIndex, offsetBy: scheme.count)
        var end = utf8.endIndex
        while start < end, isBlank(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isBlank(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return start < end ? String(Substring(utf8[start..<end])) : nil
    }

    private static let scheme = Array("bearer ".utf8)

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    static func tooManyRequests(_ result: RateLimitResult) -> APIError {
        let seconds = Int((Double(result.retryAfter.components.seconds) + Double(result.retryAfter.components.attoseconds) / 1e18).rounded(.up))
        var error = APIError.tooManyRequests(retryAfterSeconds: seconds)
        var headers = error.headers
        add(result, to: &headers)
        error = APIError(status: error.status, code: error.code, message: error.message, headers: headers)
        return error
    }

    static func add(_ result: RateLimitResult, to headers: inout HTTPFields) {
        for field in RateLimitHeaders(result).fields {
            if let name = HTTPField.Name(field.name) { headers[name] = field.value }
        }
    }
}
