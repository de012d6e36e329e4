import Foundation
import Hummingbird
import Ingress

/// `/v1/auth/*`: registration, sessions, passwords, 2FA, profile. Each route documents itself
/// for `/openapi.json` where it is registered.
public enum IdentityRoutes {
    static let tag = "identity"

    static func add(to routes: APIRoutes, service: IdentityService, guard access: AccessGuard) {
        let policies = access.policies
        let signedIn = JSONSchema.success(JSONSchema.object([("user", IdentitySchemas.user), ("token", JSONSchema.string()),
                                                   ("refresh_token", JSONSchema.string()), ("expires_in", JSONSchema.integer)]))
        let user = JSONSchema.success(IdentitySchemas.user)
        let done = JSONSchema.success(JSONSchema.object([("done", JSONSchema.boolean)]))

        routes.add(.post, "/v1/auth/register", summary: "Create an account (sends the verification email)", tag: tag,
                   requestBody: JSONSchema.object([("email", JSONSchema.string(format: "email")), ("password", JSONSchema.string()),
                                         ("first_name", JSONSchema.string()), ("last_name", JSONSchema.string()),
                                         ("language", JSONSchema.string(enumValues: ["fr", "en"])),
                                         ("role", JSONSchema.string(enumValues: Role.selfService.keys.sorted()))],
                                        required: ["email", "password", "first_name", "last_name"]),
                   replies: [.init(201, "created and signed in", schema: signedIn), .init(400, "invalid fields"),
                             .init(403, "role not available at registration"), .init(409, "email taken"), .init(429, "rate limited")],
                   authenticated: false,
                   handler: access.limited({ _, context in policies.registerChecks(ip: ip(context)) }) { request, context in
                       let input = try await JSONBody.decode(IdentityService.Registration.self, from: request, limit: context.maxBodyBytes)
                       return SuccessEnvelope(try await service.register(input, origin: origin(request, context)), status: .created)
                   })

        routes.add(.post, "/v1/auth/login", summary: "Sign in with email, password and, when enabled, a 2FA code", tag: tag,
                   requestBody: JSONSchema.object([("email", JSONSchema.string()), ("password", JSONSchema.string()), ("totp_code", JSONSchema.string())],
                                        required: ["email", "password"]),
                   replies: [.init(200, "signed in", schema: signedIn), .init(401, "invalid_credentials, totp_required or totp_invalid"),
                             .init(403, "account suspended or deleted"), .init(429, "rate limited")],
                   authenticated: false,
                   handler: { request, context in
                       let input = try await JSONBody.decode(IdentityService.Login.self, from: request, limit: context.maxBodyBytes)
                       // Per IP and per email: the email comes from the body, so the check runs here.
                       let limits = try await access.enforce(policies.loginChecks(ip: ip(context),
                                                                                  email: IdentityService.normalizeEmail(input.email)))
                       return try AccessGuard.response(SuccessEnvelope(try await service.login(input, origin: origin(request, context))),
                                                       limits: limits, request: request, context: context)
                   })

        routes.add(.post, "/v1/auth/refresh-token", summary: "Exchange a refresh token for a new token pair (rotation)", tag: tag,
                   requestBody: JSONSchema.object([("refresh_token", JSONSchema.string())], required: ["refresh_token"]),
                   replies: [.init(200, "new token pair", schema: signedIn), .init(401, "invalid, expired or reused (session closed)")],
                   authenticated: false,
                   handler: access.limited({ _, context in policies.defaultChecks(userID: nil, ip: ip(context)) }) { request, context in
                       let input = try await JSONBody.decode(RefreshRequest.self, from: request, limit: context.maxBodyBytes)
                       return SuccessEnvelope(try await service.refresh(input.refreshToken, origin: origin(request, context)))
                   })

        routes.add(.post, "/v1/auth/logout", summary: "Revoke this token and its session", tag: tag,
                   replies: [.init(200, "signed out", schema: done), .init(503, "the session store is unavailable; nothing changed")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       try await service.logout(principal, origin: origin(request, context))
                       return SuccessEnvelope(Done())
                   })

        for path in ["/v1/auth/me", "/v1/auth/profile"] {
            routes.add(.get, path, summary: "The signed-in user", tag: tag, replies: [.init(200, "the user", schema: user)],
                       authenticated: true,
                       handler: access.protected { _, _, principal in SuccessEnvelope(try await service.me(principal)) })
        }

        routes.add(.patch, "/v1/auth/profile", summary: "Change first/last name, avatar URL or language", tag: tag,
                   requestBody: JSONSchema.object([("first_name", JSONSchema.string()), ("last_name", JSONSchema.string()),
                                         ("avatar_url", JSONSchema.string(format: "uri")), ("language", JSONSchema.string(enumValues: ["fr", "en"]))]),
                   replies: [.init(200, "the updated user", schema: user), .init(400, "invalid fields")], authenticated: true,
                   handler: access.protected { request, context, principal in
                       let patch = try await JSONBody.decode(IdentityService.ProfilePatch.self, from: request, limit: context.maxBodyBytes)
                       return SuccessEnvelope(try await service.updateProfile(principal, patch))
                   })

        routes.add(.get, "/v1/auth/verify-jwt", summary: "Whether the bearer token is valid, for other services", tag: tag,
                   replies: [.init(200, "valid", schema: JSONSchema.success(JSONSchema.object([("valid", JSONSchema.boolean), ("user_id", JSONSchema.uuid)])))],
                   authenticated: true,
                   handler: access.protected { _, _, principal in SuccessEnvelope(JWTCheck(valid: true, userID: principal.userID)) })

        routes.add(.get, "/v1/auth/users/:id", summary: "Public profile of a user", tag: tag,
                   replies: [.init(200, "public fields only", schema: JSONSchema.success(IdentitySchemas.publicProfile)),
                             .init(404, "no such active user")],
                   authenticated: true,
                   handler: access.protected { _, context, _ in
                       SuccessEnvelope(try await service.publicProfile(try context.uuidParameter(notFound: "user")))
                   })

        CredentialRoutes.add(to: routes, service: service, guard: access)
    }

    /// The client's address for per-IP limits; in-process tests have none and share one bucket.
    static func ip(_ context: RelaisRequestContext) -> String { context.clientIP ?? "unknown" }

    public static func origin(_ request: Request, _ context: RelaisRequestContext) -> RequestOrigin {
        RequestOrigin(ip: context.clientIP, userAgent: request.headers[.userAgent])
    }

    struct RefreshRequest: Decodable {
        let refreshToken: String
    }

    struct Done: Encodable, Sendable {
        let done = true
    }

    struct JWTCheck: Encodable, Sendable {
        let valid: Bool
        let userID: UUID
    }
}
