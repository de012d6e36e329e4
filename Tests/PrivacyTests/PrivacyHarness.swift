import Chat
import Email
import ErasureWorker
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import Ingress
import IngressTestSupport
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

    let ingress: TestIngress
    let privacy: PrivacyModule
    let settings: PrivacySettings
    let cipher: MessageCipher
    let registry: PersonalDataRegistry
    var postgres: PostgresClient { ingress.postgres }
    var redis: RedisClient { ingress.redis }
    var identity: IdentityModule { ingress.identity }

    init() async throws {
        ingress = try await TestIngress()
        settings = try PrivacySettings(environment: EnvironmentReader([:]), jwtSecret: ingress.identitySettings.jwtSecret)
        privacy = PrivacyModule(postgres: ingress.postgres, settings: settings, accessGuard: ingress.identity.accessGuard,
                                logger: Logger(label: "test.privacy"))
        cipher = try MessageCipher(settings: try EncryptionSettings(environment: EnvironmentReader([:]), production: false))
        registry = PersonalDataRegistry.standard(cipher: cipher)
    }

    /// Runs `body` against a fresh harness's router test client, closing the harness afterwards.
    static func run(_ body: @escaping @Sendable (PrivacyHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try await PrivacyHarness()
        try await TestIngress.test(harness.ingress.application([harness.privacy.routes]), close: harness.ingress.close) { client in
            try await body(harness, client)
        }
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
        let (first, last) = ("Prenom\(tag)", "Nom\(tag)")
        let user = try await ingress.signedInUser(client, prefix: "privacy", roles: roles, firstName: first, lastName: last)
        return Account(id: user.id, token: user.token, email: user.email, firstName: first, lastName: last)
    }

    /// `POST /v1/auth/login`: the status and the access token when it worked.
    func login(_ client: any TestClientProtocol, email: String) async throws -> (status: Int, token: String?) {
        let reply = try await call(client, .post, "/v1/auth/login", json: ["email": email, "password": TestIngress.password])
        return (reply.status, Self.data(reply.body)["token"] as? String)
    }

    // MARK: - Worker

    /// The `erasure` worker's handlers, as `relais work erasure` builds them.
    func exportHandler() -> ExportUserDataHandler {
        ExportUserDataHandler(postgres: postgres, registry: registry, settings: settings)
    }

    func eraseHandler(registry: PersonalDataRegistry? = nil) -> EraseUserHandler {
        EraseUserHandler(postgres: postgres, redis: redis, registry: registry ?? self.registry, settings: settings,
                         accessTokenLifetime: ingress.identitySettings.accessTokenLifetime,
                         refreshTokenLifetime: ingress.identitySettings.refreshTokenLifetime)
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
