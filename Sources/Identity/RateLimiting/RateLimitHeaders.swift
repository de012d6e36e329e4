/// The response header fields for one rate-limit result, following
/// draft-ietf-httpapi-ratelimit-headers (structured-field lists, one member per policy):
///
/// ```
/// RateLimit-Policy: "login-ip";q=5;w=600, "login-email";q=5;w=600
/// RateLimit: "login-ip";r=0;t=600, "login-email";r=4;t=120
/// Retry-After: 120                                    (denied requests only)
/// ```
///
/// `q` is the limit and `w` the window in seconds; `r` is the remaining quota and `t` the seconds
/// until the quota is full again. Seconds are rounded up, so a client that waits `t` or
/// `Retry-After` seconds is never early.
public struct RateLimitHeaders: Sendable, Hashable {
    /// `RateLimit-Policy`.
    public static let policyFieldName = "RateLimit-Policy"
    /// `RateLimit`.
    public static let rateLimitFieldName = "RateLimit"
    /// `Retry-After`.
    public static let retryAfterFieldName = "Retry-After"

    /// The `RateLimit-Policy` value; nil when nothing was checked.
    public let policy: String?
    /// The `RateLimit` value; nil when nothing was checked.
    public let rateLimit: String?
    /// The `Retry-After` value in whole seconds (at least 1); nil when the request is allowed.
    public let retryAfter: String?

    /// Renders the fields of `result`. A policy checked twice is reported once, with its
    /// lowest remaining quota.
    public init(_ result: RateLimitResult) {
        var reported: [RateLimitDecision] = []
        for decision in result.decisions {
            if let index = reported.firstIndex(where: { $0.policyName == decision.policyName }) {
                if decision.remaining < reported[index].remaining { reported[index] = decision }
            } else {
                reported.append(decision)
            }
        }
        if reported.isEmpty {
            policy = nil
            rateLimit = nil
        } else {
            policy = reported.map { decision in
                "\(Self.structuredString(decision.policyName));q=\(decision.limit);w=\(Self.seconds(decision.policy.period))"
            }.joined(separator: ", ")
            rateLimit = reported.map { decision in
                "\(Self.structuredString(decision.policyName));r=\(decision.remaining);t=\(Self.seconds(decision.resetAfter))"
            }.joined(separator: ", ")
        }
        retryAfter = result.allowed ? nil : String(max(1, Self.seconds(result.retryAfter)))
    }

    /// The fields to add to the response, in order; names as above.
    public var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        if let policy { fields.append((Self.policyFieldName, policy)) }
        if let rateLimit { fields.append((Self.rateLimitFieldName, rateLimit)) }
        if let retryAfter { fields.append((Self.retryAfterFieldName, retryAfter)) }
        return fields
    }

    /// Whole seconds in `duration`, rounded up; never negative.
    static func seconds(_ duration: Duration) -> Int64 {
        let microseconds = max(GCRA.microseconds(of: duration), 0)
        return microseconds / 1_000_000 + (microseconds % 1_000_000 == 0 ? 0 : 1)
    }

    /// `text` as a structured-field String (RFC 9651 §3.3.3): quoted, with `"` and `\` escaped;
    /// characters outside printable ASCII cannot be represented and are dropped.
    static func structuredString(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars where (0x20...0x7E).contains(scalar.value) {
            if scalar == "\"" || scalar == "\\" { quoted.append("\\") }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }
}
