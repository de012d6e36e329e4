import Email
import Foundation
import Ingress
import Pipeline
import PostgresClient

extension IdentityService {
    public struct Registration: Sendable, Decodable {
        public var email: String
        public var password: String
        public var firstName: String
        public var lastName: String
        public var language: String?
        public var role: String?
    }

    /// `POST /register`: creates the account, sends the verification email (outbox, same
    /// transaction), signs in.
    public func register(_ input: Registration, origin: RequestOrigin) async throws -> SignedIn {
        let email = Self.normalizeEmail(input.email)
        var issues: [APIError.FieldIssue] = []
        if !Self.isPlausibleEmail(email) { issues.append(.init(field: "email", issue: "must be an email address")) }
        issues += PasswordPolicy.validate(input.password, email: email, field: "password").map { .init(field: $0.field, issue: $0.message) }
        let firstName = input.firstName.trimmingCharacters(in: .whitespacesAndNewlines)
        let lastName = input.lastName.trimmingCharacters(in: .whitespacesAndNewlines)
        if firstName.isEmpty || firstName.count > 100 { issues.append(.init(field: "first_name", issue: "must be 1 to 100 characters")) }
        if lastName.isEmpty || lastName.count > 100 { issues.append(.init(field: "last_name", issue: "must be 1 to 100 characters")) }
        let language = input.language.map { EmailLocale(languageTag: $0)?.rawValue } ?? EmailLocale.default.rawValue
        if language == nil { issues.append(.init(field: "language", issue: "must be fr or en")) }
        guard issues.isEmpty else { throw APIError.validation(issues) }
        var roles: [Role] = []
        if let requested = input.role {
            guard let role = Role.selfService[requested.lowercased()] ?? Role.selfService.values.first(where: { $0.rawValue == requested }) else {
                throw APIError(status: .forbidden, code: "role_not_self_service",
                               message: "this role is granted by an administrator, not at registration")
            }
            roles = [role]
        }

        let passwordHash = try await hasher.hash(input.password)
        let verification = OpaqueToken()
        let created: User? = try await postgres.withTransaction { connection in
            guard let user = try await users.create(.init(email: email, passwordHash: passwordHash, firstName: firstName,
                                                          lastName: lastName, language: language ?? "fr", roles: roles),
                                                    on: connection) else { return nil }
            try await emailTokens.issue(userID: user.id, hash: verification.hash, purpose: .verifyEmail,
                                        expiresAt: Date.now.addingTimeInterval(24 * 3_600), on: connection)
            try await Outbox.enqueue(SendEmail(template: .emailVerification, locale: emailLocale(user), to: user.email,
                                               toName: "\(user.firstName) \(user.lastName)",
                                               variables: ["first_name": user.firstName,
                                                           "verification_url": link("/verify-email", token: verification.value),
                                                           "expires_in_hours": "24"]),
                                     actor: "user:\(user.id.uuidString.lowercased())", traceparent: nil, on: connection)
            return user
        }
        guard let user = created else {
            await audit.record("register", outcome: "email_taken", userID: nil, actor: "anonymous", origin: origin)
            throw APIError.conflict("an account with this email already exists")
        }
        await audit.record("register", outcome: "success", userID: user.id, origin: origin)
        return try await signIn(user)
    }

    public struct Login: Sendable, Decodable {
        public var email: String
        public var password: String
        public var totpCode: String?

        public init(email: String, password: String, totpCode: String? = nil) {
            self.email = email
            self.password = password
            self.totpCode = totpCode
        }
    }

    /// `POST /login`. Unknown email and wrong password give the same answer after the same
    /// bcrypt work, so neither the message nor the timing tells which.
    public func login(_ input: Login, origin: RequestOrigin) async throws -> SignedIn {
        let invalid = APIError(status: .unauthorized, code: "invalid_credentials", message: "email or password is incorrect")
        let email = Self.normalizeEmail(input.email)
        guard let credentials = try await users.credentials(email: email), let hash = credentials.passwordHash else {
            _ = await hasher.verifyDummy(input.password)
            await audit.record("login", outcome: "unknown_email", userID: nil, actor: "anonymous", origin: origin)
            throw invalid
        }
        let user = credentials.user
        guard await hasher.verify(input.password, against: hash) else {
            await audit.record("login", outcome: "wrong_password", userID: user.id, origin: origin)
            throw invalid
        }
        switch user.status {
        case .active: break
        case .suspended:
            await audit.record("login", outcome: "suspended", userID: user.id, origin: origin)
            throw APIError(status: .forbidden, code: "account_suspended", message: "this account is suspended")
        case .deleted:
            await audit.record("login", outcome: "deleted", userID: user.id, origin: origin)
            throw APIError(status: .forbidden, code: "account_deleted", message: "this account was deleted")
        }
        if user.twoFactorEnabled {
            guard let code = input.totpCode, !code.isEmpty else {
                await audit.record("login", outcome: "totp_required", userID: user.id, origin: origin)
                throw APIError(status: .unauthorized, code: "totp_required", message: "a two-factor code is required")
            }
            guard try await acceptSecondFactor(code, credentials: credentials) else {
                await audit.record("login", outcome: "totp_invalid", userID: user.id, origin: origin)
                throw APIError(status: .unauthorized, code: "totp_invalid", message: "the two-factor code is not valid")
            }
        }
        try await users.recordLogin(user.id)
        await audit.record("login", outcome: "success", userID: user.id, origin: origin)
        return try await signIn(user)
    }

    /// `POST /refresh-token`: rotation; a reused token revokes its whole session.
    public func refresh(_ presented: String, origin: RequestOrigin) async throws -> SignedIn {
        let invalid = APIError(status: .unauthorized, code: "refresh_token_invalid", message: "the refresh token is not valid")
        guard OpaqueToken.isWellFormed(presented) else { throw invalid }
        let next = OpaqueToken()
        let rotation = try await sessions.rotate(presentedHash: OpaqueToken.hash(presented), newHash: next.hash,
                                                 expiresAt: Date.now.addingTimeInterval(seconds(settings.refreshTokenLifetime)))
        switch rotation {
        case .invalid:
            throw invalid
        case .reused(let sessionID, let userID):
            // The session is already revoked in PostgreSQL; its live access tokens go too.
            try? await denylist.revoke(sessionIDs: [sessionID], userID: userID)
            await audit.record("refresh", outcome: "reuse_detected_session_revoked", userID: userID, origin: origin)
            throw APIError(status: .unauthorized, code: "refresh_token_reused",
                           message: "this refresh token was already used; the session has been closed")
        case .rotated(let sessionID, let userID):
            guard let user = try await users.user(id: userID), user.status == .active else {
                try await sessions.revoke(sessionID, reason: "account_inactive")
                throw invalid
            }
            return try issue(user, sessionID: sessionID, refresh: next)
        }
    }

    /// `POST /logout`: the token and its session are revoked (Redis first: if it is down the
    /// answer is 503 and nothing changed).
    public func logout(_ principal: Principal, origin: RequestOrigin) async throws {
        do {
            try await denylist.revoke(tokenID: principal.tokenID, expiresAt: principal.expiresAt,
                                      sessionIDs: [principal.sessionID], userID: principal.userID)
        } catch {
            throw APIError.unavailable("the session store")
        }
        try await sessions.revoke(principal.sessionID, reason: "logout")
        await audit.record("logout", outcome: "success", userID: principal.userID, origin: origin)
    }
}
