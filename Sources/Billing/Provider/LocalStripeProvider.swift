import Foundation
import Platform
import PostgresClient

/// The development and test provider: emulates the part of Stripe's API Relais uses. Objects
/// (payment intents, subscriptions, refunds) are stored in `billing.local_stripe_objects`,
/// shaped like Stripe's JSON, and `LocalStripeSimulator` later turns them into correctly signed
/// webhook events, as Stripe would once a card is confirmed or a refund settles.
///
/// Idempotency keys behave like Stripe's: the same key returns the object the first call created.
public struct LocalStripeProvider: PaymentProvider {
    public let name = "local-stripe"
    private let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    public func createPaymentIntent(_ request: PaymentIntentRequest) async throws -> PaymentIntent {
        let id = Self.newID("pi")
        let secret = "\(id)_secret_\(Self.randomToken(24))"
        let body: [String: StripeJSON] = [
            "id": .string(id), "object": .string("payment_intent"), "amount": .integer(request.amount),
            "currency": .string(request.currency.lowercased()), "status": .string("requires_payment_method"),
            "client_secret": .string(secret), "latest_charge": .string(Self.newID("ch")),
            "payment_method_types": .list([.string(request.paymentMethod == .bankTransfer ? "sepa_debit" : "card")]),
            "metadata": .object(request.metadata.mapValues(StripeJSON.string)), "livemode": .bool(false),
            "created": .integer(Int64(Date().timeIntervalSince1970)),
        ]
        let stored = try await store(id: id, object: "payment_intent", body: body, idempotencyKey: request.idempotencyKey)
        return PaymentIntent(id: stored["id"]?.text ?? id, clientSecret: stored["client_secret"]?.text ?? secret,
                             amount: request.amount, currency: request.currency, status: stored["status"]?.text ?? "requires_payment_method")
    }

    public func createSubscription(_ request: SubscriptionRequest) async throws -> ProviderSubscription {
        let id = Self.newID("sub")
        let now = Int64(Date().timeIntervalSince1970)
        let price: StripeJSON = .object([
            "id": .string("price_local_\(request.plan.rawValue)"), "object": .string("price"), "unit_amount": .integer(request.amountPerMonth),
            "currency": .string(request.currency.lowercased()), "recurring": .object(["interval": .string("month")]),
        ])
        let body: [String: StripeJSON] = [
            "id": .string(id), "object": .string("subscription"), "status": .string("incomplete"),
            "customer": .string(Self.newID("cus")), "currency": .string(request.currency.lowercased()),
            "items": .object(["object": .string("list"), "data": .list([.object(["id": .string(Self.newID("si")), "price": price])])]),
            "current_period_start": .integer(now), "current_period_end": .integer(now + 30 * 86_400),
            "metadata": .object(request.metadata.mapValues(StripeJSON.string)), "livemode": .bool(false), "created": .integer(now),
        ]
        let stored = try await store(id: id, object: "subscription", body: body, idempotencyKey: request.idempotencyKey)
        return ProviderSubscription(id: stored["id"]?.text ?? id, status: "incomplete", clientSecret: nil)
    }

    public func refund(_ request: RefundRequest) async throws -> ProviderRefund {
        guard let intent = try await object(request.paymentIntentID), intent["object"]?.text == "payment_intent" else {
            throw PaymentProviderError.rejected(code: "resource_missing", message: "No such payment_intent")
        }
        guard intent["status"]?.text == "succeeded" else {
            throw PaymentProviderError.rejected(code: "charge_not_refundable", message: "the payment intent has not succeeded")
        }
        let id = Self.newID("re")
        let body: [String: StripeJSON] = [
            "id": .string(id), "object": .string("refund"), "status": .string("pending"), "amount": .integer(request.amount),
            "payment_intent": .string(request.paymentIntentID), "charge": intent["latest_charge"] ?? .null,
            "metadata": .object(request.metadata.mapValues(StripeJSON.string)),
            "created": .integer(Int64(Date().timeIntervalSince1970)),
        ]
        let stored = try await store(id: id, object: "refund", body: body, idempotencyKey: request.idempotencyKey)
        return ProviderRefund(id: stored["id"]?.text ?? id, status: stored["status"]?.text ?? "pending")
    }

    /// A stored object by id, for the simulator.
    public func object(_ id: String) async throws -> [String: StripeJSON]? {
        let rows = try await postgres.query("SELECT body FROM billing.local_stripe_objects WHERE id = \(id)")
        return try rows.first.map { try $0.decodeJSON([String: StripeJSON].self, column: "body") }
    }

    /// Replaces a stored object (the simulator records state changes, e.g. an intent succeeding).
    public func update(_ body: [String: StripeJSON]) async throws {
        guard let id = body["id"]?.text else { return }
        try await postgres.execute("UPDATE billing.local_stripe_objects SET body = \(try PostgresJSON(body)) WHERE id = \(id)")
    }

    /// Stores a new object, or returns the one an earlier call with the same idempotency key made.
    private func store(id: String, object: String, body: [String: StripeJSON], idempotencyKey: String) async throws -> [String: StripeJSON] {
        var body = body
        body["idempotency_key"] = .string(idempotencyKey)
        do {
            let rows = try await postgres.query("""
                WITH existing AS (
                    SELECT body FROM billing.local_stripe_objects WHERE object = \(object) AND body->>'idempotency_key' = \(idempotencyKey)
                ), inserted AS (
                    INSERT INTO billing.local_stripe_objects (id, object, body)
                    SELECT \(id), \(object), \(try PostgresJSON(body)) WHERE NOT EXISTS (SELECT 1 FROM existing)
                    RETURNING body
                )
                SELECT body FROM existing UNION ALL SELECT body FROM inserted LIMIT 1
                """)
            return try rows.first.map { try $0.decodeJSON([String: StripeJSON].self, column: "body") } ?? body
        } catch let error as PostgresError {
            throw PaymentProviderError.unavailable("local emulation store: \(error.code)")
        }
    }

    /// Stripe-like ids: a prefix and 24 random alphanumerics.
    static func newID(_ prefix: String) -> String { "\(prefix)_\(randomToken(24))" }

    static func randomToken(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
