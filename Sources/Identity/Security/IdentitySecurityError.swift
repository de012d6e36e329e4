/// A failure of one of the Identity security primitives (access tokens, password hashing).
///
/// `description` is safe to log: it is built from the code and from string literals only, so it
/// can never carry a token, password, one-time code or secret.
public struct IdentitySecurityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, stable enough to branch on and to count in metrics.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A JWT secret is shorter than 32 bytes (HS256 needs a key as long as its output).
        case weakSigningSecret = "weak_signing_secret"
        /// A configuration value is out of range (bcrypt cost, thread count, token lifetime).
        case invalidConfiguration = "invalid_configuration"
        /// The token is not three base64url parts with a JSON header, or is absurdly long.
        case tokenMalformed = "token_malformed"
        /// The header asks for the unsecured `none` algorithm.
        case tokenAlgorithmNone = "token_algorithm_none"
        /// The header names an algorithm other than HS256 (e.g. HS512, RS256: alg confusion).
        case tokenAlgorithmNotAllowed = "token_algorithm_not_allowed"
        /// The header has no `kid`, or one that matches none of the configured keys.
        case tokenUnknownKey = "token_unknown_key"
        /// The signature does not match: wrong key or altered header/payload (indistinguishable).
        case tokenSignatureInvalid = "token_signature_invalid"
        /// The payload lacks `iat`, `exp` or `roles`, or a claim has the wrong JSON type.
        case tokenMissingClaim = "token_missing_claim"
        /// `jti` is missing or is not a UUID.
        case tokenInvalidTokenID = "token_invalid_token_id"
        /// `sub` is missing or is not a UUID.
        case tokenInvalidSubject = "token_invalid_subject"
        /// `exp` is in the past.
        case tokenExpired = "token_expired"
        /// `nbf` or `iat` is further in the future than the allowed clock leeway.
        case tokenNotYetValid = "token_not_yet_valid"
        /// Encoding a token failed (not expected with the fixed claim set).
        case tokenSigningFailed = "token_signing_failed"
        /// The password hashing pool has been shut down.
        case hasherUnavailable = "hasher_unavailable"
    }

    /// What went wrong.
    public let code: Code
    /// A fixed hint, e.g. the environment variable at fault. `StaticString` so that no runtime
    /// value (and therefore no secret) can ever end up here.
    public let hint: StaticString?

    /// Creates an error.
    /// - Parameters:
    ///   - code: what went wrong.
    ///   - hint: an optional literal naming the culprit, e.g. `"JWT_SECRET"`.
    public init(_ code: Code, hint: StaticString? = nil) {
        self.code = code
        self.hint = hint
    }

    /// Whether trying the same operation again may succeed. Every failure here is permanent:
    /// a bad token stays bad, a bad configuration needs an operator.
    public var isRetryable: Bool { false }

    /// Whether the error means "this request is not authenticated" (HTTP 401) rather than a
    /// server-side problem.
    public var isAuthenticationFailure: Bool {
        switch code {
        case .tokenMalformed, .tokenAlgorithmNone, .tokenAlgorithmNotAllowed, .tokenUnknownKey,
            .tokenSignatureInvalid, .tokenMissingClaim, .tokenInvalidTokenID, .tokenInvalidSubject,
            .tokenExpired, .tokenNotYetValid:
            true
        case .weakSigningSecret, .invalidConfiguration, .tokenSigningFailed, .hasherUnavailable:
            false
        }
    }

    /// `<code>: <fixed explanation>` plus the hint, if any; safe to log.
    public var description: String {
        let text = "\(code.rawValue): \(Self.explanation(of: code))"
        guard let hint else { return text }
        return "\(text) (\(hint))"
    }

    /// Same code and same hint.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.hint?.description == rhs.hint?.description
    }

    private static func explanation(of code: Code) -> String {
        switch code {
        case .weakSigningSecret: "JWT secrets must be at least 32 bytes long"
        case .invalidConfiguration: "a security setting is out of range"
        case .tokenMalformed: "the access token is not a well-formed JWT"
        case .tokenAlgorithmNone: "unsigned tokens (alg none) are refused"
        case .tokenAlgorithmNotAllowed: "only HS256 tokens are accepted"
        case .tokenUnknownKey: "the token's key id matches no configured key"
        case .tokenSignatureInvalid: "the token signature does not match"
        case .tokenMissingClaim: "the token lacks a required claim (iat, exp or roles)"
        case .tokenInvalidTokenID: "the token id (jti) is missing or not a UUID"
        case .tokenInvalidSubject: "the token subject (sub) is missing or not a UUID"
        case .tokenExpired: "the token has expired"
        case .tokenNotYetValid: "the token is not valid yet"
        case .tokenSigningFailed: "the token could not be encoded"
        case .hasherUnavailable: "the password hashing pool is shut down"
        }
    }
}
