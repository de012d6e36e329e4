@testable import Identity
import Testing

@Suite("In-memory rate limiter")
struct InMemoryRateLimiterTests {
    let policy = RateLimitPolicy(name: "p", limit: 3, period: .seconds(60))

    @Test("memory stays within maximumKeys however many subjects arrive")
    func boundedMemory() {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(maximumKeys: 50, now: clock.read)
        for index in 0..<1_000 {
            _ = limiter.check([RateLimitCheck(policy, subject: "subject-\(index)")])
            #expect(limiter.keyCount <= 50)
        }
    }

    @Test("a full table drops expired keys first, keeping live ones")
    func sweepsExpiredKeysFirst() {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(maximumKeys: 10, now: clock.read)
        let live = RateLimitCheck(policy, subject: "live")
        for index in 0..<9 {
            _ = limiter.check([RateLimitCheck(policy, subject: "old-\(index)")])
        }
        clock.advance(by: .seconds(61))
        for _ in 0..<3 { _ = limiter.check([live]) }
        _ = limiter.check([RateLimitCheck(policy, subject: "newcomer")])
        #expect(limiter.keyCount == 2)
        #expect(!limiter.check([live]).allowed)
    }

    @Test("a subject hammering the limiter stays limited while a flood of new subjects forces evictions")
    func evictionNeverUnlimitsTheBusiestSubject() {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(maximumKeys: 20, now: clock.read)
        let attacker = RateLimitCheck(policy, subject: "attacker")
        var admitted = 0
        for index in 0..<500 {
            if limiter.check([attacker]).allowed { admitted += 1 }
            _ = limiter.check([RateLimitCheck(policy, subject: "flood-\(index)")])
            clock.advance(by: .milliseconds(1))
        }
        // 500 ms at 3 per minute: only the burst.
        #expect(admitted == 3)
    }

    @Test("checks of distinct policies on one subject use separate quotas")
    func policiesAreSeparate() {
        let limiter = InMemoryRateLimiter()
        let other = RateLimitPolicy(name: "q", limit: 3, period: .seconds(60))
        for _ in 0..<3 { _ = limiter.check([RateLimitCheck(policy, subject: "s")]) }
        #expect(!limiter.check([RateLimitCheck(policy, subject: "s")]).allowed)
        #expect(limiter.check([RateLimitCheck(other, subject: "s")]).allowed)
    }

    @Test("subjects differing only in case share one quota")
    func subjectsIgnoreCase() {
        let limiter = InMemoryRateLimiter()
        for _ in 0..<3 { _ = limiter.check([RateLimitCheck(policy, subject: "Ada@Example.org")]) }
        #expect(!limiter.check([RateLimitCheck(policy, subject: "ada@example.org")]).allowed)
    }
}
