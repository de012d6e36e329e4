import Foundation
import Platform

/// Billing's configuration, read once at startup.
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `STRIPE_WEBHOOK_SECRETS` | endpoint signing secrets, comma-separated (rotation: old and new) | a development secret; required in production |
/// | `STRIPE_WEBHOOK_TOLERANCE_SECONDS` | how far `t=` may be from now | 300 |
/// | `STRIPE_SECRET_KEY` | use the Stripe API (test or live key) instead of the local emulation | unset |
/// | `STRIPE_API_URL` | Stripe API base URL | https://api.stripe.com |
/// | `BILLING_CURRENCY` | currency of subscription plans | EUR |
/// | `BILLING_PLANS` | monthly price of each plan in minor units, `plan:amount,...` | basic:990,pro:2990,enterprise:9990 |
/// | `STRIPE_PRICE_IDS` | Stripe price id of each plan, `plan:price_...` (Stripe API only) | unset |
/// | `BILLING_REFUND_WINDOW_DAYS` | how long after completion a purchase can be refunded | 14 |
/// | `APP_BASE_URL` | where links in billing emails point | http://localhost:3000 |
public struct BillingSettings: Sendable {
    public var webhookSecrets: [String]
    public var signatureToleranceSeconds: Int
    public var stripeSecretKey: String?
    public var stripeAPIURL: String
    public var currency: String
    public var planPrices: [Plan: Int64]
    public var stripePriceIDs: [Plan: String]
    public var refundWindowDays: Int
    public var appBaseURL: String

    /// Signs the local emulation's events when no secret is configured (development and tests only).
    public static let developmentWebhookSecret = "whsec_relais_development_only"

    public init(webhookSecrets: [String] = [Self.developmentWebhookSecret], signatureToleranceSeconds: Int = 300,
                stripeSecretKey: String? = nil, stripeAPIURL: String = "https://api.stripe.com", currency: String = "EUR",
                planPrices: [Plan: Int64] = [.basic: 990, .pro: 2990, .enterprise: 9990], stripePriceIDs: [Plan: String] = [:],
                refundWindowDays: Int = 14, appBaseURL: String = "http://localhost:3000") {
        self.webhookSecrets = webhookSecrets
        self.signatureToleranceSeconds = signatureToleranceSeconds
        self.stripeSecretKey = stripeSecretKey
        self.stripeAPIURL = stripeAPIURL
        self.currency = currency
        self.planPrices = planPrices
        self.stripePriceIDs = stripePriceIDs
        self.refundWindowDays = refundWindowDays
        self.appBaseURL = appBaseURL
    }

    /// - Throws: `ConfigurationError` naming the variable (values are never echoed).
    public init(environment env: EnvironmentReader = EnvironmentReader(), production: Bool) throws {
        self.init()
        webhookSecrets = production ? env.list("STRIPE_WEBHOOK_SECRETS", default: [])
                                    : env.list("STRIPE_WEBHOOK_SECRETS", default: [Self.developmentWebhookSecret])
        if webhookSecrets.isEmpty {
            throw ConfigurationError(variable: "STRIPE_WEBHOOK_SECRETS", reason: "is required but not set")
        }
        signatureToleranceSeconds = try env.integer("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default: 300, range: 1...86_400)
        stripeSecretKey = env.raw("STRIPE_SECRET_KEY")
        stripeAPIURL = env.string("STRIPE_API_URL", default: "https://api.stripe.com")
        currency = env.string("BILLING_CURRENCY", default: "EUR").uppercased()
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ConfigurationError(variable: "BILLING_CURRENCY", reason: "must be a 3-letter ISO 4217 code")
        }
        if let text = env.raw("BILLING_PLANS") {
            planPrices = try Self.planMap(text, variable: "BILLING_PLANS") { Int64($0).flatMap { $0 >= 0 ? $0 : nil } }
            guard Set(planPrices.keys) == Set(Plan.allCases) else {
                throw ConfigurationError(variable: "BILLING_PLANS", reason: "must price every plan (basic, pro, enterprise)")
            }
        }
        if let text = env.raw("STRIPE_PRICE_IDS") {
            stripePriceIDs = try Self.planMap(text, variable: "STRIPE_PRICE_IDS") { $0.hasPrefix("price_") ? $0 : nil }
        }
        refundWindowDays = try env.integer("BILLING_REFUND_WINDOW_DAYS", default: 14, range: 0...365)
        let base = try env.url("APP_BASE_URL", default: "http://localhost:3000", schemes: ["http", "https"]).absoluteString
        appBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    /// Parses `plan:value,plan:value`.
    static func planMap<Value>(_ text: String, variable: String, value: (String) -> Value?) throws -> [Plan: Value] {
        var map: [Plan: Value] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let plan = Plan(rawValue: parts[0]), let parsed = value(parts[1]) else {
                throw ConfigurationError(variable: variable, reason: "must be plan:value pairs separated by commas (plans: basic, pro, enterprise)")
            }
            map[plan] = parsed
        }
        return map
    }
}
