import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Ingress
import Testing
import TestSupport

/// Roles on protected routes, suspension, and the Redis-down behaviour of the access guard.
@Suite("Identity: authorization")
struct AuthorizationTests {
    typealias Flow = AuthFlowTests

    static func put(_ client: some TestClientProtocol, _ uri: String, _ body: [String: Any], token: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .put, headers: HTTPJSON.bearer(token), body: HTTPJSON.body(body)) { $0 }
    }

    @Test("admin routes: 403 for a user without the role, 200 for an admin; suspension closes sessions and blocks login")
    func adminRoutes() async throws {
        let harness = try await IdentityHarness()
        let adminEmail = IdentityHarness.email("admin")
        let userEmail = IdentityHarness.email()
        _ = try await harness.identity.service.createUser(email: adminEmail, password: IdentityHarness.password, firstName: "Ada",
                                                          lastName: "Admin", roles: [.admin])
        try await harness.application().test(.router) { client in
            let user = try await Flow.register(client, email: userEmail)
            let userToken = try #require(user["token"] as? String)
            let userID = try #require((user["user"] as? [String: Any])?["id"] as? String)
            let adminToken = try #require(HTTPJSON.data(try await Flow.login(client, email: adminEmail))["token"] as? String)

            let forbidden = try await Self.put(client, "/v1/admin/users/\(userID)/roles", ["roles": ["admin"]], token: userToken)
            #expect(forbidden.status == .forbidden)
            try await client.execute(uri: "/v1/admin/emails", method: .get, headers: HTTPJSON.bearer(userToken)) { #expect($0.status == .forbidden) }

            let granted = try await Self.put(client, "/v1/admin/users/\(userID)/roles", ["roles": ["academy.instructor"]], token: adminToken)
            #expect(granted.status == .ok)
            #expect(HTTPJSON.data(granted)["roles"] as? [String] == ["academy.instructor"])
            let unknownRole = try await Self.put(client, "/v1/admin/users/\(userID)/roles", ["roles": ["wizard"]], token: adminToken)
            #expect(unknownRole.status == .badRequest)
            let missing = try await Self.put(client, "/v1/admin/users/\(UUID())/roles", ["roles": []], token: adminToken)
            #expect(missing.status == .notFound)
            try await client.execute(uri: "/v1/admin/emails?status=sent", method: .get, headers: HTTPJSON.bearer(adminToken)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/admin/emails?status=lost", method: .get, headers: HTTPJSON.bearer(adminToken)) {
                #expect($0.status == .badRequest)
            }

            let suspended = try await Self.put(client, "/v1/admin/users/\(userID)/status", ["status": "suspended"], token: adminToken)
            #expect(suspended.status == .ok)
            #expect(try await Flow.me(client, userToken).status == .unauthorized)
            let login = try await Flow.login(client, email: userEmail)
            #expect(login.status == .forbidden && HTTPJSON.errorCode(login) == "account_suspended")
            #expect(try await Self.put(client, "/v1/admin/users/\(userID)/status", ["status": "active"], token: adminToken).status == .ok)
            #expect(try await Flow.login(client, email: userEmail).status == .ok)
        }
        await harness.close()
    }

    @Test("public profile shows public fields only; other users' ids work, unknown ids 404")
    func publicProfile() async throws {
        let harness = try await IdentityHarness()
        try await harness.application().test(.router) { client in
            let viewer = try #require(try await Flow.register(client, email: IdentityHarness.email())["token"] as? String)
            let other = try await Flow.register(client, email: IdentityHarness.email())
            let otherID = try #require((other["user"] as? [String: Any])?["id"] as? String)
            try await client.execute(uri: "/v1/auth/users/\(otherID)", method: .get, headers: HTTPJSON.bearer(viewer)) { response in
                #expect(response.status == .ok)
                #expect(HTTPJSON.data(response).keys.sorted() == ["first_name", "id", "last_name"])
            }
            try await client.execute(uri: "/v1/auth/users/\(UUID())", method: .get, headers: HTTPJSON.bearer(viewer)) { #expect($0.status == .notFound) }
        }
        await harness.close()
    }

    @Test("Redis down: authenticated calls fail closed with 503, login limits still hold in-process, recovery when Redis returns")
    func redisDown() async throws {
        let redis = try await PrivateRedisServer()
        let harness = try await IdentityHarness(environment: ["RATE_LIMIT_LOGIN": "3/10m"], redisURL: redis.url)
        let email = IdentityHarness.email()
        try await harness.application().test(.router) { client in
            let token = try #require(try await Flow.register(client, email: email)["token"] as? String)
            #expect(try await Flow.me(client, token).status == .ok)
            redis.stop()
            let down = try await Flow.me(client, token)
            #expect(down.status == .serviceUnavailable)
            #expect(down.headers[.retryAfter] != nil)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 { statuses.append(try await Flow.login(client, email: email, password: "Wrong-Pass-11").status) }
            #expect(statuses.last == .tooManyRequests, "never unlimited: \(statuses)")
            try await redis.restart()
            try await Eventually.wait(for: "Redis path again", timeout: .seconds(10)) { try await Flow.me(client, token).status == .ok }
        }
        await harness.close()
        redis.stop()
    }
}
