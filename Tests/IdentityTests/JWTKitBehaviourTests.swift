import Foundation
@testable import Identity
import JWTKit
import Testing

/// What jwt-kit 5 itself does with hostile headers. These tests pin down why `AccessTokens`
/// checks `alg` and `kid` itself; if jwt-kit becomes stricter they fail, and the explicit checks
/// can be reconsidered (not removed blindly).
@Suite("jwt-kit behaviour")
struct JWTKitBehaviourTests {
    struct AnyPayload: JWTPayload {
        var sub: SubjectClaim?
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    let currentKID = JWKIdentifier(string: TokenForge.keyID(TokenForge.currentSecret))

    func collection() async -> JWTKeyCollection {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: TokenForge.currentSecret), digestAlgorithm: .sha256, kid: currentKID)
        return keys
    }

    func accepts(_ keys: JWTKeyCollection, _ token: String) async -> Bool {
        (try? await keys.verify(token, as: AnyPayload.self)) != nil
    }

    @Test func jwtKitRejectsAnUnsignedAlgNoneToken() async {
        let forged = TokenForge.token(header: TokenForge.header(alg: "none"), payload: TokenForge.payload(), signature: .none)
        #expect(await !accepts(collection(), forged))
    }

    @Test func jwtKitRejectsAnHS512SignatureForAnHS256Key() async {
        let forged = TokenForge.token(
            header: TokenForge.header(alg: "HS512"), payload: TokenForge.payload(), signature: .hs512(secret: TokenForge.currentSecret)
        )
        #expect(await !accepts(collection(), forged))
    }

    @Test func jwtKitIgnoresTheHeaderAlgForHMACKeysSoAccessTokensMustCheckIt() async throws {
        // Header says RS256, signature is HS256 with the right key: jwt-kit accepts the token.
        let forged = TokenForge.token(
            header: TokenForge.header(alg: "RS256"), payload: TokenForge.payload(), signature: .hs256(secret: TokenForge.currentSecret)
        )
        #expect(await accepts(collection(), forged))
        let tokens = try await AccessTokens(configuration: AccessTokenConfiguration(signingSecret: TokenForge.currentSecret))
        #expect(throws: IdentitySecurityError(.tokenAlgorithmNotAllowed)) { try tokens.verify(forged, now: TokenForge.now) }
    }

    @Test func jwtKitFallsBackToTheDefaultKeyForAnUnknownKidSoAccessTokensMustCheckIt() async throws {
        let forged = TokenForge.token(
            header: TokenForge.header(kid: "no-such-key"), payload: TokenForge.payload(), signature: .hs256(secret: TokenForge.currentSecret)
        )
        #expect(await accepts(collection(), forged))
        let tokens = try await AccessTokens(configuration: AccessTokenConfiguration(signingSecret: TokenForge.currentSecret))
        #expect(throws: IdentitySecurityError(.tokenUnknownKey)) { try tokens.verify(forged, now: TokenForge.now) }
    }

    @Test func tokensFromAccessTokensVerifyWithPlainJWTKitSoTheFormatIsStandard() async throws {
        let tokens = try await AccessTokens(configuration: AccessTokenConfiguration(signingSecret: TokenForge.currentSecret))
        let issued = try tokens.sign(userID: TokenForge.userID, roles: ["member"], sessionID: TokenForge.sessionID, now: Date())
        let payload = try await collection().verify(issued.token, as: AnyPayload.self)
        #expect(payload.sub?.value == TokenForge.userID.uuidString.lowercased())
    }
}
