import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
@testable import Identity
import Ingress
import Testing
import TestSupport

/// `/v1/auth` through the real ingress (router test client) against PostgreSQL and Redis.
@Suite("Identity: accounts and sessions")
struct AuthFlowTests {
    static func register(_ client: some TestClientProtocol, email: String, password: String = IdentityHarness.password,
                         role: String? = nil) async throws -> [String: Any] {
        var body: [String: Any] = ["email": email, "password": password, "first_name": "Ana", "last_name": "Lima"]
        if let role { body["role"] = role }
        return try await client.execute(uri: "/v1/auth/register", method: .post, headers: HTTPJSON.headers, body: HTTPJSON.body(body)) {
            #expect($0.status == .created, "\(HTTPJSON.text($0))")
            return HTTPJSON.data($0)
        }
    }

    static func login(_ client: some TestClientProtocol, email: String, password: String = IdentityHarness.password,
                      totp: String? = nil) async throws -> TestResponse {
        var body: [String: Any] = ["email": email, "password": password]
        if let totp { body["totp_code"] = totp }
        return try await client.execute(uri: "/v1/auth/login", method: .post, headers: HTTPJSON.headers, body: HTTPJSON.body(body)) { $0 }
    }

    static func me(_ client: some TestClientProtocol, _ token: String) async throws -> TestResponse {
        try await client.execute(uri: "/v1/auth/me", method: .get, headers: HTTPJSON.bearer(token)) { $0 }
    }

    @Test("register: 201 with user and tokens, normalised email, verification email queued; duplicate email 409")
    func registerCreatesAccount() async throws {
        let harness = try await IdentityHarness()
        let email = IdentityHarness.email("reg")
        try await harness.application().test(.router) { client in
            let signedIn = try await Self.register(client, email: "  \(email.uppercased()) ", role: "learner")
            let user = signedIn["user"] as? [String: Any] ?? [:]
            #expect(user["email"] as? String == email)
            #expect(user["roles"] as? [String] == ["academy.learner"])
            #expect(user["email_verified"] as? Bool == false)
            #expect(user["password_hash"] == nil)
            #expect((signedIn["token"] as? String)?.split(separator: ".").count == 3)
            #expect((signedIn["refresh_token"] as? String)?.count == 43)
            #expect(try await harness.emailedToken(to: email, template: "email_verification", variable: "verification_url") != nil)

            try await client.execute(uri: "/v1/auth/register", method: .post, headers: HTTPJSON.headers,
                                     body: HTTPJSON.body(["email": email, "password": IdentityHarness.password, "first_name": "A", "last_name": "B"])) {
                #expect($0.status == .conflict)
            }
        }
        await harness.close()
    }

    @Test("register: a weak password lists every broken rule; admin role 403; missing field named")
    func registerValidates() async throws {
        let harness = try await IdentityHarness()
        let email = IdentityHarness.email()
        try await harness.application().test(.router) { client in
            try await client.execute(uri: "/v1/auth/register", method: .post, headers: HTTPJSON.headers,
                                     body: HTTPJSON.body(["email": email, "password": "short", "first_name": "A", "last_name": "B"])) { response in
                #expect(response.status == .badRequest)
                let details = (HTTPJSON.object(response)["error"] as? [String: Any])?["details"] as? [[String: String]] ?? []
                #expect(details.filter { $0["field"] == "password" }.count >= 3, "too short, no upper case, no digit")
                #expect(!HTTPJSON.text(response).contains("short\""), "the password is not echoed")
            }
            try await client.execute(uri: "/v1/auth/register", method: .post, headers: HTTPJSON.headers,
                                     body: HTTPJSON.body(["email": email, "password": IdentityHarness.password, "first_name": "A",
                                                          "last_name": "B", "role": "admin"])) {
                #expect($0.status == .forbidden)
                #expect(HTTPJSON.errorCode($0) == "role_not_self_service")
            }
            try await client.execute(uri: "/v1/auth/register", method: .post, headers: HTTPJSON.headers,
                                     body: HTTPJSON.body(["email": email, "password": IdentityHarness.password, "first_name": "A"])) {
                #expect($0.status == .badRequest)
                #expect(HTTPJSON.text($0).contains("last_name"))
            }
        }
        await harness.close()
    }

