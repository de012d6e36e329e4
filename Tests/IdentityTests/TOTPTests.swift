import Crypto
import Foundation
import Testing

@testable import Identity

@Suite("TOTP")
struct TOTPTests {
    /// RFC 6238 appendix B uses the ASCII seed "12345678901234567890" for SHA-1.
    static let rfcSecret = Array("12345678901234567890".utf8)

    /// RFC 6238 appendix B, SHA-1 rows: Unix time and the 8-digit TOTP.
    static let rfcVectors: [(time: TimeInterval, code: String)] = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ]

    @Test(arguments: rfcVectors)
    func eightDigitCodesMatchRFC6238AppendixB(vector: (time: TimeInterval, code: String)) throws {
        let step = try #require(TOTP.timeStep(at: Date(timeIntervalSince1970: vector.time)))
        let code = TOTP.code(key: SymmetricKey(data: Self.rfcSecret), counter: UInt64(step), digits: 8)
        #expect(code == vector.code)
    }

    @Test(arguments: rfcVectors)
    func sixDigitCodesAreTheLastSixDigitsOfTheRFCVectors(vector: (time: TimeInterval, code: String)) {
        let date = Date(timeIntervalSince1970: vector.time)
        let expected = String(vector.code.suffix(6))
        #expect(TOTP.code(secret: Self.rfcSecret, at: date) == expected)
        #expect(TOTP.verify(code: expected, secret: Self.rfcSecret, now: date) == Int64(vector.time) / 30)
    }

    @Test func codesOfThePreviousAndNextStepAreAcceptedButNotTwoStepsAway() throws {
        let secret = TOTP.generateSecret()
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let current = try #require(TOTP.timeStep(at: now))
        for offset in -2...2 {
            let code = try #require(TOTP.code(secret: secret, at: now.addingTimeInterval(TimeInterval(offset * 30))))
            let matched = TOTP.verify(code: code, secret: secret, now: now)
            if abs(offset) <= 1 {
                #expect(matched == current + Int64(offset), "offset \(offset)")
            } else {
                #expect(matched == nil, "offset \(offset)")
            }
        }
    }

    @Test func aCodeIsRefusedOnceItsStepHasBeenUsed() throws {
        let secret = TOTP.generateSecret()
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let code = try #require(TOTP.code(secret: secret, at: now))
        let step = try #require(TOTP.verify(code: code, secret: secret, now: now))
        #expect(TOTP.verify(code: code, secret: secret, now: now, lastUsedStep: step) == nil)
        #expect(TOTP.verify(code: code, secret: secret, now: now.addingTimeInterval(20), lastUsedStep: step) == nil)
        #expect(TOTP.verify(code: code, secret: secret, now: now, lastUsedStep: step - 1) == step)
        // The code of an earlier step, still inside the window, is refused after a later one was used.
        let previous = try #require(TOTP.code(secret: secret, at: now.addingTimeInterval(-30)))
        #expect(TOTP.verify(code: previous, secret: secret, now: now, lastUsedStep: step) == nil)
    }

    @Test func wrongOrMalformedCodesAreRefused() throws {
        let now = Date(timeIntervalSince1970: 59)
        #expect(TOTP.verify(code: "287 082", secret: Self.rfcSecret, now: now) == 1)
        #expect(TOTP.verify(code: "287083", secret: Self.rfcSecret, now: now) == nil)
        #expect(TOTP.verify(code: "94287082", secret: Self.rfcSecret, now: now) == nil)
        #expect(TOTP.verify(code: "28708", secret: Self.rfcSecret, now: now) == nil)
        #expect(TOTP.verify(code: "", secret: Self.rfcSecret, now: now) == nil)
        #expect(TOTP.verify(code: "２８７０８２", secret: Self.rfcSecret, now: now) == nil)  // full-width digits
        #expect(TOTP.verify(code: "287082", secret: TOTP.generateSecret(), now: now) == nil)
        #expect(TOTP.verify(code: "287082", secret: Self.rfcSecret, now: Date(timeIntervalSince1970: -1)) == nil)
    }

    @Test func generatedSecretsAreTwentyRandomBytes() {
        let secrets = (0..<50).map { _ in TOTP.generateSecret() }
        #expect(secrets.allSatisfy { $0.count == 20 })
        #expect(Set(secrets).count == 50)
    }

    @Test func base32MatchesRFC4648VectorsWithoutPadding() {
        let vectors = ["": "", "f": "MY", "fo": "MZXQ", "foo": "MZXW6", "foob": "MZXW6YQ", "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI"]
        for (input, expected) in vectors {
            #expect(TOTP.base32(Array(input.utf8)) == expected)
        }
        #expect(TOTP.base32(Self.rfcSecret) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    }

    @Test func provisioningURIHasEveryParameterAndPercentEncodesIssuerAndAccount() {
        let uri = TOTP(issuer: "Relais Co").provisioningURI(secret: Self.rfcSecret, account: "alice+1@example.com")
        #expect(
            uri == "otpauth://totp/Relais%20Co:alice%2B1%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Relais%20Co&algorithm=SHA1&digits=6&period=30"
        )
        // A colon or query character inside the names cannot break the label or the query.
        let hostile = TOTP(issuer: "A:B&c=d").provisioningURI(secret: [1, 2, 3], account: "x:y?#é")
        #expect(hostile.hasPrefix("otpauth://totp/A%3AB%26c%3Dd:x%3Ay%3F%23%C3%A9?secret=AEBAG&issuer=A%3AB%26c%3Dd&"))
        #expect(URLComponents(string: hostile)?.queryItems?.first { $0.name == "issuer" }?.value == "A:B&c=d")
    }
}
