import Crypto
import Foundation
import JWTKit
import Platform

/// Signs and verifies access tokens: HS256 JWTs carrying `sub`, `jti`, `iat`, `exp` and `roles`.
///
/// Every key has a `kid` derived from the key itself (first 8 bytes of its SHA-256, hex), so all
/// processes given the same secrets agree on key ids without further configuration. New tokens
/// are signed with the current secret; tokens signed with a previous secret keep verifying
/// until they expire, which lets `JWT_SECRET` rotate without logging everybody out.
///
/// jwt-kit provides the HMAC signers (constant-time MAC comparison), the registered claim types
/// and the integer-seconds date coding. Its `JWTKeyCollection.verify` is not used on the request
/// path because, in 5.7 and 5.8, it (a) ignores the header's `alg` for HMAC keys, (b) falls back to
/// the default key when the `kid` is unknown, and (c) is an actor method, i.e. `async` with a
/// hop per request. Instead the collection is built once and its per-`kid` signers are kept in
/// an immutable dictionary; `verify` checks the header strictly and is synchronous.
public struct AccessTokens: Sendable {
    /// The only algorithm accepted or produced.
    static let algorithmName = "HS256"
    /// HS256 keys shorter than the hash output weaken the MAC (RFC 7518 §3.2).
    static let minimumSecretBytes = 32
    /// Real tokens are a few hundred bytes; refusing huge input bounds the work an anonymous
    /// caller can make us do.
    static let maximumTokenBytes = 8 * 1024

    /// The `kid` written into new tokens.
    public let signingKeyID: String
    /// The `kid` of every accepted key, the signing key first.
    public let acceptedKeyIDs: [String]

    private let signer: any JWTAlgorithm
    private let verifiers: [String: any JWTAlgorithm]
    private let lifetime: TimeInterval
    private let leeway: TimeInterval
    private let encoder: JSONEncoder
    private let decoder: JSONDecoder
    private let verified = VerifiedTokenCache()

    /// Validates the secrets and prepares the signers.
    ///
    /// `async` only because jwt-kit's key collection is an actor; call it once at startup.
    /// - Parameter configuration: secrets, lifetime and clock leeway.
    /// - Throws: ``IdentitySecurityError`` `.weakSigningSecret` (hint names `JWT_SECRET` or
    ///   `JWT_PREVIOUS_SECRETS`) when a secret is shorter than 32 bytes; `.invalidConfiguration`
    ///   when the lifetime is not positive or the leeway is negative.
    public init(configuration: AccessTokenConfiguration) async throws(IdentitySecurityError) {
        guard configuration.lifetime > .zero, configuration.clockLeeway >= .zero else {
            throw IdentitySecurityError(.invalidConfiguration, hint: "access token lifetime / leeway")
        }
        guard configuration.signingSecret.utf8.count >= Self.minimumSecretBytes else {
            throw IdentitySecurityError(.weakSigningSecret, hint: "JWT_SECRET")
        }
        for secret in configuration.previousSecrets where secret.utf8.count < Self.minimumSecretBytes {
            throw IdentitySecurityError(.weakSigningSecret, hint: "JWT_PREVIOUS_SECRETS")
        }

        let collection = JWTKeyCollection()
        var keyIDs: [String] = []
        for secret in [configuration.signingSecret] + configuration.previousSecrets {
            let keyID = Self.keyID(forSecret: secret)
            // The same secret listed twice (e.g. not yet removed from the previous list) is harmless.
            guard !keyIDs.contains(keyID) else { continue }
            await collection.add(
                hmac: HMACKey(from: Array(secret.utf8)), digestAlgorithm: .sha256, kid: JWKIdentifier(string: keyID)
            )
            keyIDs.append(keyID)
        }
        // Without a default, the collection cannot hand out some other key for an unknown kid.
        await collection.clearDefault()

        var verifiers: [String: any JWTAlgorithm] = [:]
        for keyID in keyIDs {
            guard let algorithm = try? await collection.getKey(for: JWKIdentifier(string: keyID)),
                algorithm.name == Self.algorithmName
            else {
                throw IdentitySecurityError(.invalidConfiguration, hint: "jwt-kit HMAC signer")
            }
            verifiers[keyID] = algorithm
        }
        guard let signingKeyID = keyIDs.first, let signer = verifiers[signingKeyID] else {
            throw IdentitySecurityError(.invalidConfiguration, hint: "jwt-kit HMAC signer")
        }

        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .integerSecondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let decoder = JSONDecoder()
        // RFC 7519 NumericDate may carry fractions; accept them when reading.
        decoder.dateDecodingStrategy = .secondsSince1970

        self.signingKeyID = signingKeyID
        self.acceptedKeyIDs = keyIDs
        self.signer = signer
        self.verifiers = verifiers
        self.lifetime = configuration.lifetime.timeInterval
        self.leeway = configuration.clockLeeway.timeInterval
        self.encoder = encoder
        self.decoder = decoder
    }

