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

/// What every module's ingress harness builds like `relais serve` does, against the stack's
/// PostgreSQL, Redis and broker: the clients, the ingress dependencies and the Identity module
/// (fast bcrypt, limits no test reaches, rate-limit buckets of its own). A module's harness adds
/// its module and passes every route installer to `application`.
public struct TestIngress: Sendable {
    public let postgres: PostgresClient
    public let redis: RedisClient
    public let producer: KafkaProducer
    public let dependencies: IngressDependencies
    public let identitySettings: IdentitySettings
    public let identity: IdentityModule
    public let http: RelaisConfiguration.HTTP

    /// - Parameter brokers: another address makes the broker unreachable (tests of 503s).
    public init(brokers: String = TestStack.kafkaBrokers) async throws {
        postgres = try await TestClients.migratedPostgres()
        redis = RedisClient(configuration: try RedisConfiguration(url: TestStack.redisURL), logger: Logger(label: "test.redis"))
        producer = try TestClients.producer(brokers: brokers, messageTimeout: .seconds(2))
        let catalogue = try TopicCatalogue.load(path: TestStack.repositoryRoot.appendingPathComponent("topics.yaml").path)
        dependencies = IngressDependencies(
            postgres: postgres, redis: redis,
            publisher: KafkaCommandPublisher(producer: producer, catalogue: catalogue, logger: Logger(label: "test")),
            catalogue: catalogue, metrics: PrometheusCollectorRegistry(), readinessChecks: [])
        identitySettings = try IdentitySettings(environment: EnvironmentReader([
            "BCRYPT_COST": "4", "RATE_LIMIT_LOGIN": "10000/1m", "RATE_LIMIT_REGISTER": "10000/1m", "RATE_LIMIT_DEFAULT": "100000/1m",
        ]), production: false)
        identity = try await IdentityModule(dependencies: dependencies, settings: identitySettings,
                                            rateLimitKeyPrefix: TestStack.uniqueName("test-rl"), logger: Logger(label: "test.identity"))
        http = try RelaisConfiguration(environment: EnvironmentReader(["HTTP_PORT": "0"])).http
    }

    /// The ingress with Identity's routes and `modules`' routes.
    public func application(_ modules: [IngressApplication.RouteInstaller]) -> some ApplicationProtocol {
        IngressApplication.build(configuration: http, dependencies: dependencies, modules: [identity.routes] + modules,
                                 logger: Logger(label: "test.ingress"))
    }

    /// Runs `body` with a router test client of `application`, then `close` (whatever happened).
    public static func test(_ application: some ApplicationProtocol, close: () async -> Void,
                            _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        do {
            try await application.test(.router) { client in try await body(client) }
        } catch {
            await close()
            throw error
        }
        await close()
    }

    /// A user with `roles` made through Identity, then signed in through the API: id, address
    /// and access token.
    public func signedInUser(_ client: any TestClientProtocol, prefix: String, roles: [Role],
                             firstName: String = "Ana", lastName: String = "Lima") async throws -> (id: UUID, email: String, token: String) {
        let email = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.test"
        let user = try await identity.service.createUser(email: email, password: Self.password, firstName: firstName, lastName: lastName, roles: roles)
        let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["email": email, "password": Self.password]))
        let token = try await client.execute(uri: "/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: body) {
            ((try? JSONSerialization.jsonObject(with: Data(buffer: $0.body))) as? [String: Any]).flatMap { $0["data"] as? [String: Any] }?["token"] as? String
        }
        guard let token else { throw TestSetupError(description: "login failed") }
        return (user.id, email, token)
    }

    public static let password = "Correct-Horse-9"

    public func close() async {
        identity.service.shutdown()
        await producer.shutdown(timeout: .seconds(1))
        redis.close()
        await postgres.close()
    }
}
