import Foundation

/// Keys and timings for access tokens, read once at startup (typically from `JWT_SECRET` and
/// `JWT_PREVIOUS_SECRETS`) and handed to ``AccessTokens``.
public struct AccessTokenConfiguration: Sendable {
    /// The secret new tokens are signed with (`JWT_SECRET`); at least 32 bytes of UTF-8.
    public var signingSecret: String
    /// Secrets of earlier deployments (`JWT_PREVIOUS_SECRETS`), still accepted for verification
    /// so tokens issued before a key rotation stay valid until they expire.
    public var previousSecrets: [String]
    /// How long a new token is valid; 15 minutes unless configured otherwise.
    public var lifetime: Duration
    /// How far in the future `iat` / `nbf` may be, to absorb clock skew between processes.
    public var clockLeeway: Duration

    /// Creates a configuration. Validation happens in ``AccessTokens/init(configuration:)``.
    /// - Parameters:
    ///   - signingSecret: the current signing secret (`JWT_SECRET`).
    ///   - previousSecrets: retired secrets still accepted for verification.
    ///   - lifetime: lifetime of new tokens, default 15 minutes.
    ///   - clockLeeway: allowed clock skew for `iat` / `nbf`, default 30 seconds.
    public init(
        signingSecret: String,
        previousSecrets: [String] = [],
        lifetime: Duration = .seconds(15 * 60),
        clockLeeway: Duration = .seconds(30)
    ) {
        self.signingSecret = signingSecret
        self.previousSecrets = previousSecrets
        self.lifetime = lifetime
        self.clockLeeway = clockLeeway
    }
}

extension Duration {
    /// The duration in (fractional) seconds, for date arithmetic.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
