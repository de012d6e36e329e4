/// The payment service provider behind purchases, subscriptions and refunds. Results come back
/// later as webhook events; these calls only start the work. Every call carries an idempotency
/// key, so a retried request never charges or refunds twice.
public protocol PaymentProvider: Sendable {
    /// `stripe` or `local-stripe`: shown in logs and readiness.
    var name: String { get }
    /// - Throws: `PaymentProviderError`.
    func createPaymentIntent(_ request: PaymentIntentRequest) async throws -> PaymentIntent
    /// - Throws: `PaymentProviderError`.
    func createSubscription(_ request: SubscriptionRequest) async throws -> ProviderSubscription
    /// - Throws: `PaymentProviderError`.
    func refund(_ request: RefundRequest) async throws -> ProviderRefund
}

/// "Collect this amount": the transaction id travels in the metadata so the webhook finds it.
public struct PaymentIntentRequest: Sendable, Equatable {
    public var amount: Int64
    public var currency: String
    public var metadata: [String: String]
    public var idempotencyKey: String
    public var paymentMethod: PaymentMethod

    public init(amount: Int64, currency: String, metadata: [String: String], idempotencyKey: String, paymentMethod: PaymentMethod) {
        self.amount = amount
        self.currency = currency
        self.metadata = metadata
        self.idempotencyKey = idempotencyKey
        self.paymentMethod = paymentMethod
    }
}

/// A created payment intent, as returned to the client (which confirms it with `clientSecret`).
public struct PaymentIntent: Sendable, Codable, Equatable {
    public var id: String
    public var clientSecret: String
    public var amount: Int64
    public var currency: String
    public var status: String

    public init(id: String, clientSecret: String, amount: Int64, currency: String, status: String) {
        self.id = id
        self.clientSecret = clientSecret
        self.amount = amount
        self.currency = currency
        self.status = status
    }
}

/// "Bill this plan every month".
public struct SubscriptionRequest: Sendable, Equatable {
    public var plan: Plan
    public var amountPerMonth: Int64
    public var currency: String
    public var customerEmail: String
    public var metadata: [String: String]
    public var idempotencyKey: String

    public init(plan: Plan, amountPerMonth: Int64, currency: String, customerEmail: String, metadata: [String: String], idempotencyKey: String) {
        self.plan = plan
        self.amountPerMonth = amountPerMonth
        self.currency = currency
        self.customerEmail = customerEmail
        self.metadata = metadata
        self.idempotencyKey = idempotencyKey
    }
}

/// A created subscription: `clientSecret` confirms its first payment when the provider needs one.
public struct ProviderSubscription: Sendable, Codable, Equatable {
    public var id: String
    public var status: String
    public var clientSecret: String?

    public init(id: String, status: String, clientSecret: String?) {
        self.id = id
        self.status = status
        self.clientSecret = clientSecret
    }
}

/// "Give this payment back" (in full).
public struct RefundRequest: Sendable, Equatable {
    public var paymentIntentID: String
    public var amount: Int64
    public var metadata: [String: String]
    public var idempotencyKey: String

    public init(paymentIntentID: String, amount: Int64, metadata: [String: String], idempotencyKey: String) {
        self.paymentIntentID = paymentIntentID
        self.amount = amount
        self.metadata = metadata
        self.idempotencyKey = idempotencyKey
    }
}

public struct ProviderRefund: Sendable, Codable, Equatable {
    public var id: String
    public var status: String

    public init(id: String, status: String) {
        self.id = id
        self.status = status
    }
}
