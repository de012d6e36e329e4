/// How a topic's failed commands are retried before they go to its dead-letter topic.
public struct RetryPolicy: Sendable, Hashable {
    /// Total handler runs, the first included; 1 means no retry.
    public var attempts: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// Fraction of each delay randomised (0 = none, 0.2 = ±20 %) so retries of many commands
    /// do not arrive in lock-step.
    public var jitter: Double

    public init(attempts: Int, initialBackoff: Duration, maxBackoff: Duration, jitter: Double) {
        self.attempts = attempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.jitter = jitter
    }

    /// Used when a topic declares no schedule.
    public static let standard = RetryPolicy(attempts: 5, initialBackoff: .seconds(1), maxBackoff: .seconds(300), jitter: 0.2)

    /// The delay before attempt `attempt + 1`, after `attempt` failed runs (exponential, capped,
    /// jittered with `unit`, a value in 0...1 supplied by the caller so tests are deterministic).
    public func backoff(afterAttempt attempt: Int, unit: Double) -> Duration {
        let base = Double(DurationText.milliseconds(initialBackoff))
        let cap = Double(DurationText.milliseconds(maxBackoff))
        let exponent = Double(max(0, attempt - 1))
        let raw = min(cap, base * pow2(exponent))
        let spread = raw * jitter * (2 * min(max(unit, 0), 1) - 1)
        return .milliseconds(Int64(max(0, min(cap, raw + spread))))
    }

    private func pow2(_ exponent: Double) -> Double {
        exponent >= 62 ? Double(Int64.max) : Double(Int64(1) << Int64(exponent))
    }
}
