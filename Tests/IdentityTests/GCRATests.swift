@testable import Identity
import Testing

@Suite("GCRA math")
struct GCRATests {
    let fiveInTenMinutes = RateLimitPolicy(name: "login-ip", limit: 5, period: .seconds(600))

    @Test("parameters: emission interval is period / limit and tolerance is T × (burst − 1)")
    func parameters() {
        let gcra = GCRA(policy: fiveInTenMinutes)
        #expect(gcra.emissionInterval == 120_000_000)
        #expect(gcra.tolerance == 480_000_000)
        #expect(gcra.capacity == 5)
        let narrow = GCRA(policy: RateLimitPolicy(name: "p", limit: 10, period: .seconds(1), burst: 1))
        #expect(narrow.tolerance == 0)
        #expect(narrow.capacity == 1)
    }

    @Test("a fresh key admits exactly `burst` requests back to back, counting remaining down to 0")
    func burstThenDeny() {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(now: clock.read)
        let check = RateLimitCheck(fiveInTenMinutes, subject: "192.0.2.1")
        for expected in [4, 3, 2, 1, 0] {
            let result = limiter.check([check])
            #expect(result.allowed)
            #expect(result.decisions.first?.remaining == expected)
            #expect(result.decisions.first?.retryAfter == .zero)
        }
        let denied = limiter.check([check])
        #expect(!denied.allowed)
        #expect(denied.decisions.first?.remaining == 0)
    }

    @Test("a denied request reports retry-after = time to the next slot and reset-after = time to a full quota")
    func retryAndResetValues() {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(now: clock.read)
        let check = RateLimitCheck(fiveInTenMinutes, subject: "192.0.2.2")
        for _ in 0..<5 { _ = limiter.check([check]) }
        clock.advance(by: .seconds(30))
        let denied = limiter.check([check])
        #expect(!denied.allowed)
        #expect(denied.retryAfter == .seconds(90))
        #expect(denied.decisions.first?.resetAfter == .seconds(570))
    }

    @Test("a request is admitted exactly when retry-after has elapsed, not a microsecond earlier")
    func retryAfterIsExact() {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(now: clock.read)
        let check = RateLimitCheck(RateLimitPolicy(name: "p", limit: 3, period: .seconds(2)), subject: "s")
        for _ in 0..<3 { _ = limiter.check([check]) }
        let retry = limiter.check([check]).retryAfter
        #expect(retry == .microseconds(666_666))
        clock.advance(by: retry - .microseconds(1))
        #expect(!limiter.check([check]).allowed)
        clock.advance(by: .microseconds(1))
        #expect(limiter.check([check]).allowed)
    }

    @Test("after reset-after the whole quota is back")
    func fullQuotaAfterReset() {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(now: clock.read)
        let check = RateLimitCheck(fiveInTenMinutes, subject: "s")
        var last = limiter.check([check])
        for _ in 0..<4 { last = limiter.check([check]) }
        #expect(last.decisions.first?.resetAfter == .seconds(600))
        clock.advance(by: .seconds(600))
        let fresh = limiter.check([check])
        #expect(fresh.allowed)
        #expect(fresh.decisions.first?.remaining == 4)
    }

    @Test("requests spaced by the emission interval are always admitted; faster ones are cut after the burst")
    func steadyRate() {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(now: clock.read)
        let policy = RateLimitPolicy(name: "p", limit: 10, period: .seconds(1))
        let steady = RateLimitCheck(policy, subject: "steady")
        for _ in 0..<100 {
            #expect(limiter.check([steady]).allowed)
            clock.advance(by: .milliseconds(100))
        }
        let fast = RateLimitCheck(policy, subject: "fast")
        var admitted = 0
        for _ in 0..<100 {
            if limiter.check([fast]).allowed { admitted += 1 }
            clock.advance(by: .milliseconds(50))
        }
        // Burst of 10, then one per 100 ms over the remaining ~4.95 s.
        #expect(admitted == 10 + 49 || admitted == 10 + 50)
    }

    @Test("a burst smaller than the limit caps back-to-back requests but keeps the rate")
    func smallBurst() {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(now: clock.read)
        let check = RateLimitCheck(RateLimitPolicy(name: "p", limit: 60, period: .seconds(60), burst: 2), subject: "s")
        #expect(limiter.check([check]).allowed)
        #expect(limiter.check([check]).allowed)
        let denied = limiter.check([check])
        #expect(!denied.allowed)
        #expect(denied.retryAfter == .seconds(1))
    }

    @Test("a multi-check is denied when one key is exhausted and then takes quota from no key")
    func multiCheckDeniesWithoutConsuming() {
        let gcra = GCRA(emissionInterval: 1_000, tolerance: 2_000)
        let now: Int64 = 10_000_000
        let exhausted = now + 3_000
        let evaluation = GCRA.evaluate([(gcra, exhausted), (gcra, nil)], now: now)
        #expect(!evaluation.allowed)
        #expect(evaluation.outcomes.map(\.allowed) == [false, true])
        #expect(evaluation.outcomes.map(\.tatToStore) == [nil, nil])
        #expect(evaluation.outcomes[1].remaining == 3)
        #expect(evaluation.outcomes[0].retryAfter == 1_000)

        let admitted = GCRA.evaluate([(gcra, nil), (gcra, now + 1_000)], now: now)
        #expect(admitted.allowed)
        #expect(admitted.outcomes.map(\.tatToStore) == [now + 1_000, now + 2_000])
        #expect(admitted.outcomes.map(\.remaining) == [2, 1])
    }

    @Test("a key repeated in one multi-check is consumed once")
    func repeatedKeyConsumedOnce() {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(now: clock.read)
        let check = RateLimitCheck(fiveInTenMinutes, subject: "s")
        let result = limiter.check([check, check])
        #expect(result.decisions.map(\.remaining) == [4, 4])
    }

    @Test("a stored TAT in the past counts as a full quota")
    func staleTATIsFull() {
        let gcra = GCRA(emissionInterval: 1_000, tolerance: 4_000)
        let step = gcra.step(storedTAT: 5, now: 1_000_000)
        #expect(step.allowed)
        #expect(step.tat == 1_000_000)
        #expect(gcra.remaining(tat: step.nextTAT, now: 1_000_000) == 4)
    }
}
