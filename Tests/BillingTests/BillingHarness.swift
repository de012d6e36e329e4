import Billing
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import Ingress
import IngressTestSupport
import KafkaClient
import Logging
import Pipeline
import Platform
import PostgresClient
import Prometheus
import RedisClient
import TestSupport

/// The ingress with the Identity and Billing modules, built like `relais serve` does, against
/// the stack's PostgreSQL, Redis and broker (or an unreachable broker, to test 503s).
struct BillingHarness {
    static let secret = "whsec_test_billing"
    let ingress: TestIngress
    let billing: BillingModule
    let settings: BillingSettings
    var postgres: PostgresClient { ingress.postgres }
    var identity: IdentityModule { ingress.identity }

    init(brokers: String = TestStack.kafkaBrokers, settings: BillingSettings = BillingSettings(webhookSecrets: [BillingHarness.secret])) async throws {
        ingress = try await TestIngress(brokers: brokers)
        self.settings = settings
        billing = BillingModule(accessGuard: ingress.identity.accessGuard, settings: settings)
    }

    /// Runs `body` against a fresh harness's router test client, closing the harness afterwards.
    static func run(brokers: String = TestStack.kafkaBrokers, settings: BillingSettings = BillingSettings(webhookSecrets: [BillingHarness.secret]),
                    _ body: @escaping @Sendable (BillingHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try await BillingHarness(brokers: brokers, settings: settings)
        try await TestIngress.test(harness.application(), close: harness.ingress.close) { client in try await body(harness, client) }
    }

    func application() -> some ApplicationProtocol {
        ingress.application([billing.routes])
    }

    /// A user with `roles`, signed in: its id and access token.
    func user(_ client: any TestClientProtocol, roles: [Role] = []) async throws -> (id: UUID, token: String) {
        let user = try await ingress.signedInUser(client, prefix: "billing", roles: roles)
        return (user.id, user.token)
    }

    /// A course on sale (or a draft), priced in cents of EUR.
    func course(price: Int64, status: String = "published", pricingModel: String = "one-time") async throws -> UUID {
        let id = UUID()
        try await postgres.execute("""
            INSERT INTO academy.courses (id, title, price_amount, currency, status, pricing_model)
            VALUES (\(id), \("Excel avancé \(id.uuidString.prefix(4))"), \(price), 'EUR', \(status), \(pricingModel))
            """)
        return id
    }

    /// `method path` with an optional JSON body and bearer token: status and decoded body.
    func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String? = nil,
              json: [String: Any]? = nil) async throws -> (status: Int, body: [String: Any]) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = try json.map { ByteBuffer(data: try JSONSerialization.data(withJSONObject: $0)) }
        return try await client.execute(uri: path, method: method, headers: headers, body: body) { (Int($0.status.code), Self.object($0)) }
    }

    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }

    static func errorCode(_ body: [String: Any]) -> String? {
        (body["error"] as? [String: Any])?["code"] as? String
    }
}
