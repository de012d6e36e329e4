@testable import Billing
import Foundation
import Platform
import Testing

/// Pure billing rules: refund eligibility, money formatting, configuration, Stripe's form encoding.
@Suite("Billing rules")
struct BillingRulesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func transaction(status: TransactionStatus = .completed, method: PaymentMethod = .card, amount: Int64 = 4900,
                            completedDaysAgo: Double = 1) throws -> PaymentTransaction {
        let json = """
            {"id":"\(UUID())","userID":"\(UUID())","courseID":"\(UUID())","amount":\(amount),"currency":"EUR",
             "status":"\(status.rawValue)","paymentMethod":"\(method.rawValue)",
             "createdAt":\(now.timeIntervalSinceReferenceDate - completedDaysAgo * 86_400 - 60),
             "completedAt":\(now.timeIntervalSinceReferenceDate - completedDaysAgo * 86_400)}
            """
        // Property names and reference-date seconds: JSONDecoder's defaults, as PaymentTransaction encodes itself.
        return try JSONDecoder().decode(PaymentTransaction.self, from: Data(json.utf8))
    }

    @Test("refunds: only completed, paid, within the window (inclusive)")
    func refundEligibility() throws {
        #expect(RefundFlow.refusal(try Self.transaction(), windowDays: 14, now: Self.now) == nil)
        #expect(RefundFlow.refusal(try Self.transaction(completedDaysAgo: 14), windowDays: 14, now: Self.now) == nil)
        #expect(RefundFlow.refusal(try Self.transaction(completedDaysAgo: 14.01), windowDays: 14, now: Self.now)?.contains("14 days") == true)
        for status in [TransactionStatus.pending, .failed, .refunded] {
            #expect(RefundFlow.refusal(try Self.transaction(status: status), windowDays: 14, now: Self.now)?.contains(status.rawValue) == true)
        }
        #expect(RefundFlow.refusal(try Self.transaction(method: .free, amount: 0), windowDays: 14, now: Self.now)?.contains("free") == true)
    }

    @Test("amounts in minor units are written per locale without floating point")
    func moneyText() {
        #expect(MoneyText.format(4900, currency: "EUR", french: true) == "49,00 €")
        #expect(MoneyText.format(4905, currency: "eur", french: false) == "€49.05")
        #expect(MoneyText.format(7, currency: "USD", french: false) == "$0.07")
        #expect(MoneyText.format(1500, currency: "JPY", french: true) == "1500 ¥")
        #expect(MoneyText.format(123456, currency: "SEK", french: false) == "1234.56 SEK")
        #expect(MoneyText.format(-250, currency: "EUR", french: true) == "-2,50 €")
        #expect(MoneyText.format(Int64.max, currency: "EUR", french: false) == "€92233720368547758.07")
    }

    @Test("configuration: plans, prices, secrets and currency are validated and named in errors")
    func settingsFromEnvironment() throws {
        let defaults = try BillingSettings(environment: EnvironmentReader([:]), production: false)
        #expect(defaults.webhookSecrets == [BillingSettings.developmentWebhookSecret])
        #expect(defaults.planPrices == [.basic: 990, .pro: 2990, .enterprise: 9990])
        #expect(defaults.signatureToleranceSeconds == 300)

        let configured = try BillingSettings(environment: EnvironmentReader([
            "STRIPE_WEBHOOK_SECRETS": "whsec_new, whsec_old", "BILLING_PLANS": "basic:500,pro:1500,enterprise:5000",
            "BILLING_CURRENCY": "usd", "STRIPE_PRICE_IDS": "pro:price_123",
        ]), production: true)
        #expect(configured.webhookSecrets == ["whsec_new", "whsec_old"])
        #expect(configured.planPrices[.pro] == 1500)
        #expect(configured.currency == "USD")
        #expect(configured.stripePriceIDs == [.pro: "price_123"])

        func variable(_ environment: [String: String], production: Bool = false) -> String? {
            do {
                _ = try BillingSettings(environment: EnvironmentReader(environment), production: production)
                return nil
            } catch let error as ConfigurationError {
                return error.variable
            } catch {
                return "unexpected \(error)"
            }
        }
        #expect(variable([:], production: true) == "STRIPE_WEBHOOK_SECRETS")
        #expect(variable(["BILLING_PLANS": "basic:500"]) == "BILLING_PLANS")
        #expect(variable(["BILLING_PLANS": "basic:-1,pro:1,enterprise:2"]) == "BILLING_PLANS")
        #expect(variable(["BILLING_PLANS": "gold:1"]) == "BILLING_PLANS")
        #expect(variable(["BILLING_CURRENCY": "EURO"]) == "BILLING_CURRENCY")
        #expect(variable(["STRIPE_PRICE_IDS": "pro:prod_1"]) == "STRIPE_PRICE_IDS")
        #expect(variable(["STRIPE_WEBHOOK_TOLERANCE_SECONDS": "0"]) == "STRIPE_WEBHOOK_TOLERANCE_SECONDS")
    }

    @Test("Stripe form bodies nest metadata and percent-encode everything but unreserved characters")
    func formEncoding() {
        var form = StripeFormBody()
        form.add("amount", "4900")
        form.add("items[0][price]", "price_1")
        form.add(metadata: ["relais_user_id": "a b&c=d/é"])
        #expect(form.encoded == "amount=4900&items%5B0%5D%5Bprice%5D=price_1&metadata%5Brelais_user_id%5D=a%20b%26c%3Dd%2F%C3%A9")
    }
}
