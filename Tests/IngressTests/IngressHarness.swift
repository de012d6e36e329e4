import Foundation
import Hummingbird
import Ingress
import KafkaClient
import Logging
import Pipeline
import Platform
import PostgresClient
import Prometheus
import RedisClient
import TestSupport

/// Builds the real ingress (same builder as `relais serve`) against the local stack, plus a
/// module of test-only routes that exercise the shared request handling.
struct IngressHarness {
    let postgres: PostgresClient
    let redis: RedisClient
    let producer: KafkaProducer
    let admin: KafkaAdmin
    let dependencies: IngressDependencies
    let http: RelaisConfiguration.HTTP

    static let maxBodyBytes = 4_096
    static let allowedOrigin = "https://app.example.com"

    init(redisURL: String = TestStack.redisURL, brokers: String = TestStack.kafkaBrokers) throws {
        postgres = try TestClients.postgres(poolSize: 2)
        var redisSettings = try RedisConfiguration(url: redisURL)
        redisSettings.commandTimeout = .seconds(1)
        redisSettings.connectTimeout = .milliseconds(500)
        redis = RedisClient(configuration: redisSettings, logger: Logger(label: "test.redis"))
        producer = try TestClients.producer(brokers: brokers, messageTimeout: .seconds(1))
        admin = try KafkaAdmin(brokers: brokers, logger: Logger(label: "test.admin"))
        let catalogue = try TopicCatalogue.load(path: TestStack.repositoryRoot.appendingPathComponent("topics.yaml").path)
        dependencies = IngressDependencies(
            postgres: postgres, redis: redis,
            publisher: KafkaCommandPublisher(producer: producer, catalogue: catalogue, logger: Logger(label: "test")),
            catalogue: catalogue, metrics: PrometheusCollectorRegistry(),
            readinessChecks: IngressDependencies.standardChecks(postgres: postgres, redis: redis, kafka: admin))
        var environment = ["HTTP_MAX_BODY_BYTES": String(Self.maxBodyBytes), "CORS_ALLOWED_ORIGINS": Self.allowedOrigin]
        environment["HTTP_PORT"] = "0"
        http = try RelaisConfiguration(environment: EnvironmentReader(environment)).http
    }

    func application() -> some ApplicationProtocol {
        IngressApplication.build(configuration: http, dependencies: dependencies, modules: [TestRoutes.install],
                                 logger: Logger(label: "test.ingress"))
    }

    func router() -> (Router<RelaisRequestContext>, OpenAPIDocument) {
        IngressApplication.buildRouter(configuration: http, dependencies: dependencies, modules: [TestRoutes.install])
    }

    func close() async {
        await producer.shutdown(timeout: .seconds(1))
        admin.close()
        redis.close()
        await postgres.close()
    }
}

/// Routes that exist only in tests: a JSON endpoint to exercise body handling and one that
/// publishes a command to exercise the 202/503 contract.
enum TestRoutes {
    struct Signup: Decodable, Sendable {
        let displayName: String
        let age: Int
        let tags: [String]
    }

    struct Echo: Encodable, Sendable {
        let displayName: String
        let age: Int
    }

    static let install: IngressApplication.RouteInstaller = { routes, dependencies in
        routes.add(.post, "/v1/test/signups", summary: "test-only JSON route", tag: "test",
                   requestBody: JSONSchema.object([("display_name", JSONSchema.string()), ("age", JSONSchema.integer)]),
                   replies: [.init(201, "created")], authenticated: false) { request, context in
            let body = try await request.decode(as: Signup.self, context: context)
            return SuccessEnvelope(Echo(displayName: body.displayName, age: body.age), status: .created)
        }
        routes.add(.post, "/v1/test/commands/:visitor_id", summary: "test-only command route", tag: "test",
                   replies: [.init(202, "accepted"), .init(503, "broker down")], authenticated: false) { _, context in
            let visitor = try context.parameters.require("visitor_id", as: UUID.self)
            let envelope = CommandEnvelope(type: "SendEmail", version: 1, actor: nil, traceparent: nil,
                                           key: visitor.uuidString, payload: Array("{}".utf8))
            let receipt = try await dependencies.publisher.publish(envelope, to: "email.send")
            return SuccessEnvelope(["command_id": receipt.commandID.uuidString.lowercased()], status: .accepted)
        }
    }
}
