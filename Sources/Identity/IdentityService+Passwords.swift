import Email
import Foundation
import Ingress
import Pipeline
import PostgresClient

extension IdentityService {
    /// `POST /verify-email`: single use, 24 h.
    public func verifyEmail(token: String, origin: RequestOrigin) async throws {
        let invalid = APIError(status: .badRequest, code: "token_invalid", message: "the verification link is invalid, used or expired")
        guard OpaqueToken.isWellFormed(token) else { throw invalid }
        let userID: UUID? = try await postgres.withTransaction { connection in
            guard let userID = try await emailTokens.consume(hash: OpaqueToken.hash(token), purpose: .verifyEmail, on: connection) else {
                return nil
            }
            try await users.markEmailVerified(userID, on: connection)
            return userID
        }
        guard let userID else { throw invalid }
        await audit.record("verify_email", outcome: "success", userID: userID, origin: origin)
    }

    /// `POST /change-password`: every other session is revoked; a notice is emailed.
    public func changePassword(_ principal: Principal, old: String, new: String, origin: RequestOrigin) async throws {
        guard let credentials = try await users.credentials(id: principal.userID), let hash = credentials.passwordHash else {
            throw APIError.unauthenticated
        }
        guard await hasher.verify(old, against: hash) else {
            await audit.record("change_password", outcome: "wrong_password", userID: principal.userID, origin: origin)
            throw APIError(status: .unauthorized, code: "invalid_credentials", message: "the current password is incorrect")
        }
        try validatePassword(new, email: credentials.user.email, field: "new_password")
        let newHash = try await hasher.hash(new)
        try await revokeSessions(userID: principal.userID, except: principal.sessionID, reason: "password_changed")
        try await postgres.withTransaction { connection in
            try await users.setPassword(principal.userID, hash: newHash, on: connection)
            try await notify(credentials.user, .passwordChanged, ["changed_at": Self.noticeTime(), "support_url": supportURL],
                             on: connection)
        }
        await audit.record("change_password", outcome: "success", userID: principal.userID, origin: origin)
    }

    /// `POST /request-password-reset`: always the same answer, whether or not the account exists.
    public func requestPasswordReset(email input: String, origin: RequestOrigin) async throws {
        let email = Self.normalizeEmail(input)
        guard let user = try await users.credentials(email: email)?.user, user.status == .active else {
            await audit.record("request_password_reset", outcome: "no_active_account", userID: nil, actor: "anonymous", origin: origin)
            return
        }
        let reset = OpaqueToken()
        try await postgres.withTransaction { connection in
            try await emailTokens.issue(userID: user.id, hash: reset.hash, purpose: .resetPassword,
                                        expiresAt: Date.now.addingTimeInterval(3_600), on: connection)
            try await notify(user, .passwordReset, ["reset_url": link("/reset-password", token: reset.value), "expires_in_minutes": "60"],
                             on: connection)
        }
        await audit.record("request_password_reset", outcome: "sent", userID: user.id, origin: origin)
    }

    /// `POST /reset-password`: single use, 1 h; every session is revoked.
    public func resetPassword(token: String, new: String, origin: RequestOrigin) async throws {
        let invalid = APIError(status: .badRequest, code: "token_invalid", message: "the reset link is invalid, used or expired")
        guard OpaqueToken.isWellFormed(token) else { throw invalid }
        // Check the password before consuming the token, so a weak choice does not burn the link.
        let pending = try await postgres.query("""
            SELECT user_id FROM identity.email_tokens
            WHERE token_hash = \(OpaqueToken.hash(token)) AND purpose = 'reset_password' AND used_at IS NULL AND expires_at > now()
            """).first.map { try $0.decode(UUID.self, column: "user_id") }
        guard let pendingUser = pending, let user = try await users.user(id: pendingUser) else { throw invalid }
        try validatePassword(new, email: user.email, field: "new_password")
        let newHash = try await hasher.hash(new)
        try await revokeSessions(userID: user.id, except: nil, reason: "password_reset")
        let consumed: Bool = try await postgres.withTransaction { connection in
            guard try await emailTokens.consume(hash: OpaqueToken.hash(token), purpose: .resetPassword, on: connection) == user.id else {
                return false
            }
            try await users.setPassword(user.id, hash: newHash, on: connection)
            try await notify(user, .passwordChanged, ["changed_at": Self.noticeTime(), "support_url": supportURL],
                             on: connection)
            return true
        }
        guard consumed else { throw invalid }
        await audit.record("reset_password", outcome: "success", userID: user.id, origin: origin)
    }

    /// Queues a security notice to the user (through the outbox, in the caller's transaction).
    func notify(_ user: User, _ template: EmailTemplateID, _ variables: [String: String], on connection: some PostgresQueryable) async throws {
        try await Outbox.enqueue(SendEmail(template: template, locale: emailLocale(user), to: user.email,
                                           toName: "\(user.firstName) \(user.lastName)",
                                           variables: variables.merging(["first_name": user.firstName]) { $1 }),
                                 actor: "user:\(user.id.uuidString.lowercased())", traceparent: nil, on: connection)
    }
}
