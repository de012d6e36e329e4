import Foundation
import Platform

/// The Identity module's settings, read once from environment variables at startup.
public struct IdentitySettings: Sendable {
    /// Signs new access tokens (`JWT_SECRET`, ≥ 32 bytes). Never logged.
    public var jwtSecret: String
    /// Still accepted for verification (`JWT_PREVIOUS_SECRETS`, comma-separated).
    public var jwtPreviousSecrets: [String]
    public var accessTokenLifetime: Duration
    public var refreshTokenLifetime: Duration
    /// bcrypt cost (`BCRYPT_COST`, default 12) and the size of its thread pool (`BCRYPT_THREADS`,
    /// default one less than the cores).
    public var bcryptCost: Int
    public var bcryptThreads: Int
    /// Where links in emails point (`APP_BASE_URL`), e.g. `https://app.example.com`.
    public var appBaseURL: String
    /// Issuer shown by authenticator apps.
    public var totpIssuer: String
    public var rateLimits: RateLimitPolicies

    /// The development secret: only ever used outside production.
    static let developmentSecret = "relais-development-secret-change-me-0123456789"

    public init(environment env: EnvironmentReader = EnvironmentReader(), production: Bool) throws {
        let secret = production ? try env.required("JWT_SECRET") : env.string("JWT_SECRET", default: Self.developmentSecret)
        guard secret.utf8.count >= 32 else {
            throw ConfigurationError(variable: "JWT_SECRET", reason: "must be at least 32 bytes")
        }
        jwtSecret = secret
        jwtPreviousSecrets = env.list("JWT_PREVIOUS_SECRETS", default: [])
        for previous in jwtPreviousSecrets where previous.utf8.count < 32 {
            throw ConfigurationError(variable: "JWT_PREVIOUS_SECRETS", reason: "every secret must be at least 32 bytes")
        }
        accessTokenLifetime = .seconds(try env.integer("ACCESS_TOKEN_TTL_SECONDS", default: 900, range: 30...86_400))
        refreshTokenLifetime = .seconds(try env.integer("REFRESH_TOKEN_TTL_SECONDS", default: 7 * 86_400, range: 60...90 * 86_400))
        bcryptCost = try env.integer("BCRYPT_COST", default: 12, range: 4...16)
        // One core is always left to request handling: a burst of logins slows logins, not the API.
        let defaultThreads = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        bcryptThreads = try env.integer("BCRYPT_THREADS", default: defaultThreads, range: 1...32)
        appBaseURL = try env.url("APP_BASE_URL", default: "http://localhost:3000", schemes: ["http", "https"]).absoluteString
        totpIssuer = env.string("TOTP_ISSUER", default: "Relais")
        rateLimits = try RateLimitPolicies(environment: env.values)
    }
}
