/// The verdict of one policy for one request, with what the `RateLimit` headers report.
public struct RateLimitDecision: Sendable, Hashable {
    /// The policy that was applied.
    public let policy: RateLimitPolicy
    /// Whether this policy alone admits the request. In a multi-check, the request may still be
    /// denied by another policy (see `RateLimitResult.allowed`).
    public let allowed: Bool
    /// Requests this policy admits right after this one.
    public let remaining: Int
    /// Time until the quota is full again.
    public let resetAfter: Duration
    /// Time until this policy admits a request; zero when `allowed`.
    public let retryAfter: Duration

    /// The policy's name.
    public var policyName: String { policy.name }
    /// The policy's limit per period.
    public var limit: Int { policy.limit }

    /// Creates a decision from its parts.
    public init(policy: RateLimitPolicy, allowed: Bool, remaining: Int, resetAfter: Duration, retryAfter: Duration) {
        self.policy = policy
        self.allowed = allowed
        self.remaining = remaining
        self.resetAfter = resetAfter
        self.retryAfter = retryAfter
    }

    /// A decision from a GCRA outcome (durations in microseconds).
    init(policy: RateLimitPolicy, outcome: GCRA.Outcome) {
        self.init(
            policy: policy,
            allowed: outcome.allowed,
            remaining: outcome.remaining,
            resetAfter: .microseconds(outcome.resetAfter),
            retryAfter: .microseconds(outcome.retryAfter))
    }
}
