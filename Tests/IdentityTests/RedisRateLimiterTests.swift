@testable import Identity
import RedisClient
import Testing

/// The Redis path against the stack's shared server; every test has its own key prefix.
@Suite("Rate limiting on Redis")
struct RedisRateLimiterTests {
    @Test("5 per 10 minutes: five requests pass, the sixth is denied until the next slot, reset ≈ the window")
    func fiveThenDenied() async throws {
        let redis = try TestRedis.client()
        defer { redis.close() }
        let limiter = RateLimiter(redis: redis, keyPrefix: TestRedis.uniquePrefix("five"), logger: TestRedis.quietLogger)
        let check = RateLimitCheck(RateLimitPolicy(name: "login-ip", limit: 5, period: .seconds(600)), subject: "192.0.2.10")
        for expected in [4, 3, 2, 1, 0] {
            let result = await limiter.check([check])
            #expect(result.allowed)
            #expect(!result.degraded)
            #expect(result.decisions.first?.remaining == expected)
        }
        let denied = await limiter.check([check])
        #expect(!denied.allowed)
        #expect(!denied.degraded)
        // GCRA frees one slot every period / limit = 120 s; the whole quota after ≈ 600 s.
        // Bounds leave room for a loaded machine taking seconds between the requests.
        #expect(denied.retryAfter > .seconds(100) && denied.retryAfter <= .seconds(120))
        let reset = try #require(denied.decisions.first?.resetAfter)
        #expect(reset > .seconds(580) && reset <= .seconds(600))
        #expect((100...120).contains(Int(RateLimitHeaders(denied).retryAfter ?? "") ?? 0))
    }

