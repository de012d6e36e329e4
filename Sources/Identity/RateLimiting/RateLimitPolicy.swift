/// A named quota: at most `limit` requests per `period`, of which `burst` may arrive back to back.
///
/// The name appears in Redis keys (`<prefix>:<name>:<subject digest>`) and in the `RateLimit`
/// response headers, so keep it short and stable: letters, digits, `-`, `_`, `.`.
public struct RateLimitPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Identifies the policy in keys, headers and logs.
    public let name: String
    /// Requests allowed per `period` at a steady rate.
    public let limit: Int
    /// The window the limit applies to.
    public let period: Duration
    /// Requests allowed back to back from a full quota (GCRA's bucket size).
    public let burst: Int

    /// Creates a policy.
    ///
    /// Out-of-range values are clamped rather than trapped, because a policy may be built on a
    /// request path: `limit` and `burst` to at least 1, `period` to at least one millisecond.
    /// Configuration goes through `RateLimitPolicies`, which rejects such values with an error.
    /// - Parameter burst: defaults to `limit` (the whole quota may be spent at once).
    public init(name: String, limit: Int, period: Duration, burst: Int? = nil) {
        self.name = name
        self.limit = max(1, limit)
        self.period = max(period, .milliseconds(1))
        self.burst = max(1, burst ?? limit)
    }

    /// The policy as `name: limit per period`, e.g. `login-ip: 5 per 600.0 seconds`.
    public var description: String {
        "\(name): \(limit) per \(period)"
    }
}
