import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Stripe's HTTP API (test or live mode, by the key): used when `STRIPE_SECRET_KEY` is set.
/// Requests are form-encoded with the key as bearer token and an `Idempotency-Key`, so a
/// retried purchase or refund never doubles.
public struct StripeAPIProvider: PaymentProvider {
    public let name = "stripe"
    /// The API version the webhook parser was written against.
    public static let apiVersion = "2024-06-20"
    private let baseURL: String
    private let secretKey: String
    private let priceIDs: [Plan: String]
    private let client: HTTPClient
    private let timeout: TimeAmount

    /// - Parameter timeout: the whole call's deadline; an unreachable API is retried until it
    ///   passes (AsyncHTTPClient keeps trying to connect), so it bounds how long a purchase waits.
    public init(baseURL: String, secretKey: String, priceIDs: [Plan: String], client: HTTPClient = .shared,
                timeout: TimeAmount = .seconds(20)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.secretKey = secretKey
        self.priceIDs = priceIDs
        self.client = client
        self.timeout = timeout
    }

    public func createPaymentIntent(_ request: PaymentIntentRequest) async throws -> PaymentIntent {
        var form = StripeFormBody()
        form.add("amount", String(request.amount))
        form.add("currency", request.currency.lowercased())
        form.add("payment_method_types[0]", request.paymentMethod == .bankTransfer ? "sepa_debit" : "card")
        form.add(metadata: request.metadata)
        let reply = try await post("/v1/payment_intents", form, idempotencyKey: request.idempotencyKey, as: IntentReply.self)
        return PaymentIntent(id: reply.id, clientSecret: reply.clientSecret ?? "", amount: reply.amount,
                             currency: reply.currency.uppercased(), status: reply.status)
    }

    public func createSubscription(_ request: SubscriptionRequest) async throws -> ProviderSubscription {
        guard let price = priceIDs[request.plan] else {
            throw PaymentProviderError.rejected(code: "price_not_configured", message: "STRIPE_PRICE_IDS has no price for \(request.plan.rawValue)")
        }
        var customer = StripeFormBody()
        customer.add("email", request.customerEmail)
        customer.add(metadata: request.metadata)
        let created = try await post("/v1/customers", customer, idempotencyKey: "\(request.idempotencyKey)-customer", as: IDReply.self)
        var form = StripeFormBody()
        form.add("customer", created.id)
        form.add("items[0][price]", price)
        form.add("payment_behavior", "default_incomplete")
        form.add("expand[0]", "latest_invoice.payment_intent")
        form.add(metadata: request.metadata)
        let reply = try await post("/v1/subscriptions", form, idempotencyKey: request.idempotencyKey, as: SubscriptionReply.self)
        return ProviderSubscription(id: reply.id, status: reply.status, clientSecret: reply.latestInvoice?.paymentIntent?.clientSecret)
    }

    public func refund(_ request: RefundRequest) async throws -> ProviderRefund {
        var form = StripeFormBody()
        form.add("payment_intent", request.paymentIntentID)
        form.add("amount", String(request.amount))
        form.add(metadata: request.metadata)
        let reply = try await post("/v1/refunds", form, idempotencyKey: request.idempotencyKey, as: RefundReply.self)
        return ProviderRefund(id: reply.id, status: reply.status)
    }

    /// - Throws: `PaymentProviderError`: unavailable for transport errors, 429 and 5xx; rejected
    ///   with Stripe's error code for other 4xx.
    func post<Reply: Decodable>(_ path: String, _ form: StripeFormBody, idempotencyKey: String, as: Reply.Type) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(secretKey)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.headers.add(name: "Stripe-Version", value: Self.apiVersion)
        request.body = .bytes(ByteBuffer(string: form.encoded))
        let status: Int
        let body: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: timeout)
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw PaymentProviderError.unavailable("Stripe API request failed")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard (200..<300).contains(status) else {
            if status == 429 || status >= 500 { throw PaymentProviderError.unavailable("Stripe API answered \(status)") }
            let error = try? decoder.decode(ErrorReply.self, from: Data(buffer: body)).error
            throw PaymentProviderError.rejected(code: error?.code ?? error?.type ?? "stripe_\(status)", message: error?.message ?? "Stripe refused the request")
        }
        do {
            return try decoder.decode(Reply.self, from: Data(buffer: body))
        } catch {
            throw PaymentProviderError.unavailable("Stripe API reply for \(path) was not understood")
        }
    }

    struct IDReply: Decodable { let id: String }
    struct IntentReply: Decodable { let id: String; let clientSecret: String?; let amount: Int64; let currency: String; let status: String }
    struct SubscriptionReply: Decodable {
        struct Invoice: Decodable { let paymentIntent: Intent? }
        struct Intent: Decodable { let clientSecret: String? }
        let id: String
        let status: String
        let latestInvoice: Invoice?
    }
    struct RefundReply: Decodable { let id: String; let status: String }
    struct ErrorReply: Decodable {
        struct Detail: Decodable { let code: String?; let type: String?; let message: String? }
        let error: Detail
    }
}
