import Platform
@testable import Identity
import Testing

@Suite("Rate-limit policy configuration")
struct RateLimitPoliciesTests {
    @Test("defaults: login 5/10 min per IP and per email, register and reset 5/h, default 600/min")
    func defaults() throws {
        let policies = try RateLimitPolicies(environment: [:])
        #expect(policies == RateLimitPolicies())
        #expect(policies.loginPerIP == RateLimitPolicy(name: "login-ip", limit: 5, period: .seconds(600)))
        #expect(policies.loginPerEmail == RateLimitPolicy(name: "login-email", limit: 5, period: .seconds(600)))
        #expect(policies.register == RateLimitPolicy(name: "register", limit: 5, period: .seconds(3_600)))
        #expect(policies.passwordReset == RateLimitPolicy(name: "password-reset", limit: 5, period: .seconds(3_600)))
        #expect(policies.defaultPolicy == RateLimitPolicy(name: "default", limit: 600, period: .seconds(60)))
    }

    @Test("every policy can be overridden from its environment variable; blank means default")
    func overrides() throws {
        let policies = try RateLimitPolicies(environment: [
            "RATE_LIMIT_LOGIN": " 3/2s ",
            "RATE_LIMIT_REGISTER": "10/h",
            "RATE_LIMIT_PASSWORD_RESET": "2/500ms",
            "RATE_LIMIT_DEFAULT": "",
        ])
        #expect(policies.loginPerIP == RateLimitPolicy(name: "login-ip", limit: 3, period: .seconds(2)))
        #expect(policies.loginPerEmail == RateLimitPolicy(name: "login-email", limit: 3, period: .seconds(2)))
        #expect(policies.register == RateLimitPolicy(name: "register", limit: 10, period: .seconds(3_600)))
        #expect(policies.passwordReset == RateLimitPolicy(name: "password-reset", limit: 2, period: .milliseconds(500)))
        #expect(policies.defaultPolicy == RateLimitPolicies().defaultPolicy)
    }

    @Test("durations accept ms, s, m, h, d with an optional amount")
    func durations() {
        #expect(RateLimitPolicies.parse("5/10m", name: "x")?.period == .seconds(600))
        #expect(RateLimitPolicies.parse("5/1d", name: "x")?.period == .seconds(86_400))
        #expect(RateLimitPolicies.parse("5/m", name: "x")?.period == .seconds(60))
        #expect(RateLimitPolicies.parse("5/250ms", name: "x")?.period == .milliseconds(250))
    }

    @Test("malformed or out-of-range values are rejected with an error naming the variable, not the value",
          arguments: ["5", "5/", "/1m", "0/1m", "-1/1m", "5/10", "5/10w", "five/1m", "5/0s", "5/31d", "2000000/1s", "5/1m/2"])
    func rejects(value: String) throws {
        var reasonForGarbage = ""
        do {
            _ = try RateLimitPolicies(environment: ["RATE_LIMIT_REGISTER": "garbage"])
        } catch {
            reasonForGarbage = error.reason
        }
        #expect(throws: ConfigurationError.self) {
            try RateLimitPolicies(environment: ["RATE_LIMIT_REGISTER": value])
        }
        do {
            _ = try RateLimitPolicies(environment: ["RATE_LIMIT_REGISTER": value])
        } catch {
            #expect(error.variable == "RATE_LIMIT_REGISTER")
            #expect(error.description.hasPrefix("RATE_LIMIT_REGISTER: "))
            // The same words whatever the value: the value itself is never echoed.
            #expect(error.reason == reasonForGarbage)
        }
    }

    @Test("login checks the IP and the email separately; default checks the user, else the IP")
    func checksPerEndpoint() {
        let policies = RateLimitPolicies()
        let login = policies.loginChecks(ip: "192.0.2.7", email: " Ada@Example.org ")
        #expect(login.map(\.policy.name) == ["login-ip", "login-email"])
        #expect(login.map(\.subject) == ["192.0.2.7", "Ada@Example.org"])
        #expect(policies.defaultChecks(userID: "u1", ip: "192.0.2.7").map(\.subject) == ["user:u1"])
        #expect(policies.defaultChecks(userID: nil, ip: "192.0.2.7").map(\.subject) == ["ip:192.0.2.7"])
        #expect(policies.registerChecks(ip: "192.0.2.7").map(\.policy.name) == ["register"])
        #expect(policies.passwordResetChecks(ip: "192.0.2.7").map(\.policy.name) == ["password-reset"])
    }

    @Test("keys hold a digest of the subject, never the subject, and descriptions omit it")
    func keysHideSubjects() {
        let check = RateLimitCheck(RateLimitPolicies().loginPerEmail, subject: "ada@example.org")
        let key = RateLimitKeys.key(for: check, prefix: "rl")
        #expect(key.hasPrefix("rl:login-email:"))
        #expect(!key.contains("ada"))
        #expect(key.count == "rl:login-email:".count + 16)
        #expect(RateLimitKeys.subjectDigest("ADA@example.org") == RateLimitKeys.subjectDigest("ada@example.org"))
        #expect(RateLimitKeys.subjectDigest("ada@example.org") != RateLimitKeys.subjectDigest("bob@example.org"))
        #expect(!"\(check)".contains("ada"))
    }
}
