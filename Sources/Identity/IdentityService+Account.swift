import Email
import Foundation
import Ingress
import PostgresClient

extension IdentityService {
    public struct ProfilePatch: Sendable, Decodable {
        public var firstName: String?
        public var lastName: String?
        public var avatarURL: String?
        public var language: String?
    }

    public func me(_ principal: Principal) async throws -> User {
        guard let user = try await users.user(id: principal.userID) else { throw APIError.unauthenticated }
        return user
    }

    /// `PATCH /profile`: only the fields sent change.
    public func updateProfile(_ principal: Principal, _ patch: ProfilePatch) async throws -> User {
        var issues: [APIError.FieldIssue] = []
        func name(_ value: String?, _ field: String) -> String? {
            guard let value else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.count > 100 { issues.append(.init(field: field, issue: "must be 1 to 100 characters")) }
            return trimmed
        }
        let firstName = name(patch.firstName, "first_name")
        let lastName = name(patch.lastName, "last_name")
        if let avatar = patch.avatarURL {
            let url = URL(string: avatar)
            if avatar.count > 2_048 || url?.scheme?.lowercased() != "https" || url?.host == nil {
                issues.append(.init(field: "avatar_url", issue: "must be an https URL"))
            }
        }
        let language = patch.language.map { EmailLocale(languageTag: $0)?.rawValue }
        if case .some(.none) = language { issues.append(.init(field: "language", issue: "must be fr or en")) }
        guard issues.isEmpty else { throw APIError.validation(issues) }
        guard let user = try await users.updateProfile(principal.userID, firstName: firstName, lastName: lastName,
                                                       avatarURL: patch.avatarURL, language: language ?? nil) else {
            throw APIError.unauthenticated
        }
        return user
    }

    /// `GET /users/:id`: public fields of an active account.
    public func publicProfile(_ id: UUID) async throws -> PublicProfile {
        guard let user = try await users.user(id: id), user.status == .active else { throw APIError.notFound("user") }
        return user.publicProfile
    }

    // MARK: administration

    /// `PUT /v1/admin/users/:id/roles`: the new set applies from the user's next token refresh.
    public func setRoles(_ admin: Principal, userID: UUID, roles names: [String], origin: RequestOrigin) async throws -> User {
        var roles = Set<Role>()
        var issues: [APIError.FieldIssue] = []
        for (index, name) in names.enumerated() {
            if let role = Role(rawValue: name) { roles.insert(role) } else { issues.append(.init(field: "roles[\(index)]", issue: "is not a known role")) }
        }
        guard issues.isEmpty else { throw APIError.validation(issues) }
        let found = try await postgres.withTransaction { connection in try await users.setRoles(userID, roles, on: connection) }
        guard found, let user = try await users.user(id: userID) else { throw APIError.notFound("user") }
        await audit.record("set_roles", outcome: "success", userID: userID, actor: admin.actor, origin: origin,
                           detail: roles.map(\.rawValue).sorted().joined(separator: ","))
        return user
    }

    /// `PUT /v1/admin/users/:id/status`: suspension revokes every session at once.
    public func setStatus(_ admin: Principal, userID: UUID, status: UserStatus, origin: RequestOrigin) async throws -> User {
        guard status != .deleted else {
            throw APIError.validation([.init(field: "status", issue: "must be active or suspended (deletion goes through /v1/privacy)")])
        }
        if status == .suspended { try await revokeSessions(userID: userID, except: nil, reason: "suspended") }
        let found = try await users.setStatus(userID, status, on: postgres)
        guard found, let user = try await users.user(id: userID) else { throw APIError.notFound("user") }
        await audit.record("set_status", outcome: status.rawValue, userID: userID, actor: admin.actor, origin: origin)
        return user
    }

    /// `relais users create`: an account created by an operator, email considered verified.
    public func createUser(email input: String, password: String, firstName: String, lastName: String, roles: [Role]) async throws -> User {
        let email = Self.normalizeEmail(input)
        guard Self.isPlausibleEmail(email) else { throw APIError.validation([.init(field: "email", issue: "must be an email address")]) }
        try validatePassword(password, email: email, field: "password")
        let hash = try await hasher.hash(password)
        let created: User? = try await postgres.withTransaction { connection in
            guard let user = try await users.create(.init(email: email, passwordHash: hash, firstName: firstName, lastName: lastName,
                                                          language: EmailLocale.default.rawValue, roles: roles), on: connection) else {
                return nil
            }
            try await users.markEmailVerified(user.id, on: connection)
            return user
        }
        guard let user = created else { throw APIError.conflict("an account with this email already exists") }
        await audit.record("create_user", outcome: "success", userID: user.id, actor: "system:cli", origin: RequestOrigin(ip: nil, userAgent: "relais-cli"))
        return try await users.user(id: user.id) ?? user
    }

    /// `relais users grant`. - Returns: false when no account has this email.
    public func grant(_ role: Role, toEmail email: String) async throws -> Bool {
        try await users.grant(role, toEmail: Self.normalizeEmail(email))
    }
}
