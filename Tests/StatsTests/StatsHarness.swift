import Academy
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
import Stats
import Testing
import TestSupport

/// The ingress with the Identity, Billing and Academy modules, built like `relais serve` does,
/// against the stack's PostgreSQL, Redis and broker. The views are global, so every test seeds
/// rows of its own (fresh ids, and its own currency for revenue) and reads back only those.
struct StatsHarness {
    typealias Reply = (status: Int, body: [String: Any])

    let postgres: PostgresClient
    let redis: RedisClient
    let producer: KafkaProducer
    let identity: IdentityModule
    let dependencies: IngressDependencies
    let modules: [IngressApplication.RouteInstaller]
    let http: RelaisConfiguration.HTTP
    let seeds: StatsSeeds

    init() async throws {
        postgres = try await TestClients.migratedPostgres()
        redis = RedisClient(configuration: try RedisConfiguration(url: TestStack.redisURL), logger: Logger(label: "test.redis"))
        producer = try TestClients.producer(messageTimeout: .seconds(2))
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
        modules = [
            identity.routes,
            BillingModule(accessGuard: identity.accessGuard, settings: BillingSettings(webhookSecrets: ["whsec_test_stats"])).routes,
            AcademyModule(accessGuard: identity.accessGuard).routes,
        ]
        http = try RelaisConfiguration(environment: EnvironmentReader(["HTTP_PORT": "0"])).http
        seeds = StatsSeeds(postgres: postgres)
    }

    /// Runs `body` against a fresh harness's router test client; removes the seeded rows and
    /// closes the harness afterwards, whatever happened.
    static func run(_ body: @escaping @Sendable (StatsHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try await StatsHarness()
        let app = IngressApplication.build(configuration: harness.http, dependencies: harness.dependencies, modules: harness.modules,
                                           logger: Logger(label: "test.ingress"))
        do {
            try await app.test(.router) { client in try await body(harness, client) }
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }

    func close() async {
        await seeds.removeAll()
        identity.service.shutdown()
        await producer.shutdown(timeout: .seconds(1))
        redis.close()
        await postgres.close()
    }

    /// Refreshes `view` now through the worker's refresher.
    func refresh(_ view: StatsView) async throws {
        let outcome = try await StatsRefresher(postgres: postgres).refresh(view, requestedAt: Date())
        guard case .refreshed = outcome else { throw TestSetupError(description: "refresh of \(view) was \(outcome)") }
    }

    /// A signed-in user with `roles` (its row is removed with the seeds).
    func user(_ client: any TestClientProtocol, roles: [Role]) async throws -> (id: UUID, token: String) {
        let email = "stats-\(UUID().uuidString.prefix(8).lowercased())@example.test"
        let user = try await identity.service.createUser(email: email, password: "Correct-Horse-9", firstName: "Ana", lastName: "Lima", roles: roles)
        seeds.track(user: user.id)
        let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["email": email, "password": "Correct-Horse-9"]))
        let token = try await client.execute(uri: "/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: body) {
            (Self.object($0)["data"] as? [String: Any])?["token"] as? String
        }
        guard let token else { throw TestSetupError(description: "login failed") }
        return (user.id, token)
    }

    /// `GET path` with a bearer token: status and decoded body.
    func get(_ client: any TestClientProtocol, _ path: String, token: String) async throws -> Reply {
        try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(token)"]) { (Int($0.status.code), Self.object($0)) }
    }

    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }

    static func data(_ body: [String: Any]) -> [String: Any] { body["data"] as? [String: Any] ?? [:] }

    /// The fields a 400 names.
    static func fieldIssues(_ body: [String: Any]) -> [String] {
        ((body["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
}
