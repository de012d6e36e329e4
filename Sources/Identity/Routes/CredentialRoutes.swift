import Foundation
import Hummingbird
import Ingress

/// `/v1/auth` routes about credentials: email verification, password change and reset, 2FA.
enum CredentialRoutes {
    static func add(to routes: APIRoutes, service: IdentityService, guard access: AccessGuard) {
        let tag = IdentityRoutes.tag
        let policies = access.policies
        let done = JSONSchema.success(JSONSchema.object([("done", JSONSchema.boolean)]))
        let origin = IdentityRoutes.origin

        routes.add(.post, "/v1/auth/verify-email", summary: "Confirm the email address with the emailed token (single use, 24 h)", tag: tag,
                   requestBody: JSONSchema.object([("token", JSONSchema.string())], required: ["token"]),
                   replies: [.init(200, "verified", schema: done), .init(400, "token invalid, used or expired")], authenticated: false,
                   handler: access.limited({ _, context in policies.defaultChecks(userID: nil, ip: IdentityRoutes.ip(context)) }) { request, context in
                       let input = try await JSONBody.decode(TokenRequest.self, from: request, limit: context.maxBodyBytes)
                       try await service.verifyEmail(token: input.token, origin: origin(request, context))
                       return SuccessEnvelope(IdentityRoutes.Done())
                   })

        routes.add(.post, "/v1/auth/change-password", summary: "Change the password; every other session is closed", tag: tag,
                   requestBody: JSONSchema.object([("old_password", JSONSchema.string()), ("new_password", JSONSchema.string())],
                                        required: ["old_password", "new_password"]),
                   replies: [.init(200, "changed", schema: done), .init(400, "weak new password"), .init(401, "wrong current password")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let input = try await JSONBody.decode(ChangePassword.self, from: request, limit: context.maxBodyBytes)
                       try await service.changePassword(principal, old: input.oldPassword, new: input.newPassword, origin: origin(request, context))
                       return SuccessEnvelope(IdentityRoutes.Done())
                   })

        routes.add(.post, "/v1/auth/request-password-reset", summary: "Email a reset link (same answer whether or not the account exists)",
                   tag: tag, requestBody: JSONSchema.object([("email", JSONSchema.string())], required: ["email"]),
                   replies: [.init(200, "if the account exists, a link was sent", schema: done), .init(429, "rate limited")],
                   authenticated: false,
                   handler: access.limited({ _, context in policies.passwordResetChecks(ip: IdentityRoutes.ip(context)) }) { request, context in
                       let input = try await JSONBody.decode(ResetRequest.self, from: request, limit: context.maxBodyBytes)
                       try await service.requestPasswordReset(email: input.email, origin: origin(request, context))
                       return SuccessEnvelope(IdentityRoutes.Done())
                   })

        routes.add(.post, "/v1/auth/reset-password", summary: "Set a new password with the emailed token (single use, 1 h); closes every session",
                   tag: tag, requestBody: JSONSchema.object([("token", JSONSchema.string()), ("new_password", JSONSchema.string())],
                                                  required: ["token", "new_password"]),
                   replies: [.init(200, "changed", schema: done), .init(400, "token invalid or weak password")], authenticated: false,
                   handler: access.limited({ _, context in policies.passwordResetChecks(ip: IdentityRoutes.ip(context)) }) { request, context in
                       let input = try await JSONBody.decode(ResetPassword.self, from: request, limit: context.maxBodyBytes)
                       try await service.resetPassword(token: input.token, new: input.newPassword, origin: origin(request, context))
                       return SuccessEnvelope(IdentityRoutes.Done())
                   })

        routes.add(.post, "/v1/auth/2fa/setup", summary: "Start TOTP enrolment: secret and otpauth:// URI", tag: tag,
                   replies: [.init(200, "pending until verified", schema: JSONSchema.success(JSONSchema.object([("secret", JSONSchema.string()),
                                                                                                       ("otpauth_uri", JSONSchema.string())]))),
                             .init(409, "already enabled")], authenticated: true,
                   handler: access.protected { request, context, principal in
                       SuccessEnvelope(try await service.setUpTwoFactor(principal, origin: origin(request, context)))
                   })

        routes.add(.post, "/v1/auth/2fa/verify", summary: "Confirm TOTP with a code; returns 10 single-use backup codes", tag: tag,
                   requestBody: JSONSchema.object([("code", JSONSchema.string())], required: ["code"]),
                   replies: [.init(200, "enabled", schema: JSONSchema.success(JSONSchema.object([("backup_codes", JSONSchema.array(JSONSchema.string()))]))),
                             .init(401, "totp_invalid"), .init(409, "not set up or already enabled")], authenticated: true,
                   handler: access.protected { request, context, principal in
                       let input = try await JSONBody.decode(CodeRequest.self, from: request, limit: context.maxBodyBytes)
                       let codes = try await service.verifyTwoFactor(principal, code: input.code, origin: origin(request, context))
                       return SuccessEnvelope(BackupCodesReply(backupCodes: codes))
                   })

        routes.add(.post, "/v1/auth/2fa/disable", summary: "Turn TOTP off (password and a current or backup code)", tag: tag,
                   requestBody: JSONSchema.object([("password", JSONSchema.string()), ("code", JSONSchema.string())], required: ["password", "code"]),
                   replies: [.init(200, "disabled", schema: done), .init(401, "wrong password or code"), .init(409, "not enabled")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let input = try await JSONBody.decode(DisableTwoFactor.self, from: request, limit: context.maxBodyBytes)
                       try await service.disableTwoFactor(principal, password: input.password, code: input.code, origin: origin(request, context))
                       return SuccessEnvelope(IdentityRoutes.Done())
                   })
    }

    struct TokenRequest: Decodable { let token: String }
    struct ChangePassword: Decodable { let oldPassword: String; let newPassword: String }
    struct ResetRequest: Decodable { let email: String }
    struct ResetPassword: Decodable { let token: String; let newPassword: String }
    struct CodeRequest: Decodable { let code: String }
    struct DisableTwoFactor: Decodable { let password: String; let code: String }
    struct BackupCodesReply: Encodable, Sendable { let backupCodes: [String] }
}
