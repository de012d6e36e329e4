import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Ingress
import Logging
import Pipeline
import RedisClient
import Testing
import TestSupport

/// What other parts of the system rely on: the OpenAPI document and the `auth.revoked`
/// announcement. (Emails arriving with working links: IntegrationTests, with the real processes.)
@Suite("Identity: contracts")
struct IdentityContractTests {
    typealias Flow = AuthFlowTests

    @Test("/openapi.json lists every Identity and admin route and validates as OpenAPI 3.1")
    func openAPI() async throws {
        let harness = try await IdentityHarness()
        let (router, _) = IngressApplication.buildRouter(configuration: harness.http, dependencies: harness.dependencies,
                                                         modules: [harness.identity.routes])
        let registered = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \(RouteDocumentation.openAPIPath(of: $0.path.description))" })
        #expect(registered.contains("post /v1/auth/login"))
        #expect(registered.contains("put /v1/admin/users/{id}/roles"))
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let data = Data(buffer: response.body)
                let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                let paths = try #require(json["paths"] as? [String: [String: Any]])
                let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
                #expect(registered == documented)
                try OpenAPIValidator.validate(data)
            }
        }
        await harness.close()
    }

    @Test("logout publishes auth.revoked with the token and session ids, for relays to close live sockets")
    func revocationIsAnnounced() async throws {
        let harness = try await IdentityHarness()
        let subscription = harness.redis.subscribe(channels: [TokenDenylist.channel])
        try await subscription.awaitSubscribed()
        try await harness.application().test(.router) { client in
            let token = try #require(try await Flow.register(client, email: IdentityHarness.email())["token"] as? String)
            try await client.execute(uri: "/v1/auth/logout", method: .post, headers: HTTPJSON.bearer(token)) { #expect($0.status == .ok) }
            let claims = try harness.identity.service.tokens.verify(token, now: .now)
            let reader = Task { () -> String? in
                for await message in subscription {
                    let text = String(decoding: message.payload, as: UTF8.self)
                    if text.contains(claims.tokenID.uuidString.lowercased()) { return text }
                }
                return nil
            }
            let timeout = Task { try await Task.sleep(for: .seconds(5)); reader.cancel() }
            let message = await reader.value
            timeout.cancel()
            #expect(message?.contains("\"type\":\"auth.revoked\"") == true)
        }
        await harness.close()
    }
}
