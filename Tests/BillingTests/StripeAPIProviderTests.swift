import Billing
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The Stripe API provider against a local server answering like api.stripe.com (Stripe itself
/// is out of reach here): the requests it makes (auth, idempotency, form encoding) and how it
/// reads replies and errors.
@Suite("Stripe API provider")
struct StripeAPIProviderTests {
    /// What the stand-in received, shared between its handler and the test.
    final class Recorder: Sendable {
        private let requests = Mutex<[Recorded]>([])
        func append(_ request: Recorded) { requests.withLock { $0.append(request) } }
        var all: [Recorded] { requests.withLock { $0 } }
    }

    struct Recorded: Sendable {
        let path: String
        let headers: [String: String]
        let form: [String: String]
    }

    /// A stand-in for api.stripe.com that records each request and replies with Stripe's shapes.
    static func stripeStandIn(_ recorded: Recorder) -> some ApplicationProtocol {
        let router = Router()
        router.post("/v1/:resource") { request, context -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 65_536))
            var form: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
                form[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let resource = context.parameters.get("resource") ?? ""
            recorded.append(Recorded(path: "/v1/\(resource)", headers: headers, form: form))
            let (status, json): (HTTPResponse.Status, String) = switch (resource, form["amount"]) {
            case ("payment_intents", "402"):
                (.init(code: 402), #"{"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}"#)
            case ("payment_intents", "500"): (.internalServerError, #"{"error":{"type":"api_error"}}"#)
            case ("payment_intents", _):
                (.ok, #"{"id":"pi_3Abc","object":"payment_intent","amount":\#(form["amount"] ?? "0"),"currency":"eur","status":"requires_payment_method","client_secret":"pi_3Abc_secret_xyz"}"#)
            case ("customers", _): (.ok, #"{"id":"cus_9","object":"customer"}"#)
            case ("subscriptions", _):
                (.ok, #"{"id":"sub_7","object":"subscription","status":"incomplete","latest_invoice":{"id":"in_1","payment_intent":{"id":"pi_9","client_secret":"pi_9_secret_s"}}}"#)
            case ("refunds", _): (.ok, #"{"id":"re_5","object":"refund","status":"pending"}"#)
            default: (.notFound, #"{"error":{"type":"invalid_request_error","code":"resource_missing","message":"Unrecognized request URL"}}"#)
            }
            return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    @Test("payment intents, subscriptions and refunds are form-encoded with the key, an Idempotency-Key and the API version")
    func requestsAndReplies() async throws {
        let recorded = Recorder()
        try await Self.stripeStandIn(recorded).test(.live) { client in
            let port = try #require(client.port)
            let provider = StripeAPIProvider(baseURL: "http://127.0.0.1:\(port)/", secretKey: "sk_test_relais", priceIDs: [.pro: "price_pro"])

            let intent = try await provider.createPaymentIntent(PaymentIntentRequest(
                amount: 4900, currency: "EUR", metadata: ["relais_transaction_id": "t-1"], idempotencyKey: "purchase-t-1", paymentMethod: .card))
            #expect(intent == PaymentIntent(id: "pi_3Abc", clientSecret: "pi_3Abc_secret_xyz", amount: 4900, currency: "EUR", status: "requires_payment_method"))

            let subscription = try await provider.createSubscription(SubscriptionRequest(
                plan: .pro, amountPerMonth: 2990, currency: "EUR", customerEmail: "ana@example.test",
                metadata: ["relais_subscription_id": "s-1"], idempotencyKey: "subscribe-s-1"))
            #expect(subscription == ProviderSubscription(id: "sub_7", status: "incomplete", clientSecret: "pi_9_secret_s"))

            let refund = try await provider.refund(RefundRequest(paymentIntentID: "pi_3Abc", amount: 4900, metadata: [:], idempotencyKey: "refund-t-1"))
            #expect(refund == ProviderRefund(id: "re_5", status: "pending"))
        }
        let requests = recorded.all
        #expect(requests.map(\.path) == ["/v1/payment_intents", "/v1/customers", "/v1/subscriptions", "/v1/refunds"])
        for request in requests {
            #expect(request.headers["authorization"] == "Bearer sk_test_relais")
            #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
            #expect(request.headers["stripe-version"] == StripeAPIProvider.apiVersion)
        }
        #expect(requests.map { $0.headers["idempotency-key"] } == ["purchase-t-1", "subscribe-s-1-customer", "subscribe-s-1", "refund-t-1"])
        #expect(requests[0].form == ["amount": "4900", "currency": "eur", "payment_method_types[0]": "card", "metadata[relais_transaction_id]": "t-1"])
        #expect(requests[1].form["email"] == "ana@example.test")
        #expect(requests[2].form["customer"] == "cus_9")
        #expect(requests[2].form["items[0][price]"] == "price_pro")
        #expect(requests[2].form["payment_behavior"] == "default_incomplete")
        #expect(requests[3].form == ["payment_intent": "pi_3Abc", "amount": "4900"])
    }

    @Test("a declined card is rejected with Stripe's code, a 5xx or an unreachable API is unavailable, an unpriced plan is rejected before any call")
    func errors() async throws {
        let recorded = Recorder()
        try await Self.stripeStandIn(recorded).test(.live) { client in
            let port = try #require(client.port)
            let provider = StripeAPIProvider(baseURL: "http://127.0.0.1:\(port)", secretKey: "sk_test_relais", priceIDs: [:])
            func request(_ amount: Int64) -> PaymentIntentRequest {
                PaymentIntentRequest(amount: amount, currency: "EUR", metadata: [:], idempotencyKey: "k-\(amount)", paymentMethod: .card)
            }
            await #expect(throws: PaymentProviderError.rejected(code: "card_declined", message: "Your card was declined.")) {
                try await provider.createPaymentIntent(request(402))
            }
            await #expect(throws: PaymentProviderError.unavailable("Stripe API answered 500")) {
                try await provider.createPaymentIntent(request(500))
            }
            await #expect(throws: PaymentProviderError.rejected(code: "price_not_configured", message: "STRIPE_PRICE_IDS has no price for basic")) {
                try await provider.createSubscription(SubscriptionRequest(plan: .basic, amountPerMonth: 990, currency: "EUR",
                                                                          customerEmail: "a@example.test", metadata: [:], idempotencyKey: "s"))
            }
        }
        #expect(recorded.all.count == 2)
        let unreachable = StripeAPIProvider(baseURL: "http://127.0.0.1:1", secretKey: "sk_test_relais", priceIDs: [:], timeout: .seconds(1))
        await #expect(throws: PaymentProviderError.unavailable("Stripe API request failed")) {
            try await unreachable.refund(RefundRequest(paymentIntentID: "pi_1", amount: 100, metadata: [:], idempotencyKey: "r"))
        }
    }
}
