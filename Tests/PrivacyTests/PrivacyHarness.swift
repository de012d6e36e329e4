import Chat
import Email
import ErasureWorker
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import Ingress
import KafkaClient
import Logging
import PersonalData
import Pipeline
import Platform
import PostgresClient
import Privacy
import Prometheus
import RedisClient
import Testing
import TestSupport

/// The ingress with the Identity and Privacy modules, built like `relais serve` does, and the
/// `erasure` worker's handlers, run directly on the commands the routes queued. Every test
/// makes its own users and data; other suites write the same tables at the same time.
struct PrivacyHarness {
    typealias Reply = (status: Int, body: [String: Any])

    static let password = "Correct-Horse-9"

    let postgres: PostgresClient
    let redis: RedisClient
    let producer: KafkaProducer
    let identity: IdentityModule
    let identitySettings: IdentitySettings
    let privacy: PrivacyModule
    let settings: PrivacySettings
    let cipher: MessageCipher
    let registry: PersonalDataRegistry
    let http: RelaisConfiguration.HTTP
    let dependencies: IngressDependencies

    init() async throws {
        postgres = try await TestClients.migratedPostgres()
        redis = RedisClient(configuration: try RedisConfiguration(url: TestStack.redisURL), logger: Logger(label: "test.redis"))
        producer = try TestClients.producer(messageTimeout: .seconds(2))
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
        settings = try PrivacySettings(environment: EnvironmentReader([:]), jwtSecret: identitySettings.jwtSecret)
        privacy = PrivacyModule(postgres: postgres, settings: settings, accessGuard: identity.accessGuard, logger: Logger(label: "test.privacy"))
        cipher = try MessageCipher(settings: try EncryptionSettings(environment: EnvironmentReader([:]), production: false))
        registry = PersonalDataRegistry.standard(cipher: cipher)
        http = try RelaisConfiguration(environment: EnvironmentReader(["HTTP_PORT": "0"])).http
    }

    /// Runs `body` against a fresh harness's router test client, closing the harness afterwards.
    static func run(_ body: @escaping @Sendable (PrivacyHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try await PrivacyHarness()
        do {
            try await harness.application().test(.router) { client in try await body(harness, client) }
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }

    func application() -> some ApplicationProtocol {
        IngressApplication.build(configuration: http, dependencies: dependencies, modules: [identity.routes, privacy.routes],
                                 logger: Logger(label: "test.ingress"))
    }

    func close() async {
        identity.service.shutdown()
        await producer.shutdown(timeout: .seconds(1))
        redis.close()
        await postgres.close()
    }

    // MARK: - Users

    /// A signed-in user with a unique address and name.
    struct Account {
        let id: UUID
        let token: String
        let email: String
        let firstName: String
        let lastName: String
    }

    func account(_ client: any TestClientProtocol, roles: [Role] = [.academyLearner]) async throws -> Account {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let email = "privacy-\(tag)@example.test"
        let (first, last) = ("Prenom\(tag)", "Nom\(tag)")
        let user = try await identity.service.createUser(email: email, password: Self.password, firstName: first, lastName: last, roles: roles)
        guard let token = try await login(client, email: email).token else { throw TestSetupError(description: "login failed") }
        return Account(id: user.id, token: token, email: email, firstName: first, lastName: last)
    }

    /// `POST /v1/auth/login`: the status and the access token when it worked.
    func login(_ client: any TestClientProtocol, email: String) async throws -> (status: Int, token: String?) {
        let reply = try await call(client, .post, "/v1/auth/login", json: ["email": email, "password": Self.password])
        return (reply.status, Self.data(reply.body)["token"] as? String)
    }

    // MARK: - Worker

    /// The `erasure` worker's handlers, as `relais work erasure` builds them.
    func exportHandler() -> ExportUserDataHandler {
        ExportUserDataHandler(postgres: postgres, registry: registry, settings: settings)
    }

    func eraseHandler(registry: PersonalDataRegistry? = nil) -> EraseUserHandler {
        EraseUserHandler(postgres: postgres, redis: redis, registry: registry ?? self.registry, settings: settings,
                         accessTokenLifetime: identitySettings.accessTokenLifetime, refreshTokenLifetime: identitySettings.refreshTokenLifetime)
    }

    func handle<H: CommandHandler>(_ handler: H, _ command: H.Input) async throws {
        try await handler.handle(command, context: .direct(command, consumerGroup: "relais.erasure", logger: Logger(label: "test.erasure")))
    }

    /// The payloads of the commands of `type` queued in the outbox under `key`, oldest first.
    func queued(_ type: String, key: String) async throws -> [[String: Any]] {
        try await postgres.query("""
            SELECT convert_from(payload, 'UTF8') AS payload FROM pipeline.outbox
            WHERE command_type = \(type) AND message_key = \(key) ORDER BY seq
            """).map { row in
            (try JSONSerialization.jsonObject(with: Data(try row.decode(String.self, column: "payload").utf8))) as? [String: Any] ?? [:]
        }
    }

    /// The emails queued for `address` with `template`, oldest first.
    func emails(to address: String, template: String) async throws -> [[String: Any]] {
        try await queued("SendEmail", key: SendEmail(template: .passwordReset, to: address, variables: [:]).orderingKey).filter { $0["template"] as? String == template }
    }

    // MARK: - HTTP

    func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String? = nil,
              json: [String: Any]? = nil) async throws -> Reply {
        var headers: HTTPFields = [:]
        if json != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = try json.map { ByteBuffer(data: try JSONSerialization.data(withJSONObject: $0)) }
        return try await client.execute(uri: path, method: method, headers: headers, body: body) { (Int($0.status.code), Self.object($0)) }
    }

    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }

    static func data(_ body: [String: Any]) -> [String: Any] { body["data"] as? [String: Any] ?? [:] }
}