    /// The key id of a secret: the first 8 bytes of SHA-256 of its UTF-8 bytes, as 16 hex digits.
    /// Revealing 64 bits of a hash of a ≥ 256-bit secret gives an attacker nothing a signed token
    /// does not already give (both allow offline guessing only of weak secrets).
    /// - Parameter secret: a JWT secret.
    /// - Returns: the `kid` every process derives for that secret.
    public static func keyID(forSecret secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).prefix(8).lowercaseHex
    }

    /// Issues a token for a user.
    /// - Parameters:
    ///   - userID: the subject.
    ///   - roles: the user's roles, copied into the token.
    ///   - sessionID: the login session (`sid`).
    ///   - now: the issue time; truncated to whole seconds as JWT dates are.
    /// - Returns: the compact JWT and the claims it carries (with a fresh random `jti`).
    /// - Throws: ``IdentitySecurityError`` `.tokenSigningFailed` if encoding fails.
    public func sign(userID: UUID, roles: [String], sessionID: UUID, now: Date) throws(IdentitySecurityError)
        -> (token: String, claims: AccessClaims)
    {
        let issuedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let expiresAt = Date(timeIntervalSince1970: (issuedAt.timeIntervalSince1970 + lifetime).rounded(.down))
        let claims = AccessClaims(userID: userID, tokenID: UUID(), issuedAt: issuedAt, expiresAt: expiresAt, roles: roles,
                                  sessionID: sessionID)
        let header = AccessTokenHeader(alg: Self.algorithmName, kid: signingKeyID, typ: "JWT", crit: nil)
        let payload = AccessTokenPayload(
            sub: SubjectClaim(value: userID.uuidString.lowercased()),
            jti: IDClaim(value: claims.tokenID.uuidString.lowercased()),
            iat: IssuedAtClaim(value: issuedAt),
            exp: ExpirationClaim(value: expiresAt),
            nbf: nil,
            roles: roles,
            sid: IDClaim(value: sessionID.uuidString.lowercased())
        )
        do {
            let signingInput =
                Base64URL.encode(try encoder.encode(header)) + "." + Base64URL.encode(try encoder.encode(payload))
            let signature = try signer.sign(Array(signingInput.utf8))
            return (signingInput + "." + Base64URL.encode(signature), claims)
        } catch {
            throw IdentitySecurityError(.tokenSigningFailed)
        }
    }

    /// Verifies a token and returns its claims.
    ///
    /// Checks, in order: shape (three unpadded base64url parts, JSON header), `alg` (`none` and
    /// anything but HS256 refused), `kid` (must name a configured key), signature (constant
    /// time), payload JSON, `sub` and `jti` (UUIDs), presence of `iat`/`exp`/`roles`, `exp`
    /// (must be after `now`), `iat`/`nbf` (at most the clock leeway after `now`). The payload is
    /// never parsed before its signature has been checked.
    /// - Parameters:
    ///   - token: the compact JWT, without the `Bearer ` prefix.
    ///   - now: the current time.
    /// - Returns: the verified claims.
    /// - Throws: ``IdentitySecurityError`` with one of the `token…` codes.
    public func verify(_ token: String, now: Date) throws(IdentitySecurityError) -> AccessClaims {
        // A token is immutable and its signature was checked when it entered the cache, so
        // only the time checks have to be repeated: this skips the MAC and two JSON decodes on
        // every request after a client's first.
        if let cached = verified.claims(for: token) {
            try checkValidity(of: cached.claims, notBefore: cached.notBefore, now: now)
            return cached.claims
        }
        let claims = try verifyUncached(token, now: now)
        verified.insert(claims.claims, notBefore: claims.notBefore, for: token)
        return claims.claims
    }

    private func verifyUncached(_ token: String, now: Date) throws(IdentitySecurityError)
        -> (claims: AccessClaims, notBefore: Date)
    {
        guard token.utf8.count <= Self.maximumTokenBytes else { throw IdentitySecurityError(.tokenMalformed) }
        let parts = token.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
            let headerJSON = Base64URL.decode(parts[0]),
            let header = try? decoder.decode(AccessTokenHeader.self, from: headerJSON),
            let signature = Base64URL.decode(parts[2])
        else {
            throw IdentitySecurityError(.tokenMalformed)
        }

        guard let algorithm = header.alg else { throw IdentitySecurityError(.tokenMalformed) }
        // "none", "None", "NONE": all spellings have been used to bypass verifiers.
        guard algorithm.lowercased() != "none" else { throw IdentitySecurityError(.tokenAlgorithmNone) }
        guard algorithm == Self.algorithmName else { throw IdentitySecurityError(.tokenAlgorithmNotAllowed) }
        guard header.crit == nil else { throw IdentitySecurityError(.tokenMalformed) }
        guard let keyID = header.kid, let verifier = verifiers[keyID] else {
            throw IdentitySecurityError(.tokenUnknownKey)
        }

        let signingInput = token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count)
        guard (try? verifier.verify(signature, signs: Array(signingInput))) == true else {
            throw IdentitySecurityError(.tokenSignatureInvalid)
        }

        guard let payloadJSON = Base64URL.decode(parts[1]),
            let payload = try? decoder.decode(AccessTokenPayload.self, from: payloadJSON)
        else {
            throw IdentitySecurityError(.tokenMalformed)
        }
        guard let subject = payload.sub, let userID = UUIDText.parse(subject.value) else {
            throw IdentitySecurityError(.tokenInvalidSubject)
        }
        guard let tokenIDClaim = payload.jti, let tokenID = UUIDText.parse(tokenIDClaim.value) else {
            throw IdentitySecurityError(.tokenInvalidTokenID)
        }
        guard let issuedAt = payload.iat?.value, let expiresAt = payload.exp?.value, let roles = payload.roles,
              let sessionText = payload.sid?.value, let sessionID = UUIDText.parse(sessionText) else {
            throw IdentitySecurityError(.tokenMissingClaim)
        }
        let claims = AccessClaims(userID: userID, tokenID: tokenID, issuedAt: issuedAt, expiresAt: expiresAt, roles: roles,
                                  sessionID: sessionID)
        let notBefore = payload.nbf?.value ?? issuedAt
        try checkValidity(of: claims, notBefore: notBefore, now: now)
        return (claims, notBefore)
    }

    /// `exp` must be after `now`; `iat` and `nbf` at most the clock leeway after it.
    private func checkValidity(of claims: AccessClaims, notBefore: Date, now: Date) throws(IdentitySecurityError) {
        guard now < claims.expiresAt else { throw IdentitySecurityError(.tokenExpired) }
        let latestAcceptableStart = now.addingTimeInterval(leeway)
        guard claims.issuedAt <= latestAcceptableStart, notBefore <= latestAcceptableStart else {
            throw IdentitySecurityError(.tokenNotYetValid)
        }
    }
}
