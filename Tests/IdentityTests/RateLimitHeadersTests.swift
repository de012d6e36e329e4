@testable import Identity
import Testing

@Suite("RateLimit headers")
struct RateLimitHeadersTests {
    let loginIP = RateLimitPolicy(name: "login-ip", limit: 5, period: .seconds(600))
    let loginEmail = RateLimitPolicy(name: "login-email", limit: 5, period: .seconds(600))

    @Test("an allowed request gets RateLimit-Policy and RateLimit lists and no Retry-After")
    func allowed() {
        let result = RateLimitResult(
            decisions: [
                RateLimitDecision(policy: loginIP, allowed: true, remaining: 4, resetAfter: .seconds(120), retryAfter: .zero),
                RateLimitDecision(policy: loginEmail, allowed: true, remaining: 2,
                                  resetAfter: .milliseconds(359_001), retryAfter: .zero),
            ],
            degraded: false)
        let headers = RateLimitHeaders(result)
        #expect(headers.policy == #""login-ip";q=5;w=600, "login-email";q=5;w=600"#)
        #expect(headers.rateLimit == #""login-ip";r=4;t=120, "login-email";r=2;t=360"#)
        #expect(headers.retryAfter == nil)
        #expect(headers.fields.map(\.name) == ["RateLimit-Policy", "RateLimit"])
    }

    @Test("a denied request gets Retry-After in whole seconds rounded up, from the slowest denying policy")
    func denied() {
        let result = RateLimitResult(
            decisions: [
                RateLimitDecision(policy: loginIP, allowed: false, remaining: 0, resetAfter: .seconds(500),
                                  retryAfter: .milliseconds(20_100)),
                RateLimitDecision(policy: loginEmail, allowed: false, remaining: 0, resetAfter: .seconds(600),
                                  retryAfter: .seconds(120)),
            ],
            degraded: false)
        let headers = RateLimitHeaders(result)
        #expect(headers.retryAfter == "120")
        #expect(headers.rateLimit == #""login-ip";r=0;t=500, "login-email";r=0;t=600"#)
        #expect(headers.fields.last?.name == "Retry-After")
    }

    @Test("Retry-After is at least 1 even when the wait is under a second")
    func retryAfterAtLeastOne() {
        let policy = RateLimitPolicy(name: "p", limit: 3, period: .seconds(2))
        let result = RateLimitResult(
            decisions: [RateLimitDecision(policy: policy, allowed: false, remaining: 0, resetAfter: .milliseconds(1_900),
                                          retryAfter: .microseconds(3))],
            degraded: true)
        let headers = RateLimitHeaders(result)
        #expect(headers.retryAfter == "1")
        #expect(headers.policy == #""p";q=3;w=2"#)
        #expect(headers.rateLimit == #""p";r=0;t=2"#)
    }

    @Test("policy names are rendered as valid structured-field strings")
    func escaping() {
        let policy = RateLimitPolicy(name: #"we"ird\é"#, limit: 1, period: .seconds(1))
        let result = RateLimitResult(
            decisions: [RateLimitDecision(policy: policy, allowed: true, remaining: 0, resetAfter: .zero, retryAfter: .zero)],
            degraded: false)
        #expect(RateLimitHeaders(result).policy == #""we\"ird\\";q=1;w=1"#)
    }

    @Test("nothing checked means no rate-limit headers at all")
    func empty() {
        #expect(RateLimitHeaders(RateLimitResult(decisions: [], degraded: false)).fields.isEmpty)
    }
}
