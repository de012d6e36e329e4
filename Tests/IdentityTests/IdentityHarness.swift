import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Ingress
import KafkaClient
import Logging
import Pipeline
import Platform
import PostgresClient
import Prometheus
import RedisClient
import TestSupport

/// The ingress with the Identity module, built like `relais serve` does, against the stack's
/// PostgreSQL and Redis (or a private Redis). Each harness has its own rate-limit buckets.
struct IdentityHarness {
    let postgres: PostgresClient
    let redis: RedisClient
    let producer: KafkaProducer
    let identity: IdentityModule
    let http: RelaisConfiguration.HTTP
    let dependencies: IngressDependencies

    /// Generous limits unless a test sets its own (`RATE_LIMIT_LOGIN=5/10m`…).
    init(environment: [String: String] = [:], redisURL: String = TestStack.redisURL) async throws {
        postgres = try await TestClients.migratedPostgres()
        var redisSettings = try RedisConfiguration(url: redisURL)
        redisSettings.commandTimeout = .milliseconds(500)
        redisSettings.connectTimeout = .milliseconds(300)
        redis = RedisClient(configuration: redisSettings, logger: Logger(label: "test.redis"))
        producer = try TestClients.producer(messageTimeout: .seconds(1))
        let catalogue = try TopicCatalogue.load(path: TestStack.repositoryRoot.appendingPathComponent("topics.yaml").path)
        dependencies = IngressDependencies(
            postgres: postgres, redis: redis,
            publisher: KafkaCommandPublisher(producer: producer, catalogue: catalogue, logger: Logger(label: "test")),
            catalogue: catalogue, metrics: PrometheusCollectorRegistry(), readinessChecks: [])
        let settings = try IdentitySettings(environment: EnvironmentReader([
            "BCRYPT_COST": "4", "RATE_LIMIT_LOGIN": "1000/1m", "RATE_LIMIT_REGISTER": "1000/1m",
            "RATE_LIMIT_PASSWORD_RESET": "1000/1m", "RATE_LIMIT_DEFAULT": "10000/1m",
        ].merging(environment) { $1 }), production: false)
        identity = try await IdentityModule(dependencies: dependencies, settings: settings,
                                            rateLimitKeyPrefix: TestStack.uniqueName("test-rl"), logger: Logger(label: "test.identity"))
        http = try RelaisConfiguration(environment: EnvironmentReader(["HTTP_PORT": "0"])).http
    }

    func application() -> some ApplicationProtocol {
        IngressApplication.build(configuration: http, dependencies: dependencies, modules: [identity.routes],
                                 logger: Logger(label: "test.ingress"))
    }

    func close() async {
        identity.service.shutdown()
        await producer.shutdown(timeout: .seconds(1))
        redis.close()
        await postgres.close()
    }

    static func email(_ prefix: String = "user") -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.test"
    }

    static let password = "Correct-Horse-9"

    /// The SendEmail commands queued in the outbox for `address`, newest first.
    func outboxEmails(to address: String) async throws -> [[String: Any]] {
        try await postgres.query("""
            SELECT payload FROM pipeline.outbox WHERE command_type = 'SendEmail' ORDER BY seq DESC LIMIT 500
            """).compactMap { row -> [String: Any]? in
            let payload = try row.decode(Data.self, column: "payload")
            guard let object = try JSONSerialization.jsonObject(with: payload) as? [String: Any], object["to"] as? String == address else {
                return nil
            }
            return object
        }
    }

    /// The token in the link of the newest email of `template` to `address`.
    func emailedToken(to address: String, template: String, variable: String) async throws -> String? {
        let email = try await outboxEmails(to: address).first { $0["template"] as? String == template }
        guard let url = (email?["variables"] as? [String: String])?[variable], let range = url.range(of: "token=") else { return nil }
        return String(url[range.upperBound...])
    }
}

/// JSON helpers for the router test client.
enum HTTPJSON {
    static func body(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(data: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    static let headers: HTTPFields = [.contentType: "application/json"]

    static func bearer(_ token: String) -> HTTPFields {
        [.contentType: "application/json", .authorization: "Bearer \(token)"]
    }

    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }

    static func data(_ response: TestResponse) -> [String: Any] {
        object(response)["data"] as? [String: Any] ?? [:]
    }

    static func errorCode(_ response: TestResponse) -> String? {
        (object(response)["error"] as? [String: Any])?["code"] as? String
    }

    static func text(_ response: TestResponse) -> String {
        String(buffer: response.body)
    }
}
