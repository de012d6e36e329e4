import Academy
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
import Stats
import Testing
import TestSupport

/// The ingress with the Identity, Billing and Academy modules, built like `relais serve` does,
/// against the stack's PostgreSQL, Redis and broker. The views are global, so every test seeds
/// rows of its own (fresh ids, and its own currency for revenue) and reads back only those.
struct StatsHarness {
    typealias Reply = (status: Int, body: [String: Any])

    let ingress: TestIngress
    let modules: [IngressApplication.RouteInstaller]
    let seeds: StatsSeeds
    var postgres: PostgresClient { ingress.postgres }

    init() async throws {
        ingress = try await TestIngress()
        modules = [
            BillingModule(accessGuard: ingress.identity.accessGuard, settings: BillingSettings(webhookSecrets: ["whsec_test_stats"])).routes,
            AcademyModule(accessGuard: ingress.identity.accessGuard).routes,
        ]
        seeds = StatsSeeds(postgres: ingress.postgres)
    }

    /// Runs `body` against a fresh harness's router test client; removes the seeded rows and
    /// closes the harness afterwards, whatever happened.
    static func run(_ body: @escaping @Sendable (StatsHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try await StatsHarness()
        try await TestIngress.test(harness.ingress.application(harness.modules), close: harness.close) { client in
            try await body(harness, client)
        }
    }

    func close() async {
        await seeds.removeAll()
        await ingress.close()
    }

    /// Refreshes `view` now through the worker's refresher.
    func refresh(_ view: StatsView) async throws {
        let outcome = try await StatsRefresher(postgres: postgres).refresh(view, requestedAt: Date())
        guard case .refreshed = outcome else { throw TestSetupError(description: "refresh of \(view) was \(outcome)") }
    }

    /// A signed-in user with `roles` (its row is removed with the seeds).
    func user(_ client: any TestClientProtocol, roles: [Role]) async throws -> (id: UUID, token: String) {
        let user = try await ingress.signedInUser(client, prefix: "stats", roles: roles)
        seeds.track(user: user.id)
        return (user.id, user.token)
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