    @Test("login: unknown email and wrong password give the same 401; success returns tokens that open /me")
    func loginAnswersUniformly() async throws {
        let harness = try await IdentityHarness()
        let email = IdentityHarness.email()
        try await harness.application().test(.router) { client in
            _ = try await Self.register(client, email: email)
            let unknown = try await Self.login(client, email: IdentityHarness.email("nobody"))
            let wrong = try await Self.login(client, email: email, password: "Wrong-Password-1")
            #expect(unknown.status == .unauthorized && wrong.status == .unauthorized)
            #expect(HTTPJSON.object(unknown)["error"] as? NSDictionary == HTTPJSON.object(wrong)["error"] as? NSDictionary)
            let ok = try await Self.login(client, email: email.uppercased())
            #expect(ok.status == .ok)
            let token = try #require(HTTPJSON.data(ok)["token"] as? String)
            let me = try await Self.me(client, token)
            #expect(me.status == .ok)
            #expect((HTTPJSON.data(me)["last_login_at"] as? String) != nil)
            #expect(me.headers[HTTPField.Name("RateLimit")!] != nil, "RateLimit headers on authenticated replies")
            #expect(try await Self.me(client, "not-a-jwt").status == .unauthorized)
            try await client.execute(uri: "/v1/auth/me", method: .get) { #expect($0.status == .unauthorized) }
        }
        await harness.close()
    }

    @Test("refresh rotates the pair; replaying a used refresh token closes the whole session")
    func refreshRotationAndReuse() async throws {
        let harness = try await IdentityHarness()
        let email = IdentityHarness.email()
        try await harness.application().test(.router) { client in
            let first = try await Self.register(client, email: email)
            let refresh1 = try #require(first["refresh_token"] as? String)
            func refresh(_ token: String) async throws -> TestResponse {
                try await client.execute(uri: "/v1/auth/refresh-token", method: .post, headers: HTTPJSON.headers,
                                         body: HTTPJSON.body(["refresh_token": token])) { $0 }
            }
            let second = try await refresh(refresh1)
            #expect(second.status == .ok)
            let refresh2 = try #require(HTTPJSON.data(second)["refresh_token"] as? String)
            let access2 = try #require(HTTPJSON.data(second)["token"] as? String)
            #expect(refresh2 != refresh1)
            #expect(try await Self.me(client, access2).status == .ok)

            let reused = try await refresh(refresh1)
            #expect(reused.status == .unauthorized)
            #expect(HTTPJSON.errorCode(reused) == "refresh_token_reused")
            #expect(try await refresh(refresh2).status == .unauthorized, "the family is revoked")
            let afterReuse = try await Self.me(client, access2)
            #expect(afterReuse.status == .unauthorized)
            #expect(HTTPJSON.errorCode(afterReuse) == "token_revoked")
        }
        await harness.close()
    }

    @Test("logout: the old token is refused at once, also by a second ingress process")
    func logoutRevokesEverywhere() async throws {
        let harness = try await IdentityHarness()
        let other = try await IdentityHarness()
        let email = IdentityHarness.email()
        let token: String = try await harness.application().test(.router) { client in
            let token = try #require(try await Self.register(client, email: email)["token"] as? String)
            try await client.execute(uri: "/v1/auth/logout", method: .post, headers: HTTPJSON.bearer(token)) { #expect($0.status == .ok) }
            let after = try await Self.me(client, token)
            #expect(HTTPJSON.errorCode(after) == "token_revoked")
            return token
        }
        try await other.application().test(.router) { client in
            let response = try await Self.me(client, token)
            #expect(response.status == .unauthorized)
        }
        await harness.close()
        await other.close()
    }

    @Test("a forged token (alg none, tampered payload) is 401")
    func forgedTokensRejected() async throws {
        let harness = try await IdentityHarness()
        try await harness.application().test(.router) { client in
            let token = try #require(try await Self.register(client, email: IdentityHarness.email())["token"] as? String)
            let parts = token.split(separator: ".").map(String.init)
            let noneHeader = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64EncodedString()
                .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            #expect(try await Self.me(client, "\(noneHeader).\(parts[1]).").status == .unauthorized)
            var payload = Array(parts[1])
            payload[5] = payload[5] == "A" ? "B" : "A"
            #expect(try await Self.me(client, "\(parts[0]).\(String(payload)).\(parts[2])").status == .unauthorized)
        }
        await harness.close()
    }

    @Test("the 6th failed login from one client is 429 with Retry-After and RateLimit headers")
    func loginRateLimited() async throws {
        let harness = try await IdentityHarness(environment: ["RATE_LIMIT_LOGIN": "5/10m"])
        let email = IdentityHarness.email()
        try await harness.application().test(.router) { client in
            for _ in 0..<5 {
                #expect(try await Self.login(client, email: email, password: "Wrong-Password-1").status == .unauthorized)
            }
            let limited = try await Self.login(client, email: email, password: "Wrong-Password-1")
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(limited.headers[HTTPField.Name("RateLimit-Policy")!]?.contains("q=5") == true)
        }
        await harness.close()
    }
}
