import Billing
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import Ingress
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
    let postgres: PostgresClient
    let redis: RedisClient
    let producer: KafkaProducer
    let identity: IdentityModule
    let billing: BillingModule
    let settings: BillingSettings
    let http: RelaisConfiguration.HTTP
    let dependencies: IngressDependencies

    init(brokers: String = TestStack.kafkaBrokers, settings: BillingSettings = BillingSettings(webhookSecrets: [BillingHarness.secret])) async throws {
        postgres = try await TestClients.migratedPostgres()
        redis = RedisClient(configuration: try RedisConfiguration(url: TestStack.redisURL), logger: Logger(label: "test.redis"))
        producer = try TestClients.producer(brokers: brokers, messageTimeout: .seconds(2))
        let catalogue = try TopicCatalogue.load(path: TestStack.repositoryRoot.appendingPathComponent("topics.yaml").path)
        dependencies = IngressDependencies(
            postgres: postgres, redis: redis,
            publisher: KafkaCommandPublisher(producer: producer, catalogue: catalogue, logger: Logger(label: "test")),
            catalogue: catalogue, metrics: PrometheusCollectorRegistry(), readinessChecks: [])
        let identitySettings = try IdentitySettings(environment: EnvironmentReader([
            "BCRYPT_COST": "4", "RATE_LIMIT_LOGIN": "10000/1m", "RATE_LIMIT_REGISTER": "10000/1m", "RATE_LIMIT_DEFAULT": "100000/1m",
        ]), production: false)
        identity = try await IdentityModule(dependencies: dependencies, settings: identitySettings,
                                            rateLimitKeyPrefix: TestStack.uniqueName("test-rl"), logger: Logger(label: "test.identity"))
        self.settings = settings
        billing = BillingModule(accessGuard: identity.accessGuard, settings: settings)
        http = try RelaisConfiguration(environment: EnvironmentReader(["HTTP_PORT": "0"])).http
    }

    /// Runs `body` against a fresh harness's router test client, closing the harness afterwards.
    static func run(brokers: String = TestStack.kafkaBrokers, settings: BillingSettings = BillingSettings(webhookSecrets: [BillingHarness.secret]),
                    _ body: @escaping @Sendable (BillingHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try await BillingHarness(brokers: brokers, settings: settings)
        do {
            try await harness.application().test(.router) { client in try await body(harness, client) }
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }

    func application() -> some ApplicationProtocol {
        IngressApplication.build(configuration: http, dependencies: dependencies, modules: [identity.routes, billing.routes],
                                 logger: Logger(label: "test.ingress"))
    }

    func close() async {
        identity.service.shutdown()
        await producer.shutdown(timeout: .seconds(1))
        redis.close()
        await postgres.close()
    }

    /// A user with `roles`, signed in: its id and access token.
    func user(_ client: any TestClientProtocol, roles: [Role] = []) async throws -> (id: UUID, token: String) {
        let email = "billing-\(UUID().uuidString.prefix(8).lowercased())@example.test"
        let user = try await identity.service.createUser(email: email, password: "Correct-Horse-9", firstName: "Ana", lastName: "Lima", roles: roles)
        let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["email": email, "password": "Correct-Horse-9"]))
        let token = try await client.execute(uri: "/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: body) {
            (Self.object($0)["data"] as? [String: Any])?["token"] as? String
        }
        guard let token else { throw TestSetupError(description: "login failed") }
        return (user.id, token)
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
