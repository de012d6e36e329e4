@testable import Identity
import RedisClient
import Testing
import TestSupport

/// Redis outages, on a private redis-server each test may stop, freeze and restart.
@Suite("Rate limiting when Redis is down")
struct RateLimiterFallbackTests {
    let policy = RateLimitPolicy(name: "login-ip", limit: 3, period: .seconds(600))

    @Test("Redis stopped: the in-memory fallback still enforces the policy, marks results degraded, returns no extra replies")
    func fallbackEnforces() async throws {
        let server = try await PrivateRedisServer()
        let redis = try TestRedis.client(url: server.url)
        defer { redis.close() }
        let limiter = RateLimiter(redis: redis, keyPrefix: TestRedis.uniquePrefix("down"),
                                  redisRetryInterval: .seconds(30), logger: TestRedis.quietLogger)
        let check = RateLimitCheck(policy, subject: "192.0.2.30")
        #expect(!(await limiter.check([check])).degraded)
        server.stop()

        var allowed = 0
        for _ in 0..<10 {
            let (result, replies) = await limiter.check([check], alsoRun: [["EXISTS", "denylist:x"]])
            #expect(result.degraded)
            #expect(replies == nil)
            if result.allowed { allowed += 1 }
        }
        // The fallback starts from a full quota of its own: per process, never unlimited.
        #expect(allowed == 3)
        #expect(!limiter.isUsingRedis)
    }

    @Test("Redis back: the limiter returns to Redis by itself after the retry interval")
    func recovers() async throws {
        let server = try await PrivateRedisServer()
        let redis = try TestRedis.client(url: server.url)
        defer { redis.close() }
        let limiter = RateLimiter(redis: redis, keyPrefix: TestRedis.uniquePrefix("back"),
                                  redisRetryInterval: .milliseconds(200), logger: TestRedis.quietLogger)
        let check = RateLimitCheck(policy, subject: "192.0.2.31")
        server.stop()
        #expect(await limiter.check([check]).degraded)
        try await server.restart()

        let deadline = ContinuousClock.now + .seconds(8)
        var last: (result: RateLimitResult, extraReplies: [RedisValue]?)
        repeat {
            try await Task.sleep(for: .milliseconds(100))
            last = await limiter.check([check], alsoRun: [["PING"]])
        } while last.result.degraded && ContinuousClock.now < deadline
        #expect(!last.result.degraded)
        #expect(last.extraReplies == [.status("PONG")])
        #expect(limiter.isUsingRedis)
    }

    @Test("Redis frozen: one request waits for the command timeout, later ones skip Redis at once")
    func frozenServerCostsOneTimeout() async throws {
        let server = try await PrivateRedisServer()
        defer { server.stop() }
        let redis = try TestRedis.client(url: server.url, commandTimeout: .milliseconds(300))
        defer { redis.close() }
        let limiter = RateLimiter(redis: redis, keyPrefix: TestRedis.uniquePrefix("frozen"),
                                  redisRetryInterval: .seconds(30), logger: TestRedis.quietLogger)
        let check = RateLimitCheck(policy, subject: "192.0.2.32")
        #expect(!(await limiter.check([check])).degraded)
        server.freeze()

        let clock = ContinuousClock()
        let first = await clock.measure { #expect(await limiter.check([check]).degraded) }
        #expect(first >= .milliseconds(250))
        let later = await clock.measure {
            for _ in 0..<20 { #expect(await limiter.check([check]).degraded) }
        }
        #expect(later < .milliseconds(100))
    }

    @Test("an empty script cache (restart, SCRIPT FLUSH) is refilled without a degraded answer")
    func reloadsFlushedScript() async throws {
        let server = try await PrivateRedisServer()
        defer { server.stop() }
        let redis = try TestRedis.client(url: server.url)
        defer { redis.close() }
        let limiter = RateLimiter(redis: redis, keyPrefix: TestRedis.uniquePrefix("flush"), logger: TestRedis.quietLogger)
        try await limiter.loadScript()
        let check = RateLimitCheck(policy, subject: "192.0.2.33")
        #expect(await limiter.check([check]).decisions.first?.remaining == 2)
        try await redis.send("SCRIPT", "FLUSH")
        let (result, replies) = await limiter.check([check], alsoRun: [["INCR", "counter"]])
        #expect(!result.degraded)
        #expect(result.decisions.first?.remaining == 1)
        #expect(replies == [.integer(1)])
        #expect(try await redis.send("GET", "counter").int == 1)
    }
}
