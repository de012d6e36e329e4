import Pipeline
import Testing

@Suite("Retry backoff")
struct RetryPolicyTests {
    let policy = RetryPolicy(attempts: 6, initialBackoff: .seconds(1), maxBackoff: .seconds(30), jitter: 0.2)

    @Test("without jitter the delay doubles from the initial backoff up to the cap")
    func exponentialAndCapped() {
        let flat = RetryPolicy(attempts: 10, initialBackoff: .seconds(1), maxBackoff: .seconds(30), jitter: 0)
        let delays = (1...7).map { flat.backoff(afterAttempt: $0, unit: 0.9) }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30)])
    }

    @Test("jitter stays within its fraction and never exceeds the cap")
    func jitterBounds() {
        #expect(policy.backoff(afterAttempt: 3, unit: 0) == .milliseconds(3_200))
        #expect(policy.backoff(afterAttempt: 3, unit: 1) == .milliseconds(4_800))
        #expect(policy.backoff(afterAttempt: 10, unit: 1) == .seconds(30))
        #expect(policy.backoff(afterAttempt: 1_000, unit: 0.5) == .seconds(30))
    }
}
