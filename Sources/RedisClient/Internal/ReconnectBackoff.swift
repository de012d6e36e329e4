/// Exponential backoff with jitter for reconnect attempts; pure so it can be unit-tested.
struct ReconnectBackoff: Sendable {
    var base: Duration = .milliseconds(50)
    var cap: Duration = .seconds(2)

    /// The wait before attempt number `failures + 1`, given `failures` consecutive failures (≥ 1).
    ///
    /// `unitRandom` in 0...1 picks a point in the upper half of the exponential step, so
    /// clients restarted together spread out without ever retrying immediately.
    func delay(afterFailures failures: Int, unitRandom: Double) -> Duration {
        let exponent = min(max(failures - 1, 0), 16)
        let step = min(base * (1 << exponent), cap)
        let jitter = min(max(unitRandom, 0), 1)
        return step * (0.5 + 0.5 * jitter)
    }

    /// `delay(afterFailures:unitRandom:)` with a random jitter.
    func delay(afterFailures failures: Int) -> Duration {
        delay(afterFailures: failures, unitRandom: Double.random(in: 0...1))
    }
}
