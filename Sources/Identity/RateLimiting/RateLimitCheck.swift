/// One limit to test for a request: a policy applied to one subject.
///
/// The subject (an IP address, an email, a user id) is personal data: it is hashed before it
/// becomes a key (`RateLimitKeys`), and it never appears in logs or descriptions.
public struct RateLimitCheck: Sendable, Hashable, CustomStringConvertible {
    /// The quota to apply.
    public let policy: RateLimitPolicy
    /// Whose quota it is. Compared case-insensitively, so `A@x.io` and `a@x.io` share one quota.
    public let subject: String

    /// Applies `policy` to `subject`.
    public init(_ policy: RateLimitPolicy, subject: String) {
        self.policy = policy
        self.subject = subject
    }

    /// The policy name only: the subject is personal data.
    public var description: String { "RateLimitCheck(\(policy.name))" }
}
