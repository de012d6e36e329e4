import Foundation
@testable import Identity
import Testing

@Suite("AccessTokens")
struct AccessTokensTests {
    let tokens: AccessTokens
    let now = TokenForge.now

    init() async throws {
        tokens = try await AccessTokens(
            configuration: AccessTokenConfiguration(
                signingSecret: TokenForge.currentSecret, previousSecrets: [TokenForge.previousSecret]
            )
        )
    }

    /// Verifies `token` and returns the error code it was refused with (nil if accepted).
    func refusal(_ token: String, at date: Date? = nil) -> IdentitySecurityError.Code? {
        do {
            _ = try tokens.verify(token, now: date ?? now)
            return nil
        } catch {
            return error.code
        }
    }

    // MARK: Round trip and configuration

    @Test func signedTokenVerifiesToTheClaimsItWasIssuedWith() throws {
        let userID = UUID()
        let issued = try tokens.sign(userID: userID, roles: ["member", "admin"], sessionID: TokenForge.sessionID, now: now.addingTimeInterval(0.7))
        let verified = try tokens.verify(issued.token, now: now.addingTimeInterval(60))
        #expect(verified == issued.claims)
        #expect(verified.userID == userID)
        #expect(verified.roles == ["member", "admin"])
        #expect(verified.issuedAt == now)
        #expect(verified.expiresAt == now.addingTimeInterval(15 * 60))
    }

    @Test func everyTokenGetsAFreshRandomTokenID() throws {
        let first = try tokens.sign(userID: TokenForge.userID, roles: [], sessionID: TokenForge.sessionID, now: now)
        let second = try tokens.sign(userID: TokenForge.userID, roles: [], sessionID: TokenForge.sessionID, now: now)
        #expect(first.claims.tokenID != second.claims.tokenID)
    }

    @Test func lifetimeIsConfigurable() async throws {
        let short = try await AccessTokens(
            configuration: AccessTokenConfiguration(signingSecret: TokenForge.currentSecret, lifetime: .seconds(60))
        )
        let issued = try short.sign(userID: TokenForge.userID, roles: [], sessionID: TokenForge.sessionID, now: now)
        #expect(issued.claims.expiresAt == now.addingTimeInterval(60))
        #expect(throws: IdentitySecurityError(.tokenExpired)) { try short.verify(issued.token, now: now.addingTimeInterval(60)) }
    }

    @Test func keyIDIsTheFirstEightBytesOfTheSecretsSHA256SoProcessesAgree() async throws {
        let other = try await AccessTokens(configuration: AccessTokenConfiguration(signingSecret: TokenForge.currentSecret))
        #expect(tokens.signingKeyID == TokenForge.keyID(TokenForge.currentSecret))
        #expect(tokens.signingKeyID.count == 16)
        #expect(other.signingKeyID == tokens.signingKeyID)
        #expect(tokens.acceptedKeyIDs == [TokenForge.keyID(TokenForge.currentSecret), TokenForge.keyID(TokenForge.previousSecret)])
        // A token from one process verifies in another configured with the same secret.
        let issued = try other.sign(userID: TokenForge.userID, roles: [], sessionID: TokenForge.sessionID, now: now)
        #expect(try tokens.verify(issued.token, now: now) == issued.claims)
    }

