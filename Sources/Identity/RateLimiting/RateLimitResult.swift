/// The verdict on one request: one decision per check, in the order the checks were given.
public struct RateLimitResult: Sendable, Hashable {
    /// One decision per check.
    public let decisions: [RateLimitDecision]
    /// True when Redis could not be used and the per-process fallback decided: limits still
    /// hold, but per process rather than shared. Callers count it in a metric.
    public let degraded: Bool

    /// Creates a result from its parts.
    public init(decisions: [RateLimitDecision], degraded: Bool) {
        self.decisions = decisions
        self.degraded = degraded
    }

    /// Whether the request is admitted: every policy admits it (true when nothing was checked).
    public var allowed: Bool { decisions.allSatisfy(\.allowed) }

    /// Time until every policy that denied the request admits one again; zero when allowed.
    public var retryAfter: Duration {
        decisions.map(\.retryAfter).max() ?? .zero
    }

    /// The names of the policies that denied the request, safe to log.
    public var deniedPolicyNames: [String] {
        decisions.filter { !$0.allowed }.map(\.policyName)
    }
}
