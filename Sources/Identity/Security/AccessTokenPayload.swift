import JWTKit

/// The JSON payload of an access token as it travels. Every claim is optional here so that a
/// missing claim becomes a precise error code in ``AccessTokens`` instead of a decoding failure.
struct AccessTokenPayload: JWTPayload, Equatable {
    var sub: SubjectClaim?
    var jti: IDClaim?
    var iat: IssuedAtClaim?
    var exp: ExpirationClaim?
    var nbf: NotBeforeClaim?
    var roles: [String]?
    var sid: IDClaim?

    /// Intentionally empty: time checks need the caller's `now` and a leeway, which jwt-kit's
    /// claim helpers do not take, so ``AccessTokens/verify(_:now:)`` does them itself.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The protected header of an access token. Decoded before the signature is checked, so it is
/// deliberately tiny.
struct AccessTokenHeader: Codable, Equatable {
    var alg: String?
    var kid: String?
    var typ: String?
    /// RFC 7515 §4.1.11: extensions we do not understand must make the token invalid.
    var crit: [String]?
}