    @Test func signingSecretShorterThan32BytesIsRefusedAtStartup() async {
        let secret = String(repeating: "s", count: 31)
        await #expect(throws: IdentitySecurityError(.weakSigningSecret, hint: "JWT_SECRET")) {
            _ = try await AccessTokens(configuration: AccessTokenConfiguration(signingSecret: secret))
        }
    }

    @Test func previousSecretShorterThan32BytesIsRefusedAtStartup() async {
        await #expect(throws: IdentitySecurityError(.weakSigningSecret, hint: "JWT_PREVIOUS_SECRETS")) {
            _ = try await AccessTokens(
                configuration: AccessTokenConfiguration(signingSecret: TokenForge.currentSecret, previousSecrets: ["short"])
            )
        }
    }

    @Test func nonPositiveLifetimeIsRefusedAtStartup() async {
        await #expect(throws: IdentitySecurityError(.invalidConfiguration, hint: "access token lifetime / leeway")) {
            _ = try await AccessTokens(
                configuration: AccessTokenConfiguration(signingSecret: TokenForge.currentSecret, lifetime: .zero)
            )
        }
    }

    // MARK: Key rotation

    @Test func tokenSignedWithAPreviousSecretIsStillAccepted() async throws {
        let beforeRotation = try await AccessTokens(
            configuration: AccessTokenConfiguration(signingSecret: TokenForge.previousSecret)
        )
        let issued = try beforeRotation.sign(userID: TokenForge.userID, roles: ["member"], sessionID: TokenForge.sessionID, now: now)
        #expect(try tokens.verify(issued.token, now: now.addingTimeInterval(5)) == issued.claims)
        // And a hand-made one under the previous kid, for good measure.
        let forged = TokenForge.token(
            header: TokenForge.header(kid: TokenForge.keyID(TokenForge.previousSecret)),
            payload: TokenForge.payload(),
            signature: .hs256(secret: TokenForge.previousSecret)
        )
        #expect(try tokens.verify(forged, now: now).userID == TokenForge.userID)
    }

    @Test func tokenSignedWithARetiredSecretIsRejectedOnceTheSecretIsDropped() async throws {
        let afterCleanup = try await AccessTokens(configuration: AccessTokenConfiguration(signingSecret: TokenForge.currentSecret))
        let forged = TokenForge.token(
            header: TokenForge.header(kid: TokenForge.keyID(TokenForge.previousSecret)),
            payload: TokenForge.payload(),
            signature: .hs256(secret: TokenForge.previousSecret)
        )
        #expect(throws: IdentitySecurityError(.tokenUnknownKey)) { try afterCleanup.verify(forged, now: now) }
    }

    @Test func tokenSignedWithAnUnknownSecretIsRejectedAsUnknownKey() {
        let forged = TokenForge.token(
            header: TokenForge.header(kid: TokenForge.keyID(TokenForge.unknownSecret)),
            payload: TokenForge.payload(),
            signature: .hs256(secret: TokenForge.unknownSecret)
        )
        #expect(refusal(forged) == .tokenUnknownKey)
    }

    @Test func tokenWithoutKidIsRejectedAsUnknownKeyEvenWhenSignedWithTheCurrentSecret() {
        let forged = TokenForge.token(
            header: TokenForge.header(kid: nil), payload: TokenForge.payload(), signature: .hs256(secret: TokenForge.currentSecret)
        )
        #expect(refusal(forged) == .tokenUnknownKey)
    }

    @Test func tokenClaimingTheCurrentKidButSignedWithAnotherKeyIsRejectedAsBadSignature() {
        let forged = TokenForge.token(
            header: TokenForge.header(), payload: TokenForge.payload(), signature: .hs256(secret: TokenForge.unknownSecret)
        )
        #expect(refusal(forged) == .tokenSignatureInvalid)
    }

    // MARK: Algorithm attacks

    @Test(arguments: ["none", "None", "NONE", "nOnE"])
    func unsignedAlgNoneTokenIsRejected(alg: String) {
        let forged = TokenForge.token(header: TokenForge.header(alg: alg), payload: TokenForge.payload(), signature: .none)
        #expect(refusal(forged) == .tokenAlgorithmNone)
        // Even with a valid HS256 signature appended, "none" stays refused.
        let signed = TokenForge.token(
            header: TokenForge.header(alg: alg), payload: TokenForge.payload(), signature: .hs256(secret: TokenForge.currentSecret)
        )
        #expect(refusal(signed) == .tokenAlgorithmNone)
    }

    @Test func hs512SignedTokenWithTheRightSecretIsRejectedAsAlgorithmNotAllowed() {
        let forged = TokenForge.token(
            header: TokenForge.header(alg: "HS512"), payload: TokenForge.payload(), signature: .hs512(secret: TokenForge.currentSecret)
        )
        #expect(refusal(forged) == .tokenAlgorithmNotAllowed)
    }

    @Test(arguments: ["RS256", "ES256", "PS256", "HS384", "HS512", "hs256", "EdDSA"])
    func anyAlgorithmNameOtherThanHS256IsRejectedEvenWithAValidHS256Signature(alg: String) {
        // The alg-confusion attack: the MAC is right, but the header claims another algorithm.
        let forged = TokenForge.token(
            header: TokenForge.header(alg: alg), payload: TokenForge.payload(), signature: .hs256(secret: TokenForge.currentSecret)
        )
        #expect(refusal(forged) == .tokenAlgorithmNotAllowed)
    }

    @Test func tokenWithoutAlgIsRejectedAsMalformed() {
        let forged = TokenForge.token(
            header: "{\"kid\":\"\(TokenForge.keyID(TokenForge.currentSecret))\"}",
            payload: TokenForge.payload(),
            signature: .hs256(secret: TokenForge.currentSecret)
        )
        #expect(refusal(forged) == .tokenMalformed)
    }

    @Test func tokenWithCriticalHeaderExtensionsIsRejected() {
        let forged = TokenForge.token(
            header: TokenForge.header(extra: "\"crit\":[\"exp\"]"), payload: TokenForge.payload(),
            signature: .hs256(secret: TokenForge.currentSecret)
        )
        #expect(refusal(forged) == .tokenMalformed)
    }

    // MARK: Tampering and malformed input

    @Test func payloadWithAChangedClaimIsRejectedAsBadSignature() throws {
        let token = try tokens.sign(userID: TokenForge.userID, roles: ["member"], sessionID: TokenForge.sessionID, now: now).token
        let parts = token.split(separator: ".").map(String.init)
        let json = try #require(Data(base64Encoded: base64(parts[1])))
        let escalated = String(decoding: json, as: UTF8.self).replacingOccurrences(of: "member", with: "admin!")
        #expect(escalated != String(decoding: json, as: UTF8.self))
        let tampered = parts[0] + "." + TokenForge.base64URL(escalated) + "." + parts[2]
        #expect(refusal(tampered) == .tokenSignatureInvalid)
    }

    @Test func payloadWithOneFlippedBase64CharacterIsRejectedAsBadSignature() throws {
        let token = try tokens.sign(userID: TokenForge.userID, roles: ["member"], sessionID: TokenForge.sessionID, now: now).token
        var parts = token.split(separator: ".").map { Array($0.utf8) }
        let index = parts[1].count / 2
        parts[1][index] = parts[1][index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tampered = parts.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
        #expect(refusal(tampered) == .tokenSignatureInvalid)
    }

    @Test func signatureWithAFlippedCharacterIsRejected() throws {
        let token = try tokens.sign(userID: TokenForge.userID, roles: [], sessionID: TokenForge.sessionID, now: now).token
        var bytes = Array(token.utf8)
        let index = bytes.count - 10
        bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(refusal(String(decoding: bytes, as: UTF8.self)) == .tokenSignatureInvalid)
    }

    @Test func signatureSpelledWithNonZeroPaddingBitsIsRejectedSoEachTokenHasOneSpelling() throws {
        // 32 signature bytes end in a symbol with 2 unused bits; "A" → "B" only sets one of them.
        let token = try tokens.sign(userID: TokenForge.userID, roles: [], sessionID: TokenForge.sessionID, now: now).token
        let last = try #require(token.last)
        let base64Symbols = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let value = try #require(base64Symbols.firstIndex(of: last))
        let respelled = String(token.dropLast()) + String(base64Symbols[value | 1])
        #expect(respelled != token)
        #expect(refusal(respelled) == .tokenMalformed)
    }

    @Test(arguments: [
        "", "abc", "a.b", "a.b.c.d", "..", "e30.e30.", "!!!.e30.sig",
        "eyJhbGciOiJIUzI1NiJ9=.e30.abc",  // padding is not base64url
        "bm90IGpzb24.e30.abc",  // header is "not json"
    ])
    func malformedTokensAreRejectedAsMalformed(token: String) {
        #expect(refusal(token) == .tokenMalformed)
    }

    @Test func oversizedTokenIsRejectedAsMalformedBeforeAnyParsing() {
        let huge = TokenForge.valid(payload: TokenForge.payload(roles: "[\"" + String(repeating: "r", count: 9000) + "\"]"))
        #expect(refusal(huge) == .tokenMalformed)
    }

    @Test func signedPayloadThatIsNotAJSONObjectIsRejectedAsMalformed() {
        #expect(refusal(TokenForge.valid(payload: "[1,2,3]")) == .tokenMalformed)
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(roles: "\"admin\""))) == .tokenMalformed)
    }

    // MARK: Claims

    @Test func tokenPastItsExpiryIsRejectedAsExpired() {
        let token = TokenForge.valid()
        #expect(refusal(token, at: now.addingTimeInterval(899)) == nil)
        #expect(refusal(token, at: now.addingTimeInterval(900)) == .tokenExpired)
        #expect(refusal(token, at: now.addingTimeInterval(86_400)) == .tokenExpired)
    }

    @Test func tokenWithNotBeforeInTheFutureBeyondTheLeewayIsRejected() {
        let start = Int(now.timeIntervalSince1970)
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(nbf: start + 31))) == .tokenNotYetValid)
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(nbf: start + 30))) == nil)
    }

    @Test func aTokenAlreadyVerifiedStillHasItsTimesCheckedOnEveryUse() {
        // The first verify caches the token; later ones must still apply exp and nbf.
        let start = Int(now.timeIntervalSince1970)
        let token = TokenForge.valid(payload: TokenForge.payload(nbf: start + 100))
        #expect(refusal(token, at: now.addingTimeInterval(100)) == nil)
        #expect(refusal(token, at: now) == .tokenNotYetValid)
        #expect(refusal(token, at: now.addingTimeInterval(899)) == nil)
        #expect(refusal(token, at: now.addingTimeInterval(900)) == .tokenExpired)
    }

    @Test func aCachedTokenWithAnAlteredSignatureIsNotAccepted() throws {
        let token = TokenForge.valid()
        #expect(refusal(token) == nil)
        var altered = Array(token)
        altered[altered.count - 2] = altered[altered.count - 2] == "A" ? "B" : "A"
        #expect(refusal(String(altered)) == .tokenSignatureInvalid)
    }

    @Test func theVerifiedTokenCacheStaysWithinItsCapacity() throws {
        let cache = VerifiedTokenCache(capacity: 3)
        let claims = try tokens.sign(userID: TokenForge.userID, roles: [], sessionID: TokenForge.sessionID, now: now).claims
        for index in 0..<10 {
            cache.insert(claims, notBefore: now, for: "token-\(index)")
        }
        let kept = (0..<10).filter { cache.claims(for: "token-\($0)") != nil }
        #expect(kept.count <= 3)
        #expect(kept.contains(9), "the newest entry is always kept")
    }

    @Test func tokenIssuedInTheFutureBeyondTheLeewayIsRejected() {
        let start = Int(now.timeIntervalSince1970)
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(iat: start + 31))) == .tokenNotYetValid)
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(iat: start + 30))) == nil)
    }

    @Test func tokenWithoutJtiIsRejected() {
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(jti: nil))) == .tokenInvalidTokenID)
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(jti: "not-a-uuid"))) == .tokenInvalidTokenID)
    }

    @Test func tokenWithoutAValidSubjectIsRejected() {
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(sub: nil))) == .tokenInvalidSubject)
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(sub: "admin"))) == .tokenInvalidSubject)
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(sub: ""))) == .tokenInvalidSubject)
    }

    @Test func tokenWithoutExpiryIssueTimeOrRolesIsRejectedAsMissingClaim() {
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(exp: nil))) == .tokenMissingClaim)
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(iat: nil))) == .tokenMissingClaim)
        #expect(refusal(TokenForge.valid(payload: TokenForge.payload(roles: nil))) == .tokenMissingClaim)
    }

    @Test func refusalDescriptionsNeverContainTheToken() {
        let token = TokenForge.valid()
        do {
            _ = try tokens.verify(token, now: now.addingTimeInterval(10_000))
            Issue.record("an expired token was accepted")
        } catch {
            #expect(error.code == .tokenExpired)
            #expect(!error.description.contains(token))
            #expect(!error.description.contains(token.split(separator: ".")[2]))
            #expect(error.isAuthenticationFailure)
        }
    }

    private func base64(_ base64URL: String) -> String {
        let standard = base64URL.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return standard + String(repeating: "=", count: (4 - standard.count % 4) % 4)
    }
}
