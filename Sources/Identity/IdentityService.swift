import Email
import Foundation
import Ingress
import Logging
import Pipeline
import Platform
import PostgresClient
import RedisClient

/// The identity use cases behind `/v1/auth` and `/v1/admin/users`: each method validates,
/// writes, revokes and audits, and throws `APIError`s the routes pass through. Split by theme
/// across `IdentityService+*.swift`.
public final class IdentityService: Sendable {
    let postgres: PostgresClient
    let users: UserStore
    let sessions: SessionStore
    let emailTokens: EmailTokenStore
    let audit: AuditLog
    let tokens: AccessTokens
    let hasher: PasswordHasher
    let denylist: TokenDenylist
    let settings: IdentitySettings
    let logger: Logger

    /// What a successful sign-in returns.
    public struct SignedIn: Sendable, Encodable {
        public let user: User
        public let token: String
        public let refreshToken: String
        /// Seconds until `token` expires.
        public let expiresIn: Int
    }

    public init(postgres: PostgresClient, redis: RedisClient, settings: IdentitySettings, logger: Logger) async throws {
        self.postgres = postgres
        users = UserStore(postgres: postgres)
        sessions = SessionStore(postgres: postgres)
        emailTokens = EmailTokenStore(postgres: postgres)
        audit = AuditLog(postgres: postgres, logger: logger)
        tokens = try await AccessTokens(configuration: AccessTokenConfiguration(
            signingSecret: settings.jwtSecret, previousSecrets: settings.jwtPreviousSecrets, lifetime: settings.accessTokenLifetime))
        hasher = try PasswordHasher(configuration: .init(cost: settings.bcryptCost, threadCount: settings.bcryptThreads))
        denylist = TokenDenylist(redis: redis, accessTokenLifetime: settings.accessTokenLifetime)
        self.settings = settings
        self.logger = logger
    }

    /// Stops the bcrypt threads.
    public func shutdown() {
        hasher.shutDown()
    }

    // MARK: shared steps

    /// Opens a session and issues its first token pair.
    func signIn(_ user: User) async throws -> SignedIn {
        let refresh = OpaqueToken()
        let sessionID = try await sessions.open(userID: user.id, refreshTokenHash: refresh.hash,
                                                expiresAt: Date.now.addingTimeInterval(seconds(settings.refreshTokenLifetime)))
        return try issue(user, sessionID: sessionID, refresh: refresh)
    }

    func issue(_ user: User, sessionID: UUID, refresh: OpaqueToken) throws -> SignedIn {
        let signed: (token: String, claims: AccessClaims)
        do {
            signed = try tokens.sign(userID: user.id, roles: user.roles.map(\.rawValue), sessionID: sessionID, now: .now)
        } catch {
            logger.error("access token could not be signed", metadata: ["error": "\(error)"])
            throw APIError(status: .internalServerError, code: "token_signing_failed", message: "could not sign in, try again")
        }
        return SignedIn(user: user, token: signed.token, refreshToken: refresh.value,
                        expiresIn: Int(signed.claims.expiresAt.timeIntervalSinceNow.rounded()))
    }

    /// Revokes sessions in Redis first (a failure there is a 503 and nothing changed), then in
    /// PostgreSQL.
    func revokeSessions(userID: UUID, except keeping: UUID?, reason: String) async throws {
        let open = try await sessions.openSessions(userID: userID, except: keeping)
        do {
            try await denylist.revoke(sessionIDs: open, userID: userID)
        } catch {
            throw APIError.unavailable("the session store")
        }
        _ = try await sessions.revokeAll(userID: userID, except: keeping, reason: reason, on: postgres)
    }

    func validatePassword(_ password: String, email: String?, field: String) throws {
        let issues = PasswordPolicy.validate(password, email: email, field: field)
        guard issues.isEmpty else {
            throw APIError.validation(issues.map { APIError.FieldIssue(field: $0.field, issue: $0.message) })
        }
    }

    func emailLocale(_ user: User) -> EmailLocale {
        EmailLocale(languageTag: user.language) ?? .default
    }

    func link(_ path: String, token: String) -> String {
        "\(appBase)\(path)?token=\(token)"
    }

    var supportURL: String { "\(appBase)/help" }

    private var appBase: String {
        settings.appBaseURL.hasSuffix("/") ? String(settings.appBaseURL.dropLast()) : settings.appBaseURL
    }

    func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }

    static func normalizeEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return email.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }

    /// Text for "changed at" lines in notices: UTC, readable in both languages.
    static func noticeTime(_ date: Date = .now) -> String {
        RFC3339.minuteText(date)
    }
}
