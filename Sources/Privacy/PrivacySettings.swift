import Crypto
import Foundation
import Platform

/// The privacy module's settings, read once at startup.
public struct PrivacySettings: Sendable {
    /// How long a deletion request waits before the erasure (`PRIVACY_GRACE_PERIOD_DAYS`,
    /// default 30): the user can cancel until then.
    public var gracePeriod: Duration
    /// How long an export's download link works (`PRIVACY_EXPORT_LINK_DAYS`, default 7).
    public var exportLinkLifetime: Duration
    /// Signs export links and erasure receipts (`PRIVACY_SIGNING_SECRET`, ≥ 32 bytes). When
    /// unset it is derived from `JWT_SECRET`, so a deployment has one server secret to manage.
    /// Never logged.
    public var signingSecret: [UInt8]
    /// Where the links in emails point (`APP_BASE_URL`).
    public var appBaseURL: String

    public init(gracePeriod: Duration = .seconds(30 * 86_400), exportLinkLifetime: Duration = .seconds(7 * 86_400),
                signingSecret: [UInt8], appBaseURL: String = "http://localhost:3000") {
        self.gracePeriod = gracePeriod
        self.exportLinkLifetime = exportLinkLifetime
        self.signingSecret = signingSecret
        self.appBaseURL = appBaseURL
    }

    /// - Parameter jwtSecret: Identity's signing secret, from which the default key is derived.
    /// - Throws: `ConfigurationError` naming the variable.
    public init(environment env: EnvironmentReader = EnvironmentReader(), jwtSecret: String) throws {
        let graceDays = try env.integer("PRIVACY_GRACE_PERIOD_DAYS", default: 30, range: 0...365)
        let linkDays = try env.integer("PRIVACY_EXPORT_LINK_DAYS", default: 7, range: 1...30)
        let secret: [UInt8]
        if let configured = env.raw("PRIVACY_SIGNING_SECRET") {
            guard configured.utf8.count >= 32 else {
                throw ConfigurationError(variable: "PRIVACY_SIGNING_SECRET", reason: "must be at least 32 bytes")
            }
            secret = Array(configured.utf8)
        } else {
            secret = Self.derivedSecret(from: jwtSecret)
        }
        let base = try env.url("APP_BASE_URL", default: "http://localhost:3000", schemes: ["http", "https"]).absoluteString
        self.init(gracePeriod: .seconds(graceDays * 86_400), exportLinkLifetime: .seconds(linkDays * 86_400),
                  signingSecret: secret, appBaseURL: base)
    }

    /// A key for privacy signatures only: a token signature can never be replayed as a JWT one.
    static func derivedSecret(from jwtSecret: String) -> [UInt8] {
        let code = HMAC<SHA256>.authenticationCode(for: Array("relais/privacy-signing/v1".utf8),
                                                   using: SymmetricKey(data: Array(jwtSecret.utf8)))
        return Array(code)
    }
}