    @Test("3 per 15 s: once exhausted, the full quota is back after the window")
    func quotaReturnsAfterWindow() async throws {
        let redis = try TestRedis.client()
        defer { redis.close() }
        let limiter = RateLimiter(redis: redis, keyPrefix: TestRedis.uniquePrefix("window"), logger: TestRedis.quietLogger)
        // A slot every 5 s: long enough that a loaded machine does not free one mid-test.
        let check = RateLimitCheck(RateLimitPolicy(name: "short", limit: 3, period: .seconds(15)), subject: "s")
        for _ in 0..<3 { #expect(await limiter.check([check]).allowed) }
        let denied = await limiter.check([check])
        #expect(!denied.allowed)
        #expect(denied.retryAfter > .zero && denied.retryAfter <= .seconds(5))
        try await Task.sleep(for: .milliseconds(15_050))
        for _ in 0..<3 { #expect(await limiter.check([check]).allowed) }
        #expect(!(await limiter.check([check]).allowed))
    }

    @Test("two limiters with their own connections (two processes) share one quota")
    func processesShareQuota() async throws {
        let first = try TestRedis.client()
        let second = try TestRedis.client()
        defer {
            first.close()
            second.close()
        }
        let prefix = TestRedis.uniquePrefix("shared")
        let a = RateLimiter(redis: first, keyPrefix: prefix, logger: TestRedis.quietLogger)
        let b = RateLimiter(redis: second, keyPrefix: prefix, logger: TestRedis.quietLogger)
        let check = RateLimitCheck(RateLimitPolicy(name: "p", limit: 4, period: .seconds(60)), subject: "u1")
        #expect(await a.check([check]).allowed)
        #expect(await b.check([check]).allowed)
        #expect(await a.check([check]).allowed)
        let last = await b.check([check])
        #expect(last.allowed)
        #expect(last.decisions.first?.remaining == 0)
        #expect(!(await a.check([check]).allowed))
        #expect(!(await b.check([check]).allowed))
    }

    @Test("a multi-check with one exhausted key is denied and takes no quota from the other keys")
    func multiCheckDoesNotConsumeOthers() async throws {
        let redis = try TestRedis.client()
        defer { redis.close() }
        let limiter = RateLimiter(redis: redis, keyPrefix: TestRedis.uniquePrefix("multi"), logger: TestRedis.quietLogger)
        let policies = try RateLimitPolicies(environment: ["RATE_LIMIT_LOGIN": "2/1m"])
        // Exhaust the IP with other emails.
        #expect(await limiter.check(policies.loginChecks(ip: "192.0.2.20", email: "a@example.org")).allowed)
        #expect(await limiter.check(policies.loginChecks(ip: "192.0.2.20", email: "b@example.org")).allowed)

        for _ in 0..<5 {
            let denied = await limiter.check(policies.loginChecks(ip: "192.0.2.20", email: "victim@example.org"))
            #expect(!denied.allowed)
            #expect(denied.deniedPolicyNames == ["login-ip"])
            #expect(denied.decisions.last?.remaining == 2)
        }
        let fromElsewhere = await limiter.check(policies.loginChecks(ip: "198.51.100.1", email: "victim@example.org"))
        #expect(fromElsewhere.allowed)
        #expect(fromElsewhere.decisions.map(\.remaining) == [1, 1])
    }

    @Test("the caller's extra commands run in the same round trip and their replies come back in order")
    func extraCommandReplies() async throws {
        let redis = try TestRedis.client()
        defer { redis.close() }
        let prefix = TestRedis.uniquePrefix("extra")
        let limiter = RateLimiter(redis: redis, keyPrefix: prefix, logger: TestRedis.quietLogger)
        try await redis.send(["SET", .string("\(prefix):denylist:revoked"), "1", "EX", 60])
        let check = RateLimitCheck(RateLimitPolicy(name: "default", limit: 600, period: .seconds(60)), subject: "user:1")
        let (result, replies) = await limiter.check([check], alsoRun: [
            ["EXISTS", .string("\(prefix):denylist:revoked")],
            ["EXISTS", .string("\(prefix):denylist:valid")],
            ["NOT-A-COMMAND"],
        ])
        #expect(result.allowed)
        #expect(!result.degraded)
        let values = try #require(replies)
        #expect(values.count == 3)
        #expect(values[0] == .integer(1))
        #expect(values[1] == .integer(0))
        #expect(values[2].errorMessage != nil)

        let (empty, onlyExtra) = await limiter.check([], alsoRun: [["EXISTS", .string("\(prefix):denylist:revoked")]])
        #expect(empty.allowed && empty.decisions.isEmpty)
        #expect(onlyExtra == [.integer(1)])
    }

    @Test("keys are prefixed, hold a digest instead of the subject, and expire once the quota is full again")
    func keysExpire() async throws {
        let redis = try TestRedis.client()
        defer { redis.close() }
        let prefix = TestRedis.uniquePrefix("ttl")
        let limiter = RateLimiter(redis: redis, keyPrefix: prefix, logger: TestRedis.quietLogger)
        let check = RateLimitCheck(RateLimitPolicy(name: "login-email", limit: 5, period: .seconds(600)),
                                   subject: "ada@example.org")
        _ = await limiter.check([check])
        _ = await limiter.check([check])
        let keys = try await redis.send(["KEYS", .string("\(prefix):*")]).array?.compactMap(\.string) ?? []
        #expect(keys == [RateLimitKeys.key(for: check, prefix: prefix)])
        // The random prefix is hex and can itself contain "ada": only what follows it counts.
        #expect(!keys.joined().dropFirst(prefix.count).contains("ada"))
        let ttl = try #require(try await redis.send(["PTTL", .string(keys.first ?? "")]).int)
        #expect(ttl > 200_000 && ttl <= 240_000)
    }

    @Test("a failing script (a key of the wrong type) degrades that request only and still returns the extra replies")
    func scriptFailureFallsBackPerRequest() async throws {
        let redis = try TestRedis.client()
        defer { redis.close() }
        let prefix = TestRedis.uniquePrefix("wrongtype")
        let limiter = RateLimiter(redis: redis, keyPrefix: prefix, logger: TestRedis.quietLogger)
        let policy = RateLimitPolicy(name: "p", limit: 2, period: .seconds(60))
        let broken = RateLimitCheck(policy, subject: "broken")
        try await redis.send(["HSET", .string(RateLimitKeys.key(for: broken, prefix: prefix)), "field", "1"])
        try await redis.send(["EXPIRE", .string(RateLimitKeys.key(for: broken, prefix: prefix)), 60])

        for _ in 0..<2 {
            let (result, replies) = await limiter.check([broken], alsoRun: [["PING"]])
            #expect(result.degraded && result.allowed)
            #expect(replies == [.status("PONG")])
        }
        #expect(!(await limiter.check([broken])).allowed)
        #expect(limiter.isUsingRedis)
        #expect(!(await limiter.check([RateLimitCheck(policy, subject: "healthy")])).degraded)
    }
}
